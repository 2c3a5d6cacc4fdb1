"""Call-centre exports: recognised by content, read with each field's meaning, bad records reported one by one."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from piiaudit.detectors.media import ScreenRecordingDetector, VoiceRecordingDetector
from piiaudit.scanner.cli import main
from piiaudit.scanner.model import FieldBatch, FieldContext, RecordError
from piiaudit.scanner.sources import discover

from .conftest import SAMPLE

CALLCENTRE = SAMPLE / "callcentre"
MASTER_CSV_ROW = (
    '"corallink","0412345678","0731234567","from-trunk","""Jane Citizen"" <0412345678>",'
    '"SIP/203.0.113.5-0000001a","SIP/2041-0000001b","Dial","SIP/2041,30,tT","2026-10-01 09:00:00",'
    '"2026-10-01 09:00:05","2026-10-01 09:03:05",185,180,"ANSWERED","DOCUMENTATION","1790802000.26",'
    '"/var/spool/asterisk/monitor/2026/10/01/in-0731234567-0412345678-20261001-090000-1790802000.26.wav"\n'
)
CTR = {
    "AWSAccountId": "685980427997",
    "Channel": "VOICE",
    "ContactId": "58256602-47a4-41c7-886b-a622dc3b2187",
    "CustomerEndpoint": {"Address": "+61412345678", "Type": "TELEPHONE_NUMBER"},
    "InitiationMethod": "INBOUND",
    "InstanceARN": "arn:aws:connect:ap-southeast-2:685980427997:instance/c3ca8fa3",
    "SystemEndpoint": {"Address": "+61731234567", "Type": "TELEPHONE_NUMBER"},
}


def kind_of_file(path: Path) -> str:
    (source,) = discover([path])
    return source.kind


def batches(path: Path, kind: str | None = None) -> tuple[dict[str, FieldBatch], list[RecordError]]:
    (source,) = discover([path], kind=kind)
    items = list(source.read())
    found = {i.container: i for i in items if isinstance(i, FieldBatch)}
    return found, [i for i in items if isinstance(i, RecordError)]


def findings_by_field(report: dict, source: str) -> dict[tuple[str, str], dict]:
    return {(f["container"], f["entity"]): f for f in report["findings"] if f["source"] == source}


# --- recognition ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("callcentre/asterisk/Master.csv", "asterisk-cdr"),
        ("callcentre/asterisk/freepbx_cdr.csv", "asterisk-cdr"),
        ("callcentre/freeswitch/Master.csv", "freeswitch-cdr"),
        ("callcentre/twilio/calls.json", "twilio-calls"),
        ("callcentre/twilio/messages.csv", "twilio-sms"),
        ("callcentre/amazon_connect/ctr.jsonl", "amazon-connect-ctr"),
        ("callcentre/genesys/conversation_details.json", "genesys-conversations"),
        ("callcentre/webchat/chats.json", "webchat"),
        ("callcentre/twitter/data/tweets.js", "twitter-archive"),
        ("chat_transcripts.jsonl", "webchat"),
        ("cdr.csv", "csv"),
        ("crm_customers.csv", "csv"),
        ("inventory.csv", "csv"),
    ],
)
def test_each_export_is_recognised_by_its_content(path, kind):
    assert kind_of_file(SAMPLE / path) == kind


