"""Call-centre and telephony exports: how to recognise each format by content, and what its fields mean.

Every format is data (``FORMATS``): how to recognise it (the positional columns and value shapes
of a CSV file without a header, the columns of a header, the keys of a JSON record) and a map from
each field it knows (a column name or dotted JSON path, compared without case or punctuation, so
``CallerName`` is ``caller_name``) to its meaning (``scanner.meanings``). Reading tags every
field's batches with that meaning, so the detectors know that ``clid`` holds a Caller ID and that
``Body`` is prose. A record that does not fit its format (a row with the wrong number of fields, a
JSON record that is broken or lacks the format's keys) is reported with the reason; the rest is
still read. docs/callcentre-formats.md describes each format.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote

from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.model.meanings import (
    CALLER_ID,
    EMAIL,
    FREE_TEXT_MEANINGS,
    IDENTIFIER,
    IP_ADDRESS,
    MESSAGE,
    PERSON_NAME,
    PHONE_NUMBER,
    RECORDING,
    SCREEN_NAME,
    SYSTEM_ENDPOINT,
    TIMESTAMP,
    TWEET,
)
from piiaudit.scanner.sources import formats
from piiaudit.scanner.sources.datasets import format_name
from piiaudit.scanner.sources.documents import (
    MAX_DEPTH,
    READ_CHARS,
    NumberedRecord,
    batches_of,
    json_lines,
    json_stream,
    record_lines_of,
)
from piiaudit.scanner.sources.tabular import csv_head, csv_record_lines, read_csv
from piiaudit.scanner.sources.textio import SNIFF_BYTES, UnreadableSource, open_text

Item = FieldBatch | RecordError
HEAD_ROWS = 20  # rows of a CSV file looked at to recognise it
JS_ASSIGNMENT = re.compile(r"\s*window\.[\w.]+\s*=\s*")  # Twitter archive data files: window.YTD.tweets.part0 = [
NOT_KEY_CHARACTERS = re.compile(r"[^a-z0-9.]")


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """A field name as formats compare it: lower case, only letters, digits and path dots."""
    return NOT_KEY_CHARACTERS.sub("", name.lower())


def fields(meaning: str, *names: str, under: Sequence[str] = ("",)) -> dict[str, str]:
    """``{field: meaning}`` for each name, under each path prefix (``variables.``)."""
    return {normalise(prefix + name): meaning for prefix in under for name in names}


@dataclass(frozen=True)
class Shape:
    """What every value of a positional column looks like; empty cells fit only ``optional`` shapes."""

    pattern: str
    description: str
    optional: bool = False

    def fits(self, value: str) -> bool:
        return (self.optional and not value) or re.fullmatch(self.pattern, value) is not None


DATETIME = Shape(
    r"\d{4}([-/])\d{1,2}\1\d{1,2} \d{1,2}:\d{2}(?::\d{2})?|\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?",
    "a date and time",
)  # as written (2020-02-10 22:41:05), or as a spreadsheet re-saves it (2020/2/10 22:41, 2/10/2020 22:41)
OPTIONAL_DATETIME = replace(DATETIME, optional=True)
COUNT = Shape(r"\d+", "a whole number")
UUID = Shape(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", "a UUID")


@dataclass(frozen=True)
class CallCentreFormat:
    """One export format: how to recognise it and what its fields mean (see the module docstring)."""

    kind: str
    title: str
    meanings: Mapping[str, str]
    columns: tuple[str, ...] = ()  # CSV without a header: the columns in order
    appended: tuple[str, ...] = ()  # ... and the columns an option appends to them (Asterisk's newcdrcolumns)
    shapes: Mapping[str, Shape] = field(default_factory=dict)  # ... and what their values look like
    header: tuple[str, ...] = ()  # CSV with a header: the columns it must have
    keys: tuple[frozenset[str], ...] = ()  # JSON: a record has all the keys of one of these sets
    record: str = ""  # JSON: what one record is called, with its article
    record_lists: tuple[str, ...] = ()  # JSON: keys of a wrapper object that hold the records
    decode: Callable[[str], str] | None = None  # JSON: how its string values are encoded

    # --- meanings ------------------------------------------------------------------------------
    def meaning_of(self, container: str | None) -> str | None:
        return self.meanings.get(normalise(container)) if container else None

    def annotate(self, batch: FieldBatch) -> FieldBatch:
        """The batch tagged with its field's meaning: message fields are free text, other known fields values."""
        meaning = self.meaning_of(batch.container)
        if meaning is None:
            return batch
        return replace(batch, meaning=meaning, free_text=meaning in FREE_TEXT_MEANINGS)

    def annotated(self, items: Iterable[Item]) -> Iterator[Item]:
        """A reading's batches tagged with their fields' meanings (``annotate``), its record errors as they are."""
        for item in items:
            yield self.annotate(item) if isinstance(item, FieldBatch) else item

    # --- CSV ------------------------------------------------------------------------------------
    def layout_of(self, rows: Sequence[Sequence[str]]) -> tuple[str, ...]:
        """The positional columns the rows are laid out in: with the appended ones where the first row has them."""
        longer = self.columns + self.appended
        return longer if self.appended and rows and len(rows[0]) == len(longer) else self.columns

    def positional_problem(self, rows: Sequence[Sequence[str]], columns: tuple[str, ...]) -> str | None:
        """Why the rows are not laid out in ``columns`` without a header, or None."""
        if not rows:
            return "the file is empty"
        if len(rows[0]) != len(columns):
            return f"the first row has {len(rows[0])} fields"
        for number, row in enumerate(rows, start=1):
            if len(row) != len(columns):
                continue  # reported as a record error when the file is read
            cells = dict(zip(columns, row, strict=True))
            for column, shape in self.shapes.items():
                if not shape.fits(cells[column].strip()):
                    return f"in row {number}, {column} is not {shape.description}"
        return None

    def header_problem(self, rows: Sequence[Sequence[str]]) -> str | None:
        """Why the first row is not a header of this format, or None."""
        present = {normalise(name) for name in rows[0]} if rows else set()
        missing = [name for name in self.header if normalise(name) not in present]
        return f"no {', '.join(missing)} column" if missing else None

    def csv_columns(self, rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...] | None, str | None]:
        """(positional columns, or None for a header row; None) when the rows fit, else (None, why not)."""
        if not (self.columns or self.header):
            return None, f"{self.title} exports are JSON, not CSV"
        reasons = []
        if self.columns:
            columns = self.layout_of(rows)
            problem = self.positional_problem(rows, columns)
            if problem is None:
                return columns, None
            reasons.append(f"as {len(columns)} columns without a header: {problem}")
        if self.header:
            problem = self.header_problem(rows)
            if problem is None:
                return None, None
            reasons.append(f"as a file with a header: {problem}")
        return None, "; ".join(reasons)

    # --- JSON -----------------------------------------------------------------------------------
    def record_problem(self, record: object) -> str | None:
        """Why a JSON value is not a record of this format, or None."""
        if not self.keys:
            return f"{self.title} exports are CSV, not JSON"
        if not isinstance(record, dict):
            return "not a JSON object"
        present = key_paths(record)
        missing = min(([k for k in sorted(keys) if normalise(k) not in present] for keys in self.keys), key=len)
        return f"no {', '.join(missing)}" if missing else None

    def checked(self, records: Iterable[NumberedRecord | RecordError]) -> Iterator[NumberedRecord | RecordError]:
        """The records that fit (decoded), and a record error for each one that does not."""
        for entry in records:
            if isinstance(entry, RecordError):
                yield entry
                continue
            row, record = entry
            problem = self.record_problem(record)
            if problem:
                yield RecordError(row, f"not {self.record}: {problem}")
            else:
                yield row, map_strings(record, self.decode) if self.decode else record


