"""The verdict rules a DPO signs off on, pinned on the seed policies in both directions (what must now be
``undisclosed`` and what must stay ``disclosed``), and on policies written here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.model import Finding
from piiaudit.scanner.model.settings import OutsideSubject, SubjectBinding
from piiaudit.scanner.policy.document import load_policy
from piiaudit.scanner.policy.taxonomy import default_taxonomy
from piiaudit.scanner.policy.verdicts import Classifier, load_rules

from .conftest import SAMPLE

POLICIES = SAMPLE / "policies"
CYTRACK = POLICIES / "cytrack.yaml"
CYTRACOM = POLICIES / "cytracom.yaml"
CALLERS = OutsideSubject("callers", "People who call Cytracom's customers")


@pytest.fixture(scope="module")
def cytrack():
    return Classifier(load_policy(CYTRACK), load_rules())


@pytest.fixture(scope="module")
def cytracom():
    return Classifier(load_policy(CYTRACOM), load_rules(), outside=[CALLERS])


def judge(classifier: Classifier, entity: str, subject: str | None, details: dict | None = None, n: int = 1):
    classifier.subject = subject
    try:
        return classifier.classify(Finding("x.csv", "col", entity, "d", 1.0, n, details=details or {}))
    finally:
        classifier.subject = None


def scan(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["scan", *args, "--format", "json", "--quiet"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def verdicts_of(report: dict) -> dict[tuple[str, str | None, str], str]:
    return {(f["source"], f["container"], f["entity"]): f["disclosure"] for f in report["findings"]}


# --- 1. people the policy does not cover ----------------------------------------------------------
def test_an_outside_subject_is_undisclosed_whatever_the_policy_declares(cytracom):
    for entity in ("CALLER_ID", "PHONE_NUMBER", "PERSON", "EMAIL_ADDRESS"):
        f = judge(cytracom, entity, "callers")
        assert f.disclosure == "undisclosed" and f.subject == "callers"
        assert f.notes == ["the policy does not cover People who call Cytracom's customers"]
    assert judge(cytracom, "PHONE_NUMBER", "customers").disclosure == "disclosed"  # the policy's own subjects
    assert judge(cytracom, "CARD_VERIFICATION_CODE", "callers").disclosure == "prohibited"  # rules still first


def test_call_data_bound_outside_the_policy_fails_the_scan():
    status, report = scan(str(SAMPLE), "--policy", str(CYTRACOM), "--config", str(POLICIES / "cytracom-scan.yaml"))
    verdicts = verdicts_of(report)
    assert status == 1
    assert verdicts[("cdr.csv", "clid", "CALLER_ID")] == "undisclosed"
    assert verdicts[("cdr.csv", "dst", "PHONE_NUMBER")] == "undisclosed"
    assert verdicts[("callcentre/asterisk/Master.csv", "src", "CALLER_ID")] == "undisclosed"
    assert verdicts[("crm_customers.csv", "phone", "PHONE_NUMBER")] == "disclosed"  # customers stay disclosed
    assert verdicts[("cdr.csv", "agent_name", "PERSON")] == "disclosed"
    assert report["scan"]["policy"]["outside_policy"]["callers"] == "People who call Cytracom's customers"


def test_an_outside_subject_may_be_named_with_subject(tmp_path):
    config = tmp_path / "scan.yaml"
    config.write_text("outside_policy:\n  - {id: callers, name: People who call our customers}\n")
    status, report = scan(
        str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACOM), "--config", str(config), "--subject", "callers"
    )
    assert status == 1 and {f["disclosure"] for f in report["findings"]} == {"undisclosed"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("sources:\n  - {path: '*', subject: calers}\n", "calers not defined"),
        ("outside_policy:\n  - {id: callers, name: x}\nsources:\n  - {path: '*', subject: caller}\n", "caller "),
        ("outside_policy:\n  - {id: customers, name: x}\n", "customers is a subject of"),
        ("outside_policy:\n  - {id: callers}\n", "needs 'id' and 'name'"),
        ("outside_policy:\n  - {id: Callers, name: x}\n", "lower case"),
    ],
)
def test_unknown_and_clashing_subjects_are_usage_errors(tmp_path, config, expected):
    (tmp_path / "scan.yaml").write_text(config)
    args = ["scan", str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACOM), "--config", str(tmp_path / "scan.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and expected in result.output
    if "not defined" in expected:
        assert "customers, resellers, site_visitors" in result.output  # names the policy's subjects


# --- 2. a finding with no subject -----------------------------------------------------------------
def test_cytrack_without_subject_cards_are_vague_and_dates_of_birth_undisclosed(cytrack):
    card = judge(cytrack, "CREDIT_CARD", None)
    assert card.disclosure == "vague" and card.notes[0].startswith("no data subject")
    assert "declared for end_users_employees, clients_employees" in card.notes[1]
    assert judge(cytrack, "DATE_OF_BIRTH", None).disclosure == "undisclosed"


def test_cytracom_without_subject_discloses_what_every_subject_declares(cytracom):
    for entity in ("EMAIL_ADDRESS", "DATE_OF_BIRTH", "CREDIT_CARD", "IP_ADDRESS", "STREET_ADDRESS"):
        assert judge(cytracom, entity, None).disclosure == "disclosed", entity
    phone = judge(cytracom, "PHONE_NUMBER", None)  # the Office 365 plugin's numbers are customers' only
    assert phone.disclosure == "disclosed" and phone.policy_refs


def test_sample_data_without_subject_end_to_end():
    _, report = scan(str(SAMPLE), "--policy", str(CYTRACK))
    verdicts = verdicts_of(report)
    assert verdicts[("payments.parquet", "card_number", "CREDIT_CARD")] == "vague"
    assert verdicts[("crm_customers.csv", "dob", "DATE_OF_BIRTH")] == "undisclosed"
    assert "crm_customers.csv" in report["summary"]["sources_without_subject"]
    _, report = scan(str(SAMPLE), "--policy", str(CYTRACOM))
    verdicts = verdicts_of(report)
    for key in [
        ("crm_customers.csv", "email", "EMAIL_ADDRESS"),
        ("crm_customers.csv", "dob", "DATE_OF_BIRTH"),
        ("payments.parquet", "card_number", "CREDIT_CARD"),
        ("app.log", None, "IP_ADDRESS"),
        ("crm_customers.csv", "street_address", "STREET_ADDRESS"),
    ]:
        assert verdicts[key] == "disclosed", key


def test_bound_sources_are_not_listed_as_without_subject():
    _, report = scan(str(SAMPLE), "--policy", str(CYTRACK), "--config", str(POLICIES / "cytrack-scan.yaml"))
    assert report["summary"]["sources_without_subject"] == []
    _, report = scan(str(SAMPLE / "cdr.csv"))
    assert report["summary"]["sources_without_subject"] == []  # no policy, no verdicts


def test_terminal_and_html_name_the_sources_without_subject(tmp_path):
    result = CliRunner().invoke(main, ["scan", str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACK)])
    block = result.output[result.output.index("No data subject · 1 source") :]
    assert block.splitlines()[1].strip() == "cdr.csv" and "sources:" in block
    html = tmp_path / "r.html"
    args = ["scan", str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACK), "--format", "html", "-o", str(html)]
    assert CliRunner().invoke(main, args).exit_code == 0  # vague, not failing by default
    page = html.read_text()
    assert "Sources with no data subject" in page and "<code>cdr.csv</code>" in page


# --- 3. prohibited first --------------------------------------------------------------------------
def written_policy(tmp_path: Path, *declarations: dict) -> Path:
    """A one-subject policy (``shoppers``) whose declarations quote sentences of its own text."""
    (tmp_path / "policy.txt").write_text(" ".join(d["quote"]["text"] for d in declarations))
    policy = tmp_path / "policy.yaml"
    document = {
        "policy_format": 1,
        "taxonomy": "fideslang@3.1.4",
        "organization": "Acme",
        "document": {"source": "policy.txt"},
        "subjects": [{"id": "shoppers", "name": "Shoppers", "role": "controller"}],
        "declarations": [{"subjects": ["shoppers"], **d} for d in declarations],
    }
    policy.write_text(yaml.safe_dump(document))
    return policy


def test_prohibited_rules_fire_before_anything_else(tmp_path):
    """A policy written here, with third-party entities that have no data category (no CATEGORY)."""
    card = {
        "id": "card",
        "categories": ["user.name", "user.financial.credit_card"],
        "quote": {"text": "We collect your name and your card details."},
    }
    policy = written_policy(tmp_path, card)
    classifier = Classifier(load_policy(policy), load_rules(), outside=[OutsideSubject("walk_ins", "Walk-ins")])
    for entity, rule in [
        ("PLAINTEXT_PASSWORD", "plaintext-password"),
        ("CREDENTIAL", "plaintext-password"),
        ("CARD_PIN", "pci-dss-pin"),
        ("PIN_BLOCK", "pci-dss-pin"),
        ("CARD_TRACK_DATA", "pci-dss-track-data"),
    ]:
        for subject in ("shoppers", "walk_ins", None):
            f = judge(classifier, entity, subject)
            assert f.disclosure == "prohibited" and f.rule.startswith(rule), (entity, subject)
            assert f.policy_refs[0]["rule"] == rule
    assert judge(classifier, "CREDIT_CARD", "shoppers").disclosure == "disclosed"
    assert judge(classifier, "NO_SUCH_ENTITY", "shoppers").disclosure == "undisclosed"


# --- 4. coverage by a broader key -----------------------------------------------------------------
def test_caller_id_is_a_kind_of_telephone_number():
    ancestors = default_taxonomy().ancestors("user.contact.caller_id")
    assert ancestors == ["user.contact.phone_number", "user.contact", "user"]


def test_narrow_quotes_do_not_cover_other_device_data(cytrack):
    def category(name: str, subject: str) -> str:
        return cytrack.verdict(name, subject, Finding("x", None, "X", "d"))[0]

    assert category("user.device.browser", "website_users") == "disclosed"
    assert category("user.device.operating_system", "website_users") == "disclosed"
    assert category("user.device.cookie", "website_users") == "disclosed"
    assert category("user.device.device_id", "website_users") == "undisclosed"  # was vague via user.device
    assert category("user.device.device_id", "clients_employees") == "undisclosed"


def test_recordings_are_not_content_you_submit(cytracom):
    for entity in ("VOICE_RECORDING", "SCREEN_RECORDING"):
        assert judge(cytracom, entity, "customers").disclosure == "undisclosed"  # was vague via user.content


def test_billing_contact_and_caller_id(cytrack):
    assert judge(cytrack, "CALLER_ID", "end_users_customers").disclosure == "disclosed"
    f = judge(cytrack, "CALLER_ID", "clients_employees")  # a billing representative's telephone number
    assert f.disclosure == "vague" and "user.contact.phone_number" in f.notes[0]
    assert judge(cytrack, "TWITTER_HANDLE", "clients_employees").disclosure == "undisclosed"


def test_your_address_discloses_a_street_address(cytrack, cytracom):
    assert judge(cytrack, "STREET_ADDRESS", "end_users_employees").disclosure == "disclosed"
    assert judge(cytracom, "STREET_ADDRESS", "customers").disclosure == "disclosed"
    assert judge(cytrack, "STREET_ADDRESS", "end_users_customers").disclosure == "undisclosed"


# --- 5. age at the time of collection -------------------------------------------------------------
def test_age_is_taken_at_the_records_own_date(tmp_path):
    (tmp_path / "signups.csv").write_text(
        "name,dob,created_at\nAmy Lee,2005-06-01,2015-07-01T10:00:00Z\nBen Ray,1980-01-01,2020-01-01\n"
    )
    (tmp_path / "people.csv").write_text("name,dob\nAmy Lee,2005-06-01\n")  # no record date: the scan date
    _, report = scan(str(tmp_path), "--policy", str(CYTRACOM), "--subject", "customers")
    dobs = {f["source"]: f for f in report["findings"] if f["entity"] == "DATE_OF_BIRTH"}
    signups = dobs["signups.csv"]
    assert signups["details"] == {"age:under-13@record": 1, "age:18+@record": 1}
    assert signups["disclosure"] == "incorrect" and "1 at the record's own date" in signups["notes"][-1]
    assert dobs["people.csv"]["details"] == {"age:18+": 1} and dobs["people.csv"]["disclosure"] == "disclosed"


def test_record_dates_of_json_documents_and_workbooks(tmp_path):
    from openpyxl import Workbook

    records = [{"started_at": "2014-03-01T09:00:00Z", "customer": {"dob": "2003-02-01", "name": "Amy Lee"}}]
    (tmp_path / "chats.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    book = Workbook()
    book.active.title = "Members"
    book.active.append(["name", "dob", "date_joined"])
    book.active.append(["Amy Lee", "2003-02-01", "2014-03-01"])
    book.save(tmp_path / "members.xlsx")
    signed_up = pa.array([dt.datetime(2014, 3, 1, 9, tzinfo=dt.UTC)], pa.timestamp("us", "UTC"))
    pq.write_table(pa.table({"dob": ["2003-02-01"], "signup_ts": signed_up}), tmp_path / "accounts.parquet")
    _, report = scan(str(tmp_path), "--policy", str(CYTRACK), "--subject", "website_users")
    dobs = [f for f in report["findings"] if f["entity"] == "DATE_OF_BIRTH"]
    assert len(dobs) == 3 and all(f["details"] == {"age:under-13@record": 1} for f in dobs)
    assert all(f["disclosure"] == "incorrect" for f in dobs)


def test_childrens_exclusion_fires_for_a_childs_date_of_birth(cytrack, cytracom):
    young = {"age:under-13@record": 1, "age:18+": 4}
    for classifier, quote in ((cytrack, "children under 16"), (cytracom, "under 13 years of age")):
        f = judge(classifier, "DATE_OF_BIRTH", None, young, 5)
        assert f.disclosure == "incorrect" and "user.childrens" in f.categories
        assert any(quote in r["text"] for r in f.policy_refs)
    adult = judge(cytracom, "DATE_OF_BIRTH", "customers", {"age:18+@record": 5}, 5)
    assert adult.disclosure == "disclosed" and "user.childrens" not in adult.categories


# --- 6. qualifiers ---------------------------------------------------------------------------------
def business_only_cytracom(tmp_path: Path) -> Classifier:
    """Cytracom without its "Home or personal contact information" item: e-mail addresses are business ones."""
    data = yaml.safe_load(CYTRACOM.read_text())
    data["declarations"] = [d for d in data["declarations"] if d["id"] != "home-personal-contact"]
    data["document"]["source"] = str(CYTRACOM.parent / data["document"]["source"])
    path = tmp_path / "cytracom-business.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return Classifier(load_policy(path), load_rules())


def test_a_personal_mailbox_is_not_disclosed_by_a_business_only_declaration(tmp_path):
    classifier = business_only_cytracom(tmp_path)
    free_mail = judge(classifier, "EMAIL_ADDRESS", "customers", {"mailbox:personal": 2}, 5)
    assert free_mail.disclosure == "undisclosed" and "2 of 5 values are not business ones" in free_mail.notes[0]
    assert judge(classifier, "EMAIL_ADDRESS", "customers", {}, 5).disclosure == "disclosed"


def test_a_value_of_another_kind_is_vague_under_a_broader_declaration(tmp_path):
    work = {"id": "work", "categories": ["user.contact.email"], "qualifier": "business"}
    work["quote"] = {"text": "We collect your work e-mail address."}
    contact = {"id": "contact", "categories": ["user.contact"], "quote": {"text": "We collect contact details."}}
    classifier = Classifier(load_policy(written_policy(tmp_path, work, contact)), load_rules())
    f = judge(classifier, "EMAIL_ADDRESS", "shoppers", {"mailbox:personal": 1}, 2)
    assert f.disclosure == "vague" and f.notes == ["covered only by the broader user.contact"]
    assert judge(classifier, "EMAIL_ADDRESS", "shoppers", {}, 2).disclosure == "disclosed"


def test_qualifiers_on_the_seed_policies(cytrack, cytracom):
    # Cytrack: "your address (business)", "your telephone numbers (business)", "your professional credit card":
    # no detector tells a business's number, address or card from a person's, so they stay disclosed
    for entity in ("STREET_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD"):
        assert judge(cytrack, entity, "end_users_employees", {"AU": 3}, 3).disclosure == "disclosed", entity
    # Cytracom declares both home (personal) and business contact information: any e-mail address is disclosed
    assert judge(cytracom, "EMAIL_ADDRESS", "customers", {"mailbox:personal": 3}, 3).disclosure == "disclosed"
    kinds = {d.id: d.qualifier for d in load_policy(CYTRACK).declarations}
    assert kinds["eue-business-address"] == kinds["eue-credit-card"] == "business" and kinds["eue-email"] is None


def test_the_email_detector_tells_free_mail_addresses(tmp_path):
    (tmp_path / "c.csv").write_text("email\njane@gmail.com\nsam@yahoo.com.au\nops@corallink.com.au\n")
    _, report = scan(str(tmp_path / "c.csv"))
    (f,) = report["findings"]
    assert f["details"] == {"mailbox:personal": 2}


# --- 7. the seed translations ---------------------------------------------------------------------
def test_cytracom_mobile_data_is_a_channel_not_a_subject():
    policy = load_policy(CYTRACOM)
    assert set(policy.subjects) == {"customers", "resellers", "site_visitors"}
    mobile = {d.id: d for d in policy.declarations if d.id.startswith("mobile-")}
    assert mobile and all(set(d.subjects) == set(policy.subjects) for d in mobile.values())
    assert "mobile-contacts" not in mobile and "mobile-precise-location" not in mobile


def test_cytracom_precise_location_is_only_an_opt_out(cytracom):
    finding = Finding("x", None, "X", "d")
    assert cytracom.verdict("user.location.precise", "customers", finding)[0] == "vague"  # "Your geolocation"


def test_an_abn_is_a_business_number_not_a_tax_file_number(cytracom, cytrack):
    abn = judge(cytracom, "AU_ABN", "customers")
    assert abn.categories == ["user.government_id.business_number"] and abn.disclosure == "undisclosed"
    assert judge(cytracom, "AU_TFN", "customers").disclosure == "disclosed"  # "tax ID number"


def test_cytrack_translation_fixes():
    policy = load_policy(CYTRACK)
    assert policy.subjects["end_users_employees"].role == "controller and processor"  # Cytrack's own marketing
    retention = {d.retention for d in policy.declarations}
    assert len(retention) == 1 and "However, we may be obliged to store some Personal Data" in retention.pop()


def test_subject_bindings_name_outside_subjects():
    classifier = Classifier(
        load_policy(CYTRACOM),
        load_rules(),
        [SubjectBinding("cdr.csv", "callers")],
        outside=[CALLERS],
    )
    assert classifier.unknown_subjects() == [] and classifier.subject_for("cdr.csv", "clid") == "callers"