@pytest.mark.parametrize(
    ("name", "content", "kind", "meanings"),
    [
        (
            "freeswitch.csv",
            "caller_id_name,caller_id_number,destination_number,network_addr,start_stamp\n"
            "Jane Citizen,0412345678,0731234567,203.0.113.5,2026-10-01 09:00:00\n",
            "freeswitch-cdr",
            {"caller_id_name": "person_name", "caller_id_number": "caller_id", "network_addr": "ip_address"},
        ),
        (
            "calls.csv",
            "Sid,DateCreated,From,To,Status,Direction,Duration,CallerName\n"
            "CA0123,2026-10-01 09:00:00,+14155550100,+61731234567,completed,inbound,63,Jane Citizen\n",
            "twilio-calls",
            {"From": "caller_id", "To": "phone_number", "CallerName": "person_name", "Sid": "identifier"},
        ),
        (
            "messages.json",
            json.dumps({"messages": [{"sid": "SM01", "from": "+61412345678", "to": "+61731234567",
                                      "body": "call me on 0412 345 678 please"}], "page": 0}),
            "twilio-sms",
            {"from": "phone_number", "to": "phone_number", "body": "message"},
        ),
        (
            "transcript.json",
            json.dumps({"conversation_id": "c1", "customer": {"name": "Jane Citizen"},
                        "messages": [{"from": "customer", "text": "hi, it's Jane"}]}),
            "webchat",
            {"customer.name": "person_name", "messages.text": "message", "conversation_id": "identifier"},
        ),
    ],
)  # fmt: skip
def test_the_other_syntax_of_a_format(tmp_path, name, content, kind, meanings):
    path = tmp_path / name
    path.write_text(content)
    assert kind_of_file(path) == kind
    fields, errors = batches(path)
    assert not errors
    assert {container: fields[container].meaning for container in meanings} == meanings


def test_freeswitch_json_cdrs_are_recognised_one_file_per_call():
    files = sorted((CALLCENTRE / "freeswitch" / "json_cdr").glob("*.cdr.json"))
    assert len(files) >= 3
    assert {kind_of_file(f) for f in files} == {"freeswitch-cdr"}


def test_the_report_names_each_sources_format(sample_report):
    report, _, _ = sample_report
    kinds = {s["uri"]: s["kind"] for s in report["sources"]}
    assert kinds["callcentre/asterisk/Master.csv"] == "asterisk-cdr"
    assert kinds["callcentre/freeswitch/Master.csv"] == "freeswitch-cdr"
    assert all(s["status"] == "ok" and not s["record_errors"] for s in report["sources"])


# --- what each field means, end to end on the sample exports ---------------------------------------
@pytest.mark.parametrize(
    ("source", "container", "entity", "reason"),
    [
        ("asterisk/Master.csv", "clid", "CALLER_ID", "meaning:caller_id"),
        ("asterisk/Master.csv", "src", "CALLER_ID", "meaning:caller_id"),
        ("asterisk/Master.csv", "dst", "PHONE_NUMBER", "meaning:phone_number"),
        ("asterisk/Master.csv", "channel", "IP_ADDRESS", "meaning:ip_address"),
        ("asterisk/Master.csv", "userfield", "VOICE_RECORDING", "text:monitor"),
        ("asterisk/freepbx_cdr.csv", "cnum", "CALLER_ID", "meaning:caller_id"),
        ("asterisk/freepbx_cdr.csv", "cnam", "PERSON", "meaning:person_name"),
        ("asterisk/freepbx_cdr.csv", "recordingfile", "VOICE_RECORDING", "meaning:recording"),
        ("freeswitch/Master.csv", "caller_id_number", "CALLER_ID", "meaning:caller_id"),
        ("freeswitch/Master.csv", "caller_id_name", "PERSON", "meaning:person_name"),
        ("freeswitch/Master.csv", "destination_number", "PHONE_NUMBER", "meaning:phone_number"),
        ("twilio/calls.json", "from", "CALLER_ID", "meaning:caller_id"),
        ("twilio/calls.json", "to", "PHONE_NUMBER", "meaning:phone_number"),
        ("twilio/calls.json", "caller_name", "PERSON", "meaning:person_name"),
        ("twilio/messages.csv", "From", "PHONE_NUMBER", "meaning:phone_number"),
        ("amazon_connect/ctr.jsonl", "CustomerEndpoint.Address", "CALLER_ID", "meaning:caller_id"),
        ("amazon_connect/ctr.jsonl", "SystemEndpoint.Address", "PHONE_NUMBER", "meaning:phone_number"),
        ("amazon_connect/ctr.jsonl", "Recording.Location", "VOICE_RECORDING", "meaning:recording"),
        ("amazon_connect/ctr.jsonl", "Recordings.Location", "SCREEN_RECORDING", "meaning:recording"),
        ("genesys/conversation_details.json", "participants.sessions.ani", "CALLER_ID", "meaning:caller_id"),
        ("genesys/conversation_details.json", "participants.sessions.dnis", "PHONE_NUMBER", "meaning:phone_number"),
        ("genesys/conversation_details.json", "participants.participantName", "PERSON", "meaning:person_name"),
        ("webchat/chats.json", "session.ip", "IP_ADDRESS", "meaning:ip_address"),
        ("twitter/data/tweets.js", "tweet.in_reply_to_screen_name", "TWITTER_HANDLE", "meaning:screen_name"),
        ("twitter/data/tweets.js", "tweet.full_text", "TWITTER_HANDLE", "meaning:tweet"),
        ("twitter/data/tweets.js", "tweet.entities.user_mentions.name", "PERSON", "meaning:person_name"),
    ],
)  # fmt: skip
def test_each_field_is_scanned_with_its_meaning(sample_report, source, container, entity, reason):
    report, _, _ = sample_report
    finding = findings_by_field(report, f"callcentre/{source}").get((container, entity))
    assert finding, f"no {entity} in {source}:{container}"
    assert any(r.split(" ×")[0] == f"context:{reason}" for r in finding["reasons"]), finding["reasons"]