def key_paths(value: object) -> set[str]:
    """Every dotted key path of a JSON value, normalised; list levels are transparent."""
    paths: set[str] = set()
    add_key_paths(paths, value, "", 0)
    return paths


def add_key_paths(paths: set[str], value: object, prefix: str, depth: int) -> None:
    """``key_paths`` of ``value`` (met at ``depth``, under ``prefix``) added to ``paths``."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{normalise(str(key))}" if prefix else normalise(str(key))
            paths.add(path)
            if isinstance(item, dict | list):
                add_key_paths(paths, item, path, depth + 1)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list):
                add_key_paths(paths, item, prefix, depth + 1)


def map_strings(value: object, function: Callable[[str], str], depth: int = 0) -> object:
    """``value`` with ``function`` applied to every string inside it."""
    if isinstance(value, str):
        return function(value)
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {key: map_strings(item, function, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [map_strings(item, function, depth + 1) for item in value]
    return value


# --- the formats ---------------------------------------------------------------------------------
ASTERISK_MASTER_CSV = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
    "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield",
)  # fmt: skip
FREESWITCH_DEFAULT_TEMPLATE = (
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec",
)  # fmt: skip  (mod_cdr_csv's example template)
ASTERISK_NEW_CDR_COLUMNS = ("peeraccount", "linkedid", "sequence")  # cdr.conf [csv] newcdrcolumns=yes
ASTERISK_CDR = CallCentreFormat(
    kind="asterisk-cdr",
    title="Asterisk CDR",
    columns=ASTERISK_MASTER_CSV,
    appended=ASTERISK_NEW_CDR_COLUMNS,
    shapes={
        "start": DATETIME,
        "answer": OPTIONAL_DATETIME,
        "end": DATETIME,
        "duration": COUNT,
        "billsec": COUNT,
        "disposition": Shape("ANSWERED|NO ANSWER|BUSY|FAILED|CONGESTION", "an Asterisk disposition"),
        "amaflags": Shape("DOCUMENTATION|BILLING|OMIT|DEFAULT", "an AMA flag"),
    },
    header=("clid", "src", "dst", "dcontext", "channel", "disposition"),
    meanings={
        **fields(CALLER_ID, "clid", "src", "cnum"),
        **fields(PERSON_NAME, "cnam", "dst_cnam"),
        **fields(PHONE_NUMBER, "dst", "did", "outbound_cnum"),
        **fields(IP_ADDRESS, "channel", "dstchannel"),
        **fields(RECORDING, "recordingfile"),
        **fields(IDENTIFIER, "uniqueid", "linkedid", "peeraccount", "sequence"),
        **fields(TIMESTAMP, "start", "answer", "end", "calldate"),
    },
)
FREESWITCH_PROFILES = ("", "variables.", "callflow.caller_profile.")
FREESWITCH_TIMES = (
    "created_time", "profile_created_time", "progress_time", "progress_media_time", "answered_time", "bridged_time",
    "last_hold_time", "hold_accum_time", "hangup_time", "resurrect_time", "transfer_time",
)  # fmt: skip
# Which endpoint a variable names, from the FreeSWITCH channel-variable reference: local_*, advertised_* and
# sip_local_* are this switch's own; the request and To side (sip_req_*, sip_to_*, the domain) are the switch's
# for the inbound calls a contact centre records; remote_*, sip_network_*, sip_received_*, sip_via_*,
# sip_contact_* and switch_r_sdp (the far end's SDP) are the caller's.
FREESWITCH_LOCAL_ENDPOINT = (
    "local_media_ip", "local_media_port", "advertised_media_ip", "advertised_media_port", "sip_local_network_addr",
    "rtp_local_sdp_str", "sip_local_sdp_str", "sip_req_host", "sip_req_port", "sip_req_uri", "sip_to_host",
    "sip_to_port", "sip_to_uri", "sip_invite_domain", "domain_name", "dialed_domain", "sip_profile_name",
    "sip_acl_authed_by",
)  # fmt: skip
FREESWITCH_REMOTE_ENDPOINT = ("remote_media_ip", "sip_via_host", "sip_contact_host", "switch_r_sdp")
FREESWITCH_CDR = CallCentreFormat(
    kind="freeswitch-cdr",
    title="FreeSWITCH CDR",
    columns=FREESWITCH_DEFAULT_TEMPLATE,
    shapes={
        "start_stamp": DATETIME,
        "answer_stamp": OPTIONAL_DATETIME,
        "end_stamp": DATETIME,
        "duration": COUNT,
        "billsec": COUNT,
        "hangup_cause": Shape(r"[A-Z_]+", "a hangup cause"),
        "uuid": UUID,
    },
    header=("caller_id_name", "caller_id_number", "destination_number"),
    keys=(frozenset({"variables", "callflow"}),),
    record="a FreeSWITCH JSON CDR",
    decode=unquote,  # mod_json_cdr URL-encodes values unless encode-values is false
    meanings={
        **fields(PERSON_NAME, "caller_id_name", under=FREESWITCH_PROFILES),
        **fields(CALLER_ID, "caller_id_number", "ani", under=FREESWITCH_PROFILES),
        **fields(PHONE_NUMBER, "destination_number", under=FREESWITCH_PROFILES),
        **fields(IP_ADDRESS, "network_addr", under=FREESWITCH_PROFILES),
        **fields(PERSON_NAME, "sip_from_display", under=("variables.",)),
        **fields(CALLER_ID, "sip_from_user", under=("variables.",)),
        **fields(PHONE_NUMBER, "sip_to_user", under=("variables.",)),
        **fields(IP_ADDRESS, "sip_network_ip", "sip_received_ip", *FREESWITCH_REMOTE_ENDPOINT, under=("variables.",)),
        **fields(SYSTEM_ENDPOINT, *FREESWITCH_LOCAL_ENDPOINT, under=("variables.",)),
        **fields(RECORDING, "record_name", under=("variables.",)),
        **fields(IP_ADDRESS, "callflow.caller_profile.chan_name"),
        **fields(PHONE_NUMBER, "callflow.extension.number"),
        **fields(IDENTIFIER, "uuid", "bleg_uuid", under=FREESWITCH_PROFILES),
        **fields(IDENTIFIER, "core-uuid"),
        **fields(TIMESTAMP, "start_stamp", "answer_stamp", "end_stamp", under=FREESWITCH_PROFILES),
        **fields(TIMESTAMP, *FREESWITCH_TIMES, under=("callflow.times.",)),
    },
)
TWILIO_CALL_KEYS = ("Sid", "From", "To", "Status", "Direction", "Duration")
TWILIO_CALLS = CallCentreFormat(
    kind="twilio-calls",
    title="Twilio call log",
    header=TWILIO_CALL_KEYS,
    keys=(frozenset(TWILIO_CALL_KEYS),),
    record="a Twilio call record",
    record_lists=("calls",),
    meanings={
        **fields(CALLER_ID, "From", "FromFormatted"),
        **fields(PHONE_NUMBER, "To", "ToFormatted", "ForwardedFrom"),
        **fields(PERSON_NAME, "CallerName"),
        **fields(IDENTIFIER, "Sid", "ParentCallSid"),
        **fields(TIMESTAMP, "DateCreated", "DateUpdated", "StartTime", "EndTime"),
    },
)
TWILIO_MESSAGE_KEYS = ("Sid", "From", "To", "Body")
TWILIO_SMS = CallCentreFormat(
    kind="twilio-sms",
    title="Twilio message log",
    header=TWILIO_MESSAGE_KEYS,
    keys=(frozenset(TWILIO_MESSAGE_KEYS),),
    record="a Twilio message record",
    record_lists=("messages",),
    meanings={
        **fields(PHONE_NUMBER, "From", "To"),
        **fields(MESSAGE, "Body"),
        **fields(IDENTIFIER, "Sid"),
        **fields(TIMESTAMP, "SentDate", "DateSent", "DateCreated", "DateUpdated"),
    },
)
AMAZON_CONNECT_CTR = CallCentreFormat(
    kind="amazon-connect-ctr",
    title="Amazon Connect contact trace records",
    keys=(frozenset({"ContactId", "InstanceARN", "InitiationMethod", "Channel"}),),
    record="an Amazon Connect contact trace record",
    meanings={
        **fields(CALLER_ID, "CustomerEndpoint.Address"),
        **fields(PHONE_NUMBER, "SystemEndpoint.Address", "TransferredToEndpoint.Address"),
        **fields(RECORDING, "Recording.Location", "Recordings.Location"),
        **fields(IDENTIFIER, "ContactId", "InitialContactId", "PreviousContactId", "NextContactId"),
        **fields(
            TIMESTAMP,
            "InitiationTimestamp",
            "ConnectedToSystemTimestamp",
            "DisconnectTimestamp",
            "LastUpdateTimestamp",
            "Agent.ConnectedToAgentTimestamp",
            "Queue.EnqueueTimestamp",
            "Queue.DequeueTimestamp",
        ),
    },
)
GENESYS_CONVERSATIONS = CallCentreFormat(
    kind="genesys-conversations",
    title="Genesys Cloud conversation details",
    keys=(frozenset({"conversationId", "participants"}),),
    record="a Genesys Cloud conversation",
    record_lists=("conversations",),
    meanings={
        **fields(PERSON_NAME, "participants.participantName"),
        **fields(CALLER_ID, "participants.sessions.ani"),
        **fields(PHONE_NUMBER, "participants.sessions.dnis", "participants.sessions.sessionDnis"),
        **fields(IDENTIFIER, "conversationId", "participants.participantId", "participants.sessions.sessionId"),
        **fields(
            TIMESTAMP,
            "conversationStart",
            "conversationEnd",
            "participants.sessions.segments.segmentStart",
            "participants.sessions.segments.segmentEnd",
        ),
    },
)
CHAT_PEOPLE = ("visitor.", "customer.")
WEBCHAT = CallCentreFormat(
    kind="webchat",
    title="web-chat transcripts",
    keys=(
        frozenset({"visitor", "history.msg"}),
        frozenset({"messages.text"}),
        frozenset({"messages.body"}),
        frozenset({"messages.message"}),
    ),
    record="a web-chat transcript",
    record_lists=("chats",),
    meanings={
        **fields(PERSON_NAME, "name", under=CHAT_PEOPLE),
        **fields(EMAIL, "email", under=CHAT_PEOPLE),
        **fields(PHONE_NUMBER, "phone", under=CHAT_PEOPLE),
        **fields(IP_ADDRESS, "ip", under=CHAT_PEOPLE),
        **fields(SCREEN_NAME, "twitter", under=CHAT_PEOPLE),
        **fields(PERSON_NAME, "agent.name", "agent_names", "history.name"),
        **fields(IP_ADDRESS, "session.ip"),
        **fields(MESSAGE, "history.msg", "messages.text", "messages.body", "messages.message"),
        **fields(IDENTIFIER, "id", "conversation_id"),
        **fields(TIMESTAMP, "timestamp", "started_at", "history.timestamp", "messages.sent_at"),
    },
)
TWEET_PATHS = ("tweet.", "")
TWITTER_ARCHIVE = CallCentreFormat(
    kind="twitter-archive",
    title="Twitter/X archive",
    keys=(
        frozenset({"tweet.id_str", "tweet.full_text"}),
        frozenset({"id_str", "full_text"}),
        frozenset({"id_str", "text", "user.screen_name"}),
    ),
    record="a tweet",
    meanings={
        **fields(TWEET, "full_text", "text", under=TWEET_PATHS),
        **fields(
            SCREEN_NAME,
            "in_reply_to_screen_name",
            "entities.user_mentions.screen_name",
            "user.screen_name",
            under=TWEET_PATHS,
        ),
        **fields(PERSON_NAME, "entities.user_mentions.name", "user.name", under=TWEET_PATHS),
        **fields(
            IDENTIFIER,
            "id",
            "id_str",
            "in_reply_to_status_id",
            "in_reply_to_status_id_str",
            "in_reply_to_user_id",
            "in_reply_to_user_id_str",
            "entities.user_mentions.id",
            "entities.user_mentions.id_str",
            "user.id",
            "user.id_str",
            under=TWEET_PATHS,
        ),
        **fields(TIMESTAMP, "created_at", under=TWEET_PATHS),
    },
)
FORMATS: tuple[CallCentreFormat, ...] = (
    ASTERISK_CDR,
    FREESWITCH_CDR,
    TWILIO_CALLS,
    TWILIO_SMS,
    AMAZON_CONNECT_CTR,
    GENESYS_CONVERSATIONS,
    WEBCHAT,
    TWITTER_ARCHIVE,
)
FORMATS_BY_KIND = {fmt.kind: fmt for fmt in FORMATS}


CALL_CENTRE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".js")  # where the formats are looked for
SYNTAXES = ("csv", "json", "jsonl")


# --- reading -------------------------------------------------------------------------------------
def syntax_of(path: Path) -> str:
    """``csv``, ``json`` or ``jsonl``: by the file's name (``.js``: JSON after a JavaScript assignment), else by
    its first characters."""
    name = format_name(path.name)
    by_name = formats.by_suffix(name)
    if by_name is not None and by_name.syntax in SYNTAXES:
        return by_name.syntax
    if formats.suffix_of(name) == ".js":
        return "json"
    with open_text(path) as handle:
        start = handle.read(256).lstrip()
    return "json" if start.startswith(("[", "{")) or JS_ASSIGNMENT.match(start) else "csv"


def without_js_assignment(text: str) -> str:
    """JSON text with a leading ``window.YTD.tweets.part0 =`` (Twitter archive) removed."""
    assignment = JS_ASSIGNMENT.match(text)
    return text[assignment.end() :] if assignment else text


def json_records(
    fmt: CallCentreFormat, path: Path, lines: dict[int, int] | None = None
) -> Iterator[NumberedRecord | RecordError]:
    """The records of a JSON file (1-based), streamed: JSON Lines, values back to back, or a document's records
    (a top-level array's items, a wrapper's record list, else the document). ``lines`` is filled with the line
    each record of a document starts on (a JSON Lines record's number is its line)."""
    if syntax_of(path) == "jsonl":
        yield from json_lines(path)
        return
    with open_text(path) as handle:
        first = without_js_assignment(handle.readline(READ_CHARS))
        yield from json_stream(handle, fmt.record_lists, multiple=True, first=first, lines=lines)


def record_lines(fmt: CallCentreFormat, path: Path, rows: Collection[int]) -> dict[int, int]:
    """The line of the file each of ``rows`` (record numbers, as ``read_call_centre`` gives them) starts on."""
    syntax = syntax_of(path)
    if syntax == "csv":
        columns, _ = fmt.csv_columns(csv_head(path, HEAD_ROWS))
        return csv_record_lines(path, rows, columns)
    if syntax == "jsonl":
        return {row: row for row in rows}
    lines: dict[int, int] = {}
    return record_lines_of(json_records(fmt, path, lines), lines, rows)


def call_centre_columns(fmt: CallCentreFormat, path: Path) -> tuple[str, ...] | None:
    """The positional columns of a CSV file in ``fmt`` (None: it has a header); raises where it does not fit."""
    columns, problem = fmt.csv_columns(csv_head(path, HEAD_ROWS))
    if problem:
        raise UnreadableSource(f"not in the {fmt.title} format: {problem}")
    return columns


def read_call_centre(fmt: CallCentreFormat, path: Path, limit: int | None = None) -> Iterator[Item]:
    """The batches of a file in ``fmt``, each tagged with its field's meaning, and its record errors."""
    if syntax_of(path) == "csv":
        items = read_csv(path, limit, call_centre_columns(fmt, path))
    else:
        items = batches_of(fmt.checked(json_records(fmt, path)), limit)
    yield from fmt.annotated(items)


for _format in FORMATS:
    formats.register(
        formats.FileFormat(
            _format.kind,
            _format.title,
            "",  # CSV or JSON, file by file (``syntax_of``)
            CALL_CENTRE_SUFFIXES,
            partial(read_call_centre, _format),
            "field",
            by_content=True,
            record_lines=partial(record_lines, _format),
        )
    )


# --- recognising ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    """The start of a file, read once to recognise its format: CSV rows, or JSON text."""

    syntax: str
    rows: list[list[str]] = field(default_factory=list)
    text: str = ""

    @classmethod
    def of(cls, path: Path) -> Head:
        syntax = syntax_of(path)
        if syntax == "csv":
            return cls(syntax, rows=csv_head(path, HEAD_ROWS))
        with open_text(path) as handle:
            return cls(syntax, text=handle.read(SNIFF_BYTES))

    def first_record(self, fmt: CallCentreFormat) -> object | None:
        """The first JSON record as ``fmt`` reads the file (the head may cut the document off)."""
        if self.syntax == "jsonl":
            line = next((line for line in self.text.splitlines() if line.strip()), "")
            try:
                return json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                return None
        records = json_stream(io.StringIO(without_js_assignment(self.text)), fmt.record_lists, multiple=True)
        try:
            first = next(records, None)
        except UnreadableSource:
            return None
        return first[1] if isinstance(first, tuple) else None

    def problem(self, fmt: CallCentreFormat) -> str | None:
        """Why this file is not in ``fmt``, or None when it fits."""
        if self.syntax == "csv":
            return fmt.csv_columns(self.rows)[1]
        if not fmt.keys:
            return f"{fmt.title} exports are CSV, not JSON"
        record = self.first_record(fmt)
        if record is None:
            return "no JSON record at its start"
        problem = fmt.record_problem(record)
        return f"first record: {problem}" if problem else None


def read_head(path: Path) -> Head:
    """The head of a file; raises ``UnreadableSource`` (with the reason) when it cannot be read."""
    try:
        return Head.of(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableSource(str(exc)) from exc


def mismatch(fmt: CallCentreFormat, path: Path) -> str | None:
    """Why the file at ``path`` is not in ``fmt`` (judged from its start), or None when it fits."""
    try:
        return read_head(path).problem(fmt)
    except UnreadableSource as exc:
        return f"it cannot be read: {exc}"


def recognise(path: Path, candidates: Iterable[formats.FileFormat] | None = None) -> CallCentreFormat | None:
    """The call-centre format a file is in (of ``candidates``, by default any), recognised from its start;
    None for any other or unreadable file."""
    wanted = (
        FORMATS if candidates is None else [FORMATS_BY_KIND[c.kind] for c in candidates if c.kind in FORMATS_BY_KIND]
    )
    try:
        head = read_head(path)
    except UnreadableSource:
        return None
    return next((fmt for fmt in wanted if head.problem(fmt) is None), None)
