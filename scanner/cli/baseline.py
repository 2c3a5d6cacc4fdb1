"""``piiaudit baseline create|update|mark``: accepted findings, so that nightly scans fail only on what is new."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from piiaudit.scanner.app.baseline import DEFAULT_BASELINE, Baseline, BaselineError
from piiaudit.scanner.cli.main import EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK, fail_output, fail_usage, main
from piiaudit.scanner.cli.options import run_audit, scan_options
from piiaudit.scanner.cli.scan import open_baseline
from piiaudit.scanner.model import MARKS, EntryStatus, ScanResult


@main.group()
def baseline() -> None:
    """Record accepted findings so that nightly scans fail only on what is new (`scan --baseline`)."""


@baseline.command("create")
@scan_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="Where to write the baseline.",
)
def baseline_create(output: Path, **options: Any) -> None:
    """Scan SOURCES (same options as `scan`) and accept every finding as the baseline."""
    result = run_audit(options, quiet=True)
    write_baseline(Baseline.from_result(result), output, result)


@baseline.command("update")
@scan_options
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="The baseline to bring up to date.",
)
def baseline_update(baseline_path: Path, **options: Any) -> None:
    """Accept the current state: new findings are added, resolved ones dropped, marks kept."""
    previous = open_baseline(baseline_path)
    result = run_audit(options, quiet=True)
    write_baseline(Baseline.from_result(result, previous), baseline_path, result)


@baseline.command("mark")
@click.argument("baseline_path", metavar="BASELINE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("fingerprint")
@click.option("--as", "status", type=click.Choice(MARKS), required=True, help="What the finding is.")
@click.option("--by", required=True, help="Who decided.")
@click.option("--reason", required=True, help="Why.")
def baseline_mark(baseline_path: Path, fingerprint: str, status: EntryStatus, by: str, reason: str) -> None:
    """Mark a finding (by fingerprint, or a unique prefix) as a false positive or an accepted risk."""
    loaded = open_baseline(baseline_path)
    try:
        entry = loaded.mark(fingerprint, status, by, reason)
    except BaselineError as exc:
        fail_usage(str(exc))
    loaded.write(baseline_path)
    click.echo(f"{entry.fingerprint}: {entry.source} {entry.container or ''} {entry.entity} marked {status} by {by}")


def write_baseline(new: Baseline, path: Path, result: ScanResult) -> None:
    if result.interrupted:
        click.echo("Interrupted: the baseline was not written (it would hold a partial scan).", err=True)
        sys.exit(EXIT_INTERRUPTED)
    try:
        new.write(path)
    except OSError as exc:
        fail_output(exc)
    marked = sum(e.suppressed for e in new.entries.values())
    click.echo(f"{path}: {len(new.entries)} findings accepted ({marked} marked) from {len(result.sources)} sources")
    sys.exit(EXIT_INCOMPLETE if any(s.failed for s in result.sources) else EXIT_OK)