def test_a_meaning_overrides_what_the_column_name_suggests(sample_report):
    """Twilio's SMS ``From`` is a sender's number, not a Caller ID, though ``from`` reads like one."""
    report, _, _ = sample_report
    fields = findings_by_field(report, "callcentre/twilio/messages.csv")
    assert ("From", "PHONE_NUMBER") in fields and ("From", "CALLER_ID") not in fields
    assert not [key for key in fields if key[0] in ("Sid", "SentDate", "AccountSid")]


def test_message_bodies_are_free_text(sample_report):
    _, _, occurrences = sample_report
    inside = {
        (o["source"], o["container"], o["entity"])
        for o in map(json.loads, occurrences.read_text().splitlines())
        if o["start"] > 0  # found inside a sentence, not as a whole cell
    }
    assert ("callcentre/twilio/messages.csv", "Body", "PHONE_NUMBER") in inside
    assert ("callcentre/twilio/messages.csv", "Body", "EMAIL_ADDRESS") in inside
    assert ("callcentre/webchat/chats.json", "history.msg", "EMAIL_ADDRESS") in inside
    assert ("callcentre/twitter/data/tweets.js", "tweet.full_text", "TWITTER_HANDLE") not in inside  # at position 0
    bodies, _ = batches(CALLCENTRE / "twilio" / "messages.csv")
    assert bodies["Body"].free_text is True and bodies["From"].free_text is False


def test_no_planted_callcentre_value_appears_in_any_output(sample_report, monkeypatch):
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, generate)  # dataclasses look their module up
    spec.loader.exec_module(generate)
    _, plants = generate.build_corpus()
    values = {p.value for p in plants if p.source.startswith("callcentre/") and len(p.value) >= 5}
    assert len(values) > 400
    _, report_path, occurrences = sample_report
    for path in (report_path, occurrences):
        text = path.read_text()
        assert not [v for v in values if v in text], f"{path.name} leaks a planted value"


def test_recordings_are_masked_to_scheme_host_and_extension(sample_report):
    report, _, _ = sample_report
    fields = findings_by_field(report, "callcentre/amazon_connect/ctr.jsonl")
    assert all(e["masked"] == "****.webm" for e in fields[("Recordings.Location", "SCREEN_RECORDING")]["examples"])
    cdr = findings_by_field(report, "cdr.csv")[("recording_url", "VOICE_RECORDING")]
    assert cdr["examples"][0]["masked"] == "https://recordings.corallink.com.au/****.wav"


