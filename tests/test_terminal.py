"""The terminal report: one screen by default that still names every finding needing action; all on request."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from piiaudit.reports.terminal import PLACES_WITHOUT_POLICY, shorten
from piiaudit.scanner.cli import main
from piiaudit.scanner.policy.verdicts import NEEDS_ACTION

from .conftest import ROOT, SAMPLE

CYTRACK = ["--policy", str(SAMPLE / "policies/cytrack.yaml"), "--config", str(SAMPLE / "policies/cytrack-scan.yaml")]
README_BEGIN, README_END = "<!-- terminal-begin -->", "<!-- terminal-end -->"


def place_lines(lines: list[str]) -> list[str]:
    """The summary's lines of places, each with the lines its list of containers wrapped onto."""
    places: list[str] = []
    for line in lines:
        if places and line.startswith(" " * 8) and " × " not in line:
            places[-1] = places[-1].rstrip() + " " + line.strip()
        elif " × " in line:
            places.append(line.rstrip())
    return [re.sub(r"(\S)\s+(\d[\d,]* × \S+\s+\S+)( .*)?$", r"\1 \2\3", p) for p in places]


def run(args: list[str], columns: int = 120) -> str:
    result = CliRunner().invoke(main, args, env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.fixture(scope="module")
def cytrack_json(tmp_path_factory) -> tuple[dict, Path]:
    """The JSON report of the sample corpus scanned with the Cytrack policy, and its path."""
    path = tmp_path_factory.mktemp("terminal") / "r.json"
    run(["scan", str(SAMPLE), *CYTRACK, "--format", "json", "-o", str(path), "-q"])
    return json.loads(path.read_text()), path


@pytest.fixture(scope="module")
def default_output(cytrack_json) -> str:
    """``piiaudit report r.json`` at 120 columns: the terminal summary the scan printed."""
    return run(["report", str(cytrack_json[1])])


def test_default_fits_one_screen_and_names_every_finding_that_needs_action(cytrack_json, default_output):
    lines = default_output.splitlines()
    assert len(lines) <= 60, len(lines)
    assert max(len(line) for line in lines[:-1]) <= 120  # the machine-readable last line is never wrapped
    flagged = [f for f in cytrack_json[0]["findings"] if f["disclosure"] in NEEDS_ACTION]
    assert len(flagged) >= 10
    places = place_lines(lines)
    for f in flagged:
        name = f["source"].rsplit("/", 1)[-1]
        container = (f["container"] or "").rsplit(".", 1)[-1]
        named = [
            text
            for text in places
            if re.search(rf"\s{f['entity']}\s+{f['subject']}(\s|$)", text)
            and (name in text or name[:8] in text)  # a dataset's name may be cut in the middle (its start kept)
            and (f"› {f['container']}" in text or f"{container}" in text if f["container"] else "›" not in text)
        ]
        assert named, f"not named: {f['source']} › {f['container']} {f['entity']}"
    for entity in {f["entity"] for f in flagged}:  # the values of each kind add up
        shown = sum(int(m[1].replace(",", "")) for t in places for m in [re.search(rf"([\d,]+) × {entity}\s", t)] if m)
        assert shown == sum(f["occurrences"] for f in flagged if f["entity"] == entity)
    counts = cytrack_json[0]["summary"]["findings_by_disclosure"]
    flagged_total = sum(counts.get(v, 0) for v in NEEDS_ACTION)
    assert lines[1].startswith(f"No: {flagged_total} findings conflict with the policy")
    for verdict in ("prohibited", "incorrect", "undisclosed", "vague", "disclosed"):
        assert f"{counts.get(verdict, 0)} {verdict}" in lines[2]
    assert "not mentioned in the policy" in default_output
    assert f"Every finding ({len(cytrack_json[0]['findings'])}): add --details" in default_output
    assert lines[-1].startswith("piiaudit: sources=")


def test_details_lists_every_finding_on_one_line(cytrack_json):
    findings = cytrack_json[0]["findings"]
    for columns in (120, 80):
        out = run(["report", str(cytrack_json[1]), "--details"], columns)
        table = out[out.index("Every finding\n") :].splitlines()[2:-1]
        assert len(table) == len(findings)
        for line, f in zip(table, findings, strict=True):
            assert re.search(rf"\s{f['entity']}\s+{f['occurrences']:,}\s", line), line  # whole, never broken
        assert max(len(line) for line in out.splitlines()) <= max(columns, len(out.splitlines()[-1]))


def test_without_a_policy_the_same_shape_by_kind_of_data(tmp_path):
    out = run(["scan", str(SAMPLE)])
    assert out.splitlines()[0].startswith("No policy given: ")
    assert "Email address (user.contact.email):" in out and "more in" in out and "(--details)" in out
    kinds = int(re.search(r"of (\d+) kinds", out.splitlines()[0])[1])
    assert len(out.splitlines()) <= kinds * (PLACES_WITHOUT_POLICY + 2) + 3  # a heading, places, "… and more"


def test_sources_that_could_not_be_read_have_their_place_and_names_are_never_markup(tmp_path):
    (tmp_path / "[blink]bad.parquet").write_bytes(b"not parquet")
    (tmp_path / "people.csv").write_text("email,notes\nann@example.com,hi\nbob@example.com,too,many\n")
    (tmp_path / "[bold]x[red].csv").write_text("email,[red]note[/red]\ncid@example.com,1\n")
    out = CliRunner().invoke(main, ["scan", str(tmp_path), "-v"], env={"COLUMNS": "100"}).output
    assert out.splitlines()[0] == "No policy given: 2 findings of 1 kind of personal data in 2 datasets."
    block = out[out.index("Not fully scanned · 2 sources") :]
    assert "[blink]bad.parquet" in block and "people.csv" in block and "row 2: expected 2 fields, got 3" in block
    assert "[bold]x[red].csv › email" in out and out.count("[bold]x[red].csv") == 2  # summary and table


@pytest.mark.parametrize(
    ("text", "width", "separator", "expected"),
    [
        (
            "callcentre/freeswitch/json_cdr/24955345-eb12-4ef6-b083-f60e411888ee.cdr.json",
            31,
            "/",
            "callcentre/…/24955345….cdr.json",
        ),
        ("callcentre/freeswitch/json_cdr/*.cdr.json", 32, "/", "callcentre/…/json_cdr/*.cdr.json"),
        ("callflow.caller_profile.network_addr", 24, ".", "callflow.….network_addr"),
        ("short.csv", 20, "/", "short.csv"),
    ],
)
def test_paths_are_shortened_in_the_middle(text, width, separator, expected):
    assert shorten(text, width, separator) == expected
    assert len(shorten(text, width, separator)) <= width


def test_readme_shows_the_default_output(default_output):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(README_BEGIN) : readme.index(README_END)].splitlines()[2:-1]
    actual = [line.rstrip() for line in default_output.splitlines()]
    assert [line.rstrip() for line in shown[:-1]] == actual[:-1]  # the last line's duration differs
    assert re.sub(r"duration=\S+", "", shown[-1]) == re.sub(r"duration=\S+", "", actual[-1])
