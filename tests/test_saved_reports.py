"""``piiaudit report``: every output rendered from a saved JSON report is what the scan itself wrote."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from piiaudit.reports.html import write_html
from piiaudit.reports.json_report import write_json
from piiaudit.reports.sarif import write_sarif
from piiaudit.reports.tabular import write_csv, write_parquet
from piiaudit.scanner.app import audit
from piiaudit.scanner.app.baseline import Baseline, compare, fingerprint
from piiaudit.scanner.app.saved import ReportError, load_report
from piiaudit.scanner.cli import main
from piiaudit.scanner.model import ScanResult

from .conftest import SAMPLE

CYTRACK = ["--policy", str(SAMPLE / "policies/cytrack.yaml"), "--config", str(SAMPLE / "policies/cytrack-scan.yaml")]
WRITERS = {"json": write_json, "html": write_html, "sarif": write_sarif, "csv": write_csv}
# what differs between two scans of the same data: when they ran and how long they took
TIMES = re.compile(
    r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)|\d\d \w+ \d{4}, \d\d:\d\d \w*|duration[=_a-z\"]*[:=] ?[\d.]+s?|"
    r"\d+(\.\d+)? s\b|\d+ min \d+ s"
)


@pytest.fixture(scope="module")
def failed_result(tmp_path_factory) -> ScanResult:
    """A scan with an unreadable file, a malformed record and a dataset of several files."""
    folder = tmp_path_factory.mktemp("failed")
    (folder / "bad.parquet").write_bytes(b"not parquet")
    (folder / "people.csv").write_text("email,notes\nann@example.com,hi\nbob@example.com,too,many\n")
    for day in ("2026-11-29", "2026-11-30"):
        (folder / f"app-{day}.log").write_text(f"{day} login from 203.0.113.9 by amy.lee@gmail.com\n")
    return audit([folder])


@pytest.fixture(scope="module")
def compared_result(cytrack_result) -> ScanResult:
    """The Cytrack scan compared with a baseline: one new finding, one resolved, one marked as a false positive."""
    new, gone, marked = cytrack_result.findings[:3]
    earlier = replace(cytrack_result, findings=[*(f for f in cytrack_result.findings if f is not new)])
    earlier.findings.append(replace(gone, container="old_column"))
    baseline = Baseline.from_result(earlier)
    baseline.mark(fingerprint(marked), "false_positive", "dpo@example.com", "test values")
    return compare(cytrack_result, baseline, Path("nightly.json"))


@pytest.mark.parametrize("which", ["cytrack_result", "failed_result", "compared_result"])
def test_every_format_from_the_saved_json_is_the_scans_own(which, request, tmp_path):
    result = request.getfixturevalue(which)
    saved = tmp_path / "saved.json"
    write_json(result, saved)
    loaded = load_report(saved)
    for name, write in WRITERS.items():
        write(result, tmp_path / f"scan.{name}")
        write(loaded, tmp_path / f"report.{name}")
        assert (tmp_path / f"scan.{name}").read_bytes() == (tmp_path / f"report.{name}").read_bytes(), name
    write_parquet(result, tmp_path / "scan.parquet")
    write_parquet(loaded, tmp_path / "report.parquet")
    assert pq.read_table(tmp_path / "scan.parquet").equals(pq.read_table(tmp_path / "report.parquet"))


def scan_and_report(fmt: str, tmp_path: Path, saved: Path) -> tuple[str, str]:
    """What `scan --format FMT -o` wrote and what `report saved.json --format FMT -o` wrote, times taken out."""
    scanned, rendered = tmp_path / f"scan.{fmt}", tmp_path / f"report.{fmt}"
    scan = CliRunner().invoke(main, ["scan", str(SAMPLE), *CYTRACK, "--format", fmt, "-o", str(scanned), "-q"])
    assert scan.exit_code == 1, scan.output
    report = CliRunner().invoke(main, ["report", str(saved), "--format", fmt, "-o", str(rendered)])
    assert report.exit_code == 0 and report.output == "", report.output
    return tuple(TIMES.sub("TIME", p.read_text(encoding="utf-8")) for p in (scanned, rendered))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def saved_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "nightly.json"
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), *CYTRACK, "--format", "json", "-o", str(path), "-q"])
    assert result.exit_code == 1, result.output
    return path


@pytest.mark.parametrize("fmt", ["html", "sarif", "csv", "json"])
def test_the_command_renders_what_the_scan_wrote(fmt, saved_report, tmp_path):
    scanned, rendered = scan_and_report(fmt, tmp_path, saved_report)
    assert scanned == rendered
    assert "TIME" in scanned or fmt == "csv"


def test_the_terminal_summary_from_the_saved_json_is_the_scans(saved_report):
    env = {"COLUMNS": "120", "NO_COLOR": "1"}
    scanned = CliRunner().invoke(main, ["scan", str(SAMPLE), *CYTRACK, "--details"], env=env).output
    rendered = CliRunner().invoke(main, ["report", str(saved_report), "--details"], env=env).output
    assert TIMES.sub("TIME", scanned) == TIMES.sub("TIME", rendered)
    assert "Every finding" in rendered


def test_parquet_from_the_command_needs_a_file_and_equals_the_scans(saved_report, tmp_path):
    needs = CliRunner().invoke(main, ["report", str(saved_report), "--format", "parquet"])
    assert needs.exit_code == 2 and "needs -o FILE" in needs.output
    scanned, rendered = tmp_path / "scan.parquet", tmp_path / "report.parquet"
    CliRunner().invoke(main, ["scan", str(SAMPLE), *CYTRACK, "--format", "parquet", "-o", str(scanned), "-q"])
    CliRunner().invoke(main, ["report", str(saved_report), "--format", "parquet", "-o", str(rendered)])
    assert pq.read_table(scanned).equals(pq.read_table(rendered))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read the report"),
        (json.dumps({"version": "2.0"}), "not a piiaudit JSON report of format 1.x (version 2.0)"),
        (json.dumps({"version": "1.1", "scan": {}}), "not a complete piiaudit JSON report"),
        (json.dumps([1, 2]), "version missing"),
    ],
)
def test_a_file_that_is_not_a_report_is_a_usage_error(content, message, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(content)
    with pytest.raises(ReportError, match=re.escape(message)):
        load_report(path)
    result = CliRunner().invoke(main, ["report", str(path), "--format", "html", "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_report_of_format_1_0_is_read(saved_report, tmp_path):
    data = json.loads(saved_report.read_text())
    data["version"] = "1.0"
    for key in ("interrupted", "root_uri"):
        del data["scan"][key]
    del data["scan"]["policy"]["outside_policy"]
    for finding in data["findings"]:
        for example in finding["examples"]:
            del example["line"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    loaded = load_report(path)
    assert loaded.interrupted is False and loaded.root_uri is None and len(loaded.findings) == len(data["findings"])
    assert loaded.policy is not None and loaded.policy["outside_policy"] == {}
    for fmt in ("html", "sarif", "csv"):
        rendered = CliRunner().invoke(main, ["report", str(path), "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")])
        assert rendered.exit_code == 0, rendered.output