# --- readers on small real files ---------------------------------------------------------------------
def test_master_csv_columns_get_their_standard_names_and_meanings(engine, tmp_path):
    path = tmp_path / "Master.csv"
    path.write_text(MASTER_CSV_ROW * 3)
    fields, errors = batches(path)
    assert not errors and fields["clid"].rows == [1, 2, 3]  # no header row
    assert (fields["clid"].meaning, fields["src"].meaning, fields["channel"].meaning) == (
        "caller_id",
        "caller_id",
        "ip_address",
    )
    found = {(b.container, o.entity, o.masked) for b in fields.values() for o in engine.scan("Master.csv", b)}
    assert ("clid", "CALLER_ID", '"J*** C***" <********78>') in found
    assert ("src", "CALLER_ID", "********78") in found
    assert ("channel", "IP_ADDRESS", "203.***.***.***") in found
    assert ("userfield", "VOICE_RECORDING", "****.wav") in found
    assert not [f for f in found if f[0] in ("uniqueid", "start", "duration", "lastdata")]


def test_a_row_with_the_wrong_column_count_is_a_record_error(engine, tmp_path):
    path = tmp_path / "Master.csv"
    broken = MASTER_CSV_ROW.replace('"DOCUMENTATION",', "")
    path.write_text(MASTER_CSV_ROW + broken + MASTER_CSV_ROW)
    fields, errors = batches(path)
    assert errors == [RecordError(2, "expected 18 fields, got 17")]
    assert fields["src"].rows == [1, 3]


def test_broken_and_foreign_json_records_are_reported_and_the_rest_is_read(tmp_path):
    path = tmp_path / "ctr.jsonl"
    foreign = {"ContactId": "x", "Channel": "VOICE"}
    path.write_text("\n".join([json.dumps(CTR), "{broken", json.dumps(foreign), "[1, 2]", json.dumps(CTR)]) + "\n")
    fields, errors = batches(path)
    assert [(e.row, e.reason.split(":")[0]) for e in errors] == [
        (2, "invalid JSON"),
        (3, "not an Amazon Connect contact trace record"),
        (4, "not an Amazon Connect contact trace record"),
    ]
    assert "no InitiationMethod, InstanceARN" in errors[1].reason and "not a JSON object" in errors[2].reason
    assert fields["CustomerEndpoint.Address"].rows == [1, 5]


def test_records_written_back_to_back_are_read_one_by_one(tmp_path):
    path = tmp_path / "firehose-output.json"
    path.write_text(json.dumps(CTR) + json.dumps(CTR) + "{oops\n" + json.dumps(CTR))
    assert kind_of_file(path) == "amazon-connect-ctr"
    fields, errors = batches(path)
    assert fields["CustomerEndpoint.Address"].rows == [1, 2, 4]
    assert [e.row for e in errors] == [3]


def test_a_broken_json_document_is_an_unreadable_source(engine, tmp_path):
    path = tmp_path / "conversations.json"
    path.write_text('{"conversations": [{"conversationId": "c1", "participants": []}, {"conversationId": ')
    from piiaudit.scanner.run.local import Scan

    (result,) = Scan(engine).run(list(discover([path], kind="genesys-conversations")), [path]).sources
    assert result.status == "error" and result.error.startswith("invalid JSON")


def test_freeswitch_json_values_are_url_decoded(tmp_path):
    path = tmp_path / "0b6c.cdr.json"
    record = {"variables": {"sip_from_display": "Jane%20Citizen", "sip_from_user": "%2B61412345678"}, "callflow": []}
    path.write_text(json.dumps(record))
    fields, _ = batches(path)
    assert fields["variables.sip_from_display"].values == ["Jane Citizen"]
    assert fields["variables.sip_from_user"].values == ["+61412345678"]


