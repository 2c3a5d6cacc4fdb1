"""Policies as data: validation with line numbers, subsumption, and the verdicts the seed policies give."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.model import Finding
from piiaudit.scanner.model.settings import SubjectBinding
from piiaudit.scanner.policy.document import PolicyError, load_policy
from piiaudit.scanner.policy.verdicts import Classifier, load_rules

from .conftest import ROOT, SAMPLE

POLICIES = SAMPLE / "policies"
CYTRACK = POLICIES / "cytrack.yaml"
CYTRACOM = POLICIES / "cytracom.yaml"


@pytest.fixture(scope="module")
def cytrack():
    return Classifier(load_policy(CYTRACK), load_rules())


@pytest.fixture(scope="module")
def cytracom():
    return Classifier(load_policy(CYTRACOM), load_rules())


def finding(entity: str, subject: str | None = None, details: dict | None = None, count: int = 1) -> Finding:
    return Finding("x.csv", "col", entity, "d", 1.0, count, details=details or {}, subject=subject)


def verdict(classifier: Classifier, entity: str, subject: str | None, **kw) -> Finding:
    classifier.subject = subject
    try:
        return classifier.classify(finding(entity, **kw))
    finally:
        classifier.subject = None


def test_seed_policies_pass_policy_check():
    result = CliRunner().invoke(main, ["policy", "check", str(CYTRACK), str(CYTRACOM)])
    assert result.exit_code == 0, result.output
    assert "Cytrack, 5 subjects" in result.output and "Cytracom LLC, 3 subjects" in result.output


def test_every_quote_is_verbatim_in_the_policy_text():
    for path in (CYTRACK, CYTRACOM):
        policy = load_policy(path)
        assert all(d.quote.text for d in policy.declarations)
        assert policy.document["source"].endswith(".txt")


BROKEN = """\
policy_format: 1
taxonomy: fideslang@3.1.4
organization: Broken Co
subjects:
  - {id: callers, name: Callers, role: controller}
  - {id: callers, name: Callers again, role: controller}
declarations:
  - id: phones
    subjects: [callers, ghosts]
    categories: [user.contact.phone_numbr]
    quote: {text: "we collect phone numbers"}
  - id: phones
    subjects: [callers]
    categories: [user]
    quote: {text: "information"}
