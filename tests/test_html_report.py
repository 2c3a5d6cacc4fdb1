"""The HTML report without a browser: self-contained, masked, escaped, with charts, data map and baseline."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from piiaudit.reports.html import render_html, unfound_categories, write_html
from piiaudit.scanner.app.baseline import Baseline, compare
from piiaudit.scanner.cli import main

from .conftest import ROOT, SAMPLE

HOSTILE_COLUMN = "<script>alert(1)</script>"
HOSTILE_FILE = '"><img src=x onerror=alert(2)>.csv'
EXTERNAL_REFERENCE = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def cytrack_html(cytrack_result) -> str:
    return render_html(cytrack_result)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> str:
    """A scan without a policy of a file whose name and column name are markup."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / HOSTILE_FILE).write_text(f"{HOSTILE_COLUMN},id\nann.lee@example.com,1\nbob.ray@example.org,2\n")
    out = folder / "report.html"
    result = CliRunner().invoke(main, ["scan", str(folder / HOSTILE_FILE), "--format", "html", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained(cytrack_html, hostile_html):
    for html in (cytrack_html, hostile_html):
        assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
        assert not EXTERNAL_REFERENCE.findall(html)
        assert "<link" not in html and "@import" not in html and "url(" not in html
        outside_evidence = re.sub(r'<code class="masked">[^<]*</code>', "", html)  # a masked recording URL is text
        assert "http://" not in outside_evidence and "https://" not in outside_evidence
        assert "default-src 'none'" in html  # the browser itself refuses anything external


def test_report_holds_masked_evidence_only(cytrack_html, cytrack_result, planted_values):
    assert len(planted_values) > 500
    leaked = [v for v in planted_values if v in cytrack_html]
    assert not leaked, f"the HTML report leaks {len(leaked)} values, e.g. {leaked[0][:3]}…"
    for finding in cytrack_result.findings:
        assert (
            finding.examples[0].masked.replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;") in cytrack_html
        )


def test_hostile_names_are_escaped_everywhere(hostile_html):
    assert HOSTILE_COLUMN not in hostile_html and "<img" not in hostile_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html.replace("<wbr>", "")  # paths may wrap at /
    assert 'data-source="&#34;&gt;&lt;img src=x onerror=alert(2)&gt;.csv"' in hostile_html
    assert hostile_html.count("<script") == 1  # only the report's own


def test_report_without_policy_says_so_and_counts_entities(hostile_html):
    assert "No policy was given" in hostile_html
    assert re.search(
        r"<th scope=\"row\">Email address</th><td data-label=\"Detected as\"><code>EMAIL_ADDRESS</code></td>"
        r"<td data-label=\"Places\" class=\"num\">1</td><td data-label=\"Values\" class=\"num\">2</td>",
        hostile_html,
    )
    assert "What the policy says" not in hostile_html and 'class="badge badge-' not in hostile_html


def test_charts_are_inline_svg_with_one_bar_per_category_and_source(cytrack_html, cytrack_result):
    charts = dict(re.findall(r'<figure class="chart" id="(chart-[a-z]+)">(.*?)</figure>', cytrack_html, re.S))
    assert set(charts) == {"chart-categories", "chart-sources"}
    sources = {f.source for f in cytrack_result.findings}
    assert charts["chart-sources"].count('<text class="chart-value"') == len(sources)
    assert '<svg viewBox="0 0 720' in charts["chart-categories"] and '<rect class="fill-prohibited"' in cytrack_html
    assert 'role="img"' in charts["chart-categories"]


def test_first_screen_counts_and_order(cytrack_html, cytrack_result):
    for verdict in ("prohibited", "undisclosed", "disclosed"):
        expected = sum(f.disclosure == verdict for f in cytrack_result.findings)
        assert re.search(rf'data-verdict="{verdict}">\s*<span class="count-number">{expected}</span>', cytrack_html)
    counts = Counter(f.disclosure for f in cytrack_result.findings)
    conflicts = counts["prohibited"] + counts["incorrect"] + counts["undisclosed"]
    assert f"No: {conflicts} findings conflict with the policy" in cytrack_html
    rows = re.findall(r'<tr class="finding[^"]*" data-verdict="([a-z]+)"', cytrack_html)
    assert rows[: counts["prohibited"]] == ["prohibited"] * counts["prohibited"]
    assert rows[counts["prohibited"] : conflicts] == ["undisclosed"] * counts["undisclosed"]
    assert "not mentioned in the policy" in cytrack_html and "“your email address”" in cytrack_html


@pytest.mark.parametrize(
    ("kept", "headline"),
    [
        ({"disclosed"}, "Yes: every finding is disclosed in the policy"),
        (
            {"disclosed", "vague"},
            "Mostly: nothing conflicts with the policy, but 1 finding is covered only in broad terms",
        ),
        (set(), "Yes: no personal data was found"),
    ],
)
def test_headline_answers_the_policy_question(cytrack_result, kept, headline):
    findings = [f for f in cytrack_result.findings if f.disclosure == "disclosed"]
    if "vague" in kept:
        findings[0] = replace(findings[0], disclosure="vague")
    html = render_html(replace(cytrack_result, findings=findings if kept else []))
    assert f'<h2 id="summary-heading">{headline}</h2>' in html


def test_scope_lists_policy_version_sampling_and_failed_sources(cytrack_result, tmp_path):
    broken = replace(cytrack_result.sources[0], status="error", error="truncated Parquet footer")
    result = replace(cytrack_result, sources=[broken, *cytrack_result.sources[1:]], sample=50)
    html = render_html(result)
    assert "CQT 390 -1 – 050621" in html and "piiaudit " in html
    assert "at most 50 records per source" in html and "first 120 (sample limit" in html
    assert "<strong>not read</strong>: truncated Parquet footer" in html
    assert "1 source could not be read completely" in html


def test_declared_but_never_found_categories(cytrack_result):
    assert "user.device.cookie" not in {u.key for u in unfound_categories(cytrack_result)}  # cookies are found
    kept = [  # as if no recording and no cookie had been found
        f
        for f in cytrack_result.findings
        if f.entity != "VOICE_RECORDING" and not any(c.startswith("user.device.cookie") for c in f.categories)
    ]
    unfound = {u.key: u for u in unfound_categories(replace(cytrack_result, findings=kept))}
    assert "user.job_title" in unfound and not unfound["user.job_title"].detectable
    assert "user.content.voice_recording" in unfound and unfound["user.content.voice_recording"].detectable
    assert unfound["user.device.cookie"].subjects == ("Users of our Website",)
    # found directly, or through a narrower category (street address under address, e-mail under contact)
    assert not {"user.contact.email", "user.contact.address", "user.contact", "user.financial"} & set(unfound)


def test_baseline_marks_new_and_lists_resolved(cytrack_result):
    new = cytrack_result.findings[2]
    gone = replace(
        next(f for f in reversed(cytrack_result.findings) if f.source.endswith(".csv")), container="old_column"
    )
    earlier = replace(cytrack_result, findings=[*(f for f in cytrack_result.findings if f is not new), gone])
    baseline = replace(Baseline.from_result(earlier), created_at="2026-06-01T02:00:00+00:00")
    html = render_html(compare(cytrack_result, baseline, Path("nightly.json")))
    assert "Since the baseline (the baseline nightly.json of 2026-06-01T02:00:00+00:00)" in html
    assert f"<strong>1 new</strong>, 1 resolved, {len(cytrack_result.findings) - 1} unchanged" in html
    assert html.count('<span class="badge badge-new">new</span>') == 1
    assert 'id="chart-baseline"' in html and " old_column</div>" in html.split('id="resolved-table"')[1]


def test_write_html_is_private(cytrack_result, tmp_path):
    path = tmp_path / "report.html"
    write_html(cytrack_result, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == render_html(cytrack_result)


def test_html_needs_an_output_file():
    result = CliRunner().invoke(main, ["scan", str(SAMPLE / "cdr.csv"), "--format", "html"])
    assert result.exit_code == 2 and "--format html needs -o FILE" in result.output


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 error"), ("", "1 skipped")])
def test_browser_tests_fail_in_ci_when_chromium_or_its_driver_is_missing(ci, outcome, tmp_path):
    """A machine with the browser but no driver must not pass CI by skipping every browser test."""
    env = {**os.environ, "CI": ci, "PIIAUDIT_CHROMEDRIVER": str(tmp_path / "chromedriver")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_html_browser.py", "-k", "sorting"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome in run.stdout.splitlines()[-1], run.stdout[-2000:]
    assert f"{tmp_path / 'chromedriver'} missing" in run.stdout
    assert (run.returncode != 0) == (ci == "true")