def test_twitter_archive_in_its_plain_json_form(engine, tmp_path):
    tweets = [
        {"tweet": {"id_str": "2105502701071589422", "full_text": "@jane_c thanks, we've replied to your DM",
                   "in_reply_to_screen_name": "jane_c",
                   "entities": {"user_mentions": [{"screen_name": "jane_c", "name": "Jane Citizen"}]}}}
    ]  # fmt: skip
    path = tmp_path / "tweets.json"
    path.write_text(json.dumps(tweets))
    assert kind_of_file(path) == "twitter-archive"
    fields, _ = batches(path)
    found = {(b.container, o.entity) for b in fields.values() for o in engine.scan("tweets.json", b)}
    assert found == {
        ("tweet.full_text", "TWITTER_HANDLE"),
        ("tweet.in_reply_to_screen_name", "TWITTER_HANDLE"),
        ("tweet.entities.user_mentions.screen_name", "TWITTER_HANDLE"),
        ("tweet.entities.user_mentions.name", "PERSON"),
    }


def test_js_files_that_are_no_twitter_archive_are_not_scanned(tmp_path):
    (tmp_path / "app.js").write_text("window.config = {api: 'https://example.com'};\n")
    (tmp_path / "like.js").write_text('window.YTD.like.part0 = [{"like": {"tweetId": "1"}}]')
    assert list(discover([tmp_path])) == []


# --- --kind ------------------------------------------------------------------------------------------
def test_a_rotated_file_is_read_as_its_base_name_says(tmp_path):
    rotated = tmp_path / "Master.csv.1"  # logrotate's name: the format's suffix comes before the rotation
    rotated.write_text(MASTER_CSV_ROW)
    assert [source.kind for source in discover([rotated])] == ["asterisk-cdr"]


def test_kind_forces_a_format_on_a_file_it_would_not_pick(tmp_path):
    renamed = tmp_path / "Master.cdr"  # no suffix piiaudit knows
    renamed.write_text(MASTER_CSV_ROW)
    assert list(discover([renamed])) == []
    result = CliRunner().invoke(main, ["scan", str(renamed), "--kind", "asterisk-cdr", "--format", "json"])
    report = json.loads(result.output)
    assert report["sources"][0]["kind"] == "asterisk-cdr"
    assert {(f["container"], f["entity"]) for f in report["findings"]} >= {("clid", "CALLER_ID"), ("src", "CALLER_ID")}


def test_kind_can_turn_recognition_off():
    fields, _ = batches(CALLCENTRE / "asterisk" / "Master.csv", kind="csv")
    assert "clid" not in fields and all(b.meaning is None for b in fields.values())  # first row read as a header


def test_a_wrong_kind_is_a_clear_usage_error():
    result = CliRunner().invoke(
        main, ["scan", str(CALLCENTRE / "asterisk" / "Master.csv"), "--kind", "genesys-conversations"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Master.csv is not in the Genesys Cloud conversation details format" in result.output
    result = CliRunner().invoke(main, ["scan", str(SAMPLE / "cdr.csv"), "--kind", "asterisk-cdr"])
    assert result.exit_code == 2
    assert "as 18 columns without a header: the first row has 13 fields" in result.output
    assert "as a file with a header: no src, dcontext column" in result.output


# --- recordings detectors ----------------------------------------------------------------------------
VOICE, SCREEN = VoiceRecordingDetector(), ScreenRecordingDetector()


def recordings(text: str, where: FieldContext) -> list[tuple[str, str]]:
    return [(m.entity, text[m.start : m.end]) for d in (VOICE, SCREEN) for m in d.find(text, where)]


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        ("https://rec.example.com/calls/a1.mp3", FieldContext("recording_url", False), "VOICE_RECORDING"),
        ("s3://bucket/ScreenRecordings/2026/a1.mp4", FieldContext("Recordings.Location", False), "SCREEN_RECORDING"),
        ("s3://bucket/2026/a1.mp4", FieldContext("screen_capture", False), "SCREEN_RECORDING"),
        ("s3://bucket/2026/a1.mp4", FieldContext("recording_url", False), "VOICE_RECORDING"),
        ("s3://bucket/2026/a1.wav", FieldContext("screen_recording", False), "VOICE_RECORDING"),
        ("left a voicemail, saved as /var/vm/msg0001.wav today", FieldContext(None, True), "VOICE_RECORDING"),
        ("a1.mp4", FieldContext("x", False, meaning="recording"), "VOICE_RECORDING"),
    ],
)
def test_voice_or_screen_recording(text, where, expected):
    ((entity, _),) = recordings(text, where)
    assert entity == expected


