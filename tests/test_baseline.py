"""Nightly scans with a baseline: fail only on what is new; no values or row numbers in the baseline."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from piiaudit.scanner.cli import main

from .conftest import SAMPLE

POLICY = SAMPLE / "policies" / "cytrack.yaml"
CONFIG = SAMPLE / "policies" / "cytrack-scan.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def corpus(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    for name in ("crm_customers.csv", "cdr.csv", "app.log", "inventory.csv"):
        shutil.copy(SAMPLE / name, root / name)
    return root


def test_second_run_passes_and_a_new_undisclosed_column_fails(tmp_path, planted_values):
    root = corpus(tmp_path)
    baseline = tmp_path / "b.json"
    policy = ["--policy", str(POLICY), "--config", str(CONFIG)]
    created = run("baseline", "create", str(root), *policy, "-o", str(baseline))
    assert created.exit_code == 0, created.output
    assert baseline.stat().st_mode & 0o777 == 0o600
    text = baseline.read_text()
    assert not [v for v in planted_values if v in text]
    assert '"row"' not in text and "masked" not in text

    again = run("scan", str(root), *policy, "--baseline", str(baseline), "--quiet")
    assert again.exit_code == 0, again.output  # undisclosed findings exist, but all are accepted
    assert "new=0 resolved=0" in again.output

    # rows inserted into a known column change nothing
    with (root / "crm_customers.csv").open("a") as handle:
        handle.write((root / "crm_customers.csv").read_text().splitlines()[1] + "\n")
    assert run("scan", str(root), *policy, "--baseline", str(baseline), "-q").exit_code == 0

    # a new column of data the policy does not disclose for callers: a new undisclosed finding
    lines = (root / "crm_customers.csv").read_text().splitlines()
    lines[0] += ",last_login_ip"
    lines[1:] = [f"{line},8.8.{i % 250}.{i % 200 + 1}" for i, line in enumerate(lines[1:])]
    (root / "crm_customers.csv").write_text("\n".join(lines) + "\n")
    failing = run("scan", str(root), *policy, "--baseline", str(baseline), "--format", "json")
    assert failing.exit_code == 1
    report = json.loads(failing.output)
    new = [f for f in report["findings"] if f["baseline"] == "new"]
    assert [(f["source"], f["container"], f["disclosure"]) for f in new] == [
        ("crm_customers.csv", "last_login_ip", "undisclosed")
    ]
    assert report["baseline"]["new"] == 1


def test_resolved_findings_and_update(tmp_path):
    root = corpus(tmp_path)
    baseline = tmp_path / "b.json"
    run("baseline", "create", str(root), "-o", str(baseline))
    (root / "app.log").unlink()
    result = run("scan", str(root), "--baseline", str(baseline), "--format", "json")
    resolved = json.loads(result.output)["baseline"]["resolved"]
    assert {r["source"] for r in resolved} == {"app.log"}
    assert run("baseline", "update", str(root), "--baseline", str(baseline)).exit_code == 0
    after = json.loads(run("scan", str(root), "--baseline", str(baseline), "--format", "json").output)
    assert after["baseline"]["resolved"] == [] and after["baseline"]["new"] == 0


def test_marked_false_positive_stays_suppressed(tmp_path):
    root = corpus(tmp_path)
    baseline = tmp_path / "b.json"
    run("baseline", "create", str(root / "cdr.csv"), "-o", str(baseline))
    entry = next(e for e in json.loads(baseline.read_text())["findings"] if e["container"] == "channel")
    marked = run(
        "baseline",
        "mark",
        str(baseline),
        entry["fingerprint"][:8],
        "--as",
        "false_positive",
        "--by",
        "dpo@corp",
        "--reason",
        "lab IPs",
    )
    assert marked.exit_code == 0, marked.output
    stored = next(e for e in json.loads(baseline.read_text())["findings"] if e["fingerprint"] == entry["fingerprint"])
    assert (stored["status"], stored["by"], stored["reason"]) == ("false_positive", "dpo@corp", "lab IPs")
    # the finding disappears, the baseline is updated, the finding comes back: still suppressed
    shutil.move(root / "cdr.csv", tmp_path / "cdr.csv")
    (root / "empty.csv").write_text("a\n1\n")
    run("baseline", "update", str(root), "--baseline", str(baseline))
    shutil.move(tmp_path / "cdr.csv", root / "cdr.csv")
    report = json.loads(
        run("scan", str(root / "cdr.csv"), "--baseline", str(baseline), "--format", "json", "--fail-on", "any").output
    )
    states = {f["container"]: f["baseline"] for f in report["findings"]}
    assert states["channel"] == "suppressed" and states["clid"] == "new"


def test_fail_on_any_without_policy_and_bad_baseline(tmp_path):
    root = corpus(tmp_path)
    assert run("scan", str(root / "inventory.csv"), "--fail-on", "any", "-q").exit_code == 0
    assert run("scan", str(root / "cdr.csv"), "--fail-on", "any", "-q").exit_code == 1
    (tmp_path / "bad.json").write_text("{not json")
    result = run("scan", str(root), "--baseline", str(tmp_path / "bad.json"))
    assert result.exit_code == 2 and "not a readable baseline" in result.output
    assert run("scan", str(root), "--baseline", str(tmp_path / "missing.json")).exit_code == 2