"""


def test_broken_policy_is_rejected_with_line_numbers(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    problems = caught.value.problems
    assert f"{path}:6: duplicate subject id 'callers'" in problems
    assert f"{path}:9: phones: unknown subject 'ghosts' (defined: callers)" in problems
    assert f"{path}:10: phones: unknown data category 'user.contact.phone_numbr'" in problems
    assert f"{path}:12: duplicate id 'phones'" in problems
    assert f"{path}:14: phones: root term 'user' discloses nothing; name the categories" in problems
    result = CliRunner().invoke(main, ["policy", "check", str(path)])
    assert result.exit_code == 2 and "broken.yaml:6" in result.output


@pytest.mark.parametrize(
    "text,expected",
    [
        ("policy_format: 1\n  bad: [", ":2: invalid YAML"),
        (
            "policy_format: 1\ntaxonomy: fideslang@2.0.0\norganization: X\nsubjects: []\ndeclarations: []\n",
            ":4: subjects",
        ),
    ],
)
def test_bad_yaml_and_schema_errors_name_the_line(tmp_path, text, expected):
    path = tmp_path / "p.yaml"
    path.write_text(text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert any(expected in p for p in caught.value.problems), caught.value.problems


def test_quote_not_in_the_policy_text_is_an_error(tmp_path):
    text = CYTRACK.read_text().replace('text: "your voice"', 'text: "your voice and fingerprints"')
    source = (POLICIES / "../../docs/seed-policies").resolve()
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("../../docs/seed-policies/", f"{source}/"))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert any("quote not found" in p and "fingerprints" in p for p in caught.value.problems)


def test_missing_policy_file_stops_the_scan():
    result = CliRunner().invoke(main, ["scan", str(SAMPLE / "cdr.csv"), "--policy", "nope.yaml"])
    assert result.exit_code == 2 and "no such file" in result.output and "did not start" in result.output


def test_unknown_subject_stops_the_scan():
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACK), "--subject", "aliens"]
    )
    assert result.exit_code == 2 and "aliens" in result.output


# --- Cytrack --------------------------------------------------------------------------------------
def test_cytrack_ip_address_depends_on_the_subject(cytrack):
    assert verdict(cytrack, "IP_ADDRESS", "website_users").disclosure == "disclosed"
    f = verdict(cytrack, "IP_ADDRESS", "end_users_customers")
    assert f.disclosure == "undisclosed"
    assert f.notes == ["declared only for other subjects: clients_employees, website_users"]


def test_cytrack_date_of_birth_is_disclosed_for_nobody(cytrack):
    for subject in load_policy(CYTRACK).subjects:
        assert verdict(cytrack, "DATE_OF_BIRTH", subject).disclosure == "undisclosed"
    assert verdict(cytrack, "DATE_OF_BIRTH", None).notes[-1] == "not mentioned in the policy"


def test_cytrack_card_numbers_in_callers_records_are_undisclosed(cytrack):
    assert verdict(cytrack, "CREDIT_CARD", "clients_employees").disclosure == "disclosed"
    assert verdict(cytrack, "CREDIT_CARD", "end_users_customers").disclosure == "undisclosed"


def test_cytrack_caller_id_and_twitter_for_end_users_customers(cytrack):
    f = verdict(cytrack, "CALLER_ID", "end_users_customers")
    assert f.disclosure == "disclosed" and "Caller ID" in f.policy_refs[0]["text"]
    assert verdict(cytrack, "TWITTER_HANDLE", "end_users_customers").disclosure == "disclosed"
    assert verdict(cytrack, "CALLER_ID", "website_users").disclosure == "undisclosed"


def test_cvv_is_prohibited_whatever_the_subject(cytrack):
    for subject in ("clients_employees", "end_users_customers", None):
        f = verdict(cytrack, "CARD_VERIFICATION_CODE", subject)
        assert f.disclosure == "prohibited" and f.rule.startswith("pci-dss-cvv")
        assert "3.3.1.2" in f.policy_refs[0]["text"]


def test_child_date_of_birth_is_incorrect_under_both_age_limits(cytrack, cytracom):
    under_13 = {"age:under-13": 1, "age:18+": 9}
    f = verdict(cytrack, "DATE_OF_BIRTH", "end_users_customers", details=under_13, count=10)
    assert f.disclosure == "incorrect" and "under 16" in f.notes[-1]
    assert verdict(cytracom, "DATE_OF_BIRTH", "customers", details=under_13).disclosure == "incorrect"


def test_a_fourteen_year_old_is_under_cytracks_limit_but_not_cytracoms(cytrack, cytracom):
    age_14 = {"age:13-15": 1}
    assert verdict(cytrack, "DATE_OF_BIRTH", "end_users_customers", details=age_14).disclosure == "incorrect"
    assert verdict(cytracom, "DATE_OF_BIRTH", "customers", details=age_14).disclosure == "disclosed"


def test_no_subject_discloses_only_what_every_subject_declares(cytrack):
    f = verdict(cytrack, "IP_ADDRESS", None)
    assert f.disclosure == "vague" and f.subject is None
    assert f.notes[0].startswith("no data subject")
    assert f.notes[1] == (
        "declared for clients_employees, website_users; "
        "not declared for end_users_employees, end_users_customers, potential_clients"
    )


# --- Cytracom -------------------------------------------------------------------------------------
def test_cytracom_discloses_date_of_birth_and_gender(cytracom):
    assert verdict(cytracom, "DATE_OF_BIRTH", "customers").disclosure == "disclosed"
    status, refs, _ = cytracom.verdict("user.demographic.gender", "customers", finding("X"))
    assert status == "disclosed" and refs[0]["text"] == "Gender"


def test_cytracom_does_not_name_caller_id(cytracom):
    f = verdict(cytracom, "CALLER_ID", "customers")
    assert f.disclosure == "vague"  # only telephone numbers in general cover it
    assert f.notes == ["covered only by the broader user.contact, user.contact.phone_number"]


def test_cytracom_discloses_the_verification_code_but_pci_prohibits_it(cytracom):
    f = verdict(cytracom, "CARD_VERIFICATION_CODE", "customers")
    assert f.disclosure == "prohibited"
    assert any("verification code" in r["text"] for r in f.policy_refs if "rule" not in r)


def test_subject_bindings_pick_the_first_match():
    classifier = Classifier(
        load_policy(CYTRACK),
        load_rules(),
        [SubjectBinding("cdr.csv", "end_users_employees", "agent_*"), SubjectBinding("cdr*", "end_users_customers")],
    )
    assert classifier.subject_for("cdr.csv", "agent_name") == "end_users_employees"
    assert classifier.subject_for("cdr.csv", "clid") == "end_users_customers"
    assert classifier.subject_for("app.log", None) is None


# --- end to end -----------------------------------------------------------------------------------
def scan_with(policy, config, *extra):
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLE), "--policy", str(policy), "--config", str(config), "--format", "json", *extra]
    )
    return result.exit_code, json.loads(result.output)


def test_sample_data_against_cytrack():
    status, report = scan_with(CYTRACK, POLICIES / "cytrack-scan.yaml")
    assert status == 1
    verdicts = {(f["source"], f["container"], f["entity"]): f["disclosure"] for f in report["findings"]}
    assert verdicts[("app.log", None, "IP_ADDRESS")] == "disclosed"  # website users
    assert verdicts[("cdr.csv", "channel", "IP_ADDRESS")] == "undisclosed"  # callers
    assert verdicts[("cdr.csv", "clid", "CALLER_ID")] == "disclosed"
    assert verdicts[("crm_customers.csv", "dob", "DATE_OF_BIRTH")] == "undisclosed"
    assert verdicts[("payments.parquet", "cvv", "CARD_VERIFICATION_CODE")] == "prohibited"
    assert verdicts[("payments.parquet", "card_number", "CREDIT_CARD")] == "disclosed"  # clients' employees
    assert verdicts[("chat_transcripts.jsonl", "messages.text", "CREDIT_CARD")] == "undisclosed"  # callers
    assert report["scan"]["policy"]["organization"] == "Cytrack"
    first = [f["disclosure"] for f in report["findings"]]
    assert first == sorted(first, key=["prohibited", "incorrect", "undisclosed", "vague", "disclosed"].index)


def test_sample_data_against_cytracom_and_fail_on():
    status, report = scan_with(CYTRACOM, POLICIES / "cytracom-scan.yaml")
    verdicts = {(f["source"], f["container"], f["entity"]): f["disclosure"] for f in report["findings"]}
    assert verdicts[("crm_customers.csv", "dob", "DATE_OF_BIRTH")] == "disclosed"
    assert verdicts[("cdr.csv", "clid", "CALLER_ID")] == "undisclosed"  # callers: outside the policy
    assert status == 1
    status, _ = scan_with(CYTRACOM, POLICIES / "cytracom-scan.yaml", "--detectors", "email,phone")
    assert status == 1  # callers' and chat correspondents' numbers and addresses
    customers = ["scan", str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACOM), "--subject", "customers"]
    assert CliRunner().invoke(main, [*customers, "--detectors", "caller_id"]).exit_code == 0  # vague
    assert CliRunner().invoke(main, [*customers, "--detectors", "caller_id", "--fail-on", "vague"]).exit_code == 1


def test_under_age_date_of_birth_end_to_end(tmp_path):
    (tmp_path / "signups.csv").write_text("name,dob\nAmy Lee,2015-06-01\nBen Ray,1980-01-01\n")
    args = ["scan", str(tmp_path), "--format", "json", "--subject"]
    r = CliRunner().invoke(main, [*args, "website_users", "--policy", str(CYTRACK)])
    (dob,) = [f for f in json.loads(r.output)["findings"] if f["entity"] == "DATE_OF_BIRTH"]
    assert r.exit_code == 1 and dob["disclosure"] == "incorrect" and dob["details"] == {"age:under-13": 1, "age:18+": 1}
    assert "not directed to individuals under 16" in dob["policy_refs"][0]["text"]


def test_terminal_leads_with_flagged_findings_and_quotes():
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLE / "cdr.csv"), "--policy", str(CYTRACK), "--subject", "end_users_customers"]
    )
    out = result.output
    assert out.index("UNDISCLOSED") < out.index("Every finding")
    assert "declared only for other subjects: clients_employees, website_users" in out
    assert (ROOT / "docs" / "policy-format.md").is_file()