def test_media_without_recording_context_is_not_reported():
    assert recordings("hold music: /sounds/welcome.wav", FieldContext(None, True)) == []
    assert recordings("GET /static/intro.mp4 200", FieldContext(None, True)) == []
    assert recordings("welcome.wav", FieldContext("prompt", False, meaning="identifier")) == []


def test_recording_masks_keep_no_path():
    voice, screen = VoiceRecordingDetector(), ScreenRecordingDetector()
    assert voice.mask("https://user:pw@rec.example.com:8443/2026/10/jane-0412345678.wav") == (
        "https://rec.example.com/****.wav"
    )
    assert screen.mask("/home/jane.citizen/captures/screen-1.webm") == "****.webm"


def test_asterisk_newcdrcolumns_adds_three_fields(engine, tmp_path):
    path = tmp_path / "Master.csv"
    path.write_text(MASTER_CSV_ROW.replace("\n", ',"corallink","1790802000.26","41"\n') * 2)
    assert kind_of_file(path) == "asterisk-cdr"
    fields, errors = batches(path, kind="asterisk-cdr")
    assert not errors and fields["clid"].meaning == "caller_id"
    assert (fields["linkedid"].meaning, fields["sequence"].meaning, fields["peeraccount"].meaning) == (
        "identifier",
        "identifier",
        "identifier",
    )


def test_a_freeswitch_csv_resaved_by_a_spreadsheet_is_still_a_freeswitch_cdr(tmp_path):
    row = (
        "Kim Lee,+61298765432,1001,default,2020/2/10 22:41,2020/2/10 22:41,2020/2/10 22:44,180,175,"
        "NORMAL_CLEARING,6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f,,,PCMU,PCMU\n"
    )
    path = tmp_path / "Master.csv"
    path.write_text(row * 3)
    assert kind_of_file(path) == "freeswitch-cdr"
    fields, errors = batches(path)
    assert not errors and fields["caller_id_number"].meaning == "caller_id"


def test_the_pbxs_own_addresses_are_not_the_callers(engine, tmp_path):
    pbx, caller = "198.51.100.10", "203.0.113.77"
    record = {
        "variables": {
            "local_media_ip": pbx,
            "advertised_media_ip": pbx,
            "sip_local_network_addr": pbx,
            "rtp_local_sdp_str": f"v=0\no=FreeSWITCH 1 2 IN IP4 {pbx}\nc=IN IP4 {pbx}\nm=audio 22000 RTP/AVP 0",
            "sip_req_host": pbx,
            "sip_network_ip": caller,
            "remote_media_ip": caller,
        },
        "callflow": [{"caller_profile": {"network_addr": caller}}],
    }
    path = tmp_path / "a.cdr.json"
    path.write_text(json.dumps(record))
    fields, _ = batches(path)
    found = {(b.container, o.masked) for b in fields.values() for o in engine.scan("a", b) if o.entity == "IP_ADDRESS"}
    assert found == {(c, "203.***.***.***") for c in ("variables.sip_network_ip", "variables.remote_media_ip",
                                                      "callflow.caller_profile.network_addr")}  # fmt: skip
