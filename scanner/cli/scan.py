"""``piiaudit scan``: scan, then render the result in the format asked for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from piiaudit.reports.html import write_html
from piiaudit.reports.json_report import render_json, write_json
from piiaudit.reports.sarif import render_sarif, write_sarif
from piiaudit.reports.tabular import render_csv, write_csv, write_parquet
from piiaudit.reports.terminal import print_summary, summary_line
from piiaudit.scanner.app import exit_status
from piiaudit.scanner.app.audit import FailOn
from piiaudit.scanner.app.baseline import Baseline, BaselineError, compare, load_baseline
from piiaudit.scanner.cli.main import EXIT_INTERRUPTED, fail_output, fail_usage, main
from piiaudit.scanner.cli.options import run_audit, scan_options
from piiaudit.scanner.model import VERDICTS, ScanResult
from piiaudit.scanner.policy.verdicts import FAILING_BY_DEFAULT
from piiaudit.scanner.run.local import CUT_SHORT, NOT_REACHED

# report formats written to -o FILE, or to stdout where a renderer is given (docs/report-format.md)
FILE_FORMATS = {
    "json": (render_json, write_json),
    "sarif": (render_sarif, write_sarif),
    "csv": (render_csv, write_csv),
    "parquet": (None, write_parquet),
    "html": (None, write_html),
}


@main.command()
@scan_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *FILE_FORMATS]),
    default="table",
    show_default=True,
    help="Report format: a terminal summary, the JSON report, SARIF 2.1.0, findings as CSV/Parquet, or the "
    "HTML report for a DPO (docs/report-format.md). Parquet and HTML need -o.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option(
    "--occurrences",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every single occurrence (masked) to this .jsonl or .parquet file.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Compare with this baseline: report new and resolved findings; only new ones set the exit status.",
)
@click.option(
    "--fail-on",
    type=click.Choice([*(v for v in VERDICTS if v != "disclosed"), "any"]),
    multiple=True,
    help="Verdicts that make the exit status 1 (repeatable). Default: prohibited, incorrect, undisclosed. "
    "`any`: every finding that is not disclosed, also without a policy.",
)
@click.option("--explain", is_flag=True, help="Show why each finding scored what it did.")
@click.option("-v", "--details", is_flag=True, help="Terminal summary: also print every finding in a table.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line (and errors).")
def scan(
    fmt: str,
    output: Path | None,
    occurrences: Path | None,
    baseline_path: Path | None,
    fail_on: tuple[FailOn, ...],
    explain: bool,
    details: bool,
    quiet: bool,
    **options: Any,
) -> None:
    """Scan files, folders and databases for personal data.

    SOURCES are files or directories (walked recursively): CSV/TSV, JSON, JSON Lines, Parquet, XLSX,
    .txt and .log files and SQLite databases (.db/.sqlite/.sqlite3); or SQLAlchemy database URLs such
    as sqlite:///crm.db, postgresql+psycopg://user@host/db, mysql+pymysql://user@host/db (password
    from the URL, PIIAUDIT_DB_PASSWORD or ~/.pgpass; never shown). Call-centre exports (Asterisk,
    FreeSWITCH, Twilio, Amazon Connect, Genesys Cloud, web chat, Twitter archive) are recognised by
    content. Evidence in every output is masked.

    \b
    Exit status:
      0  scan complete, nothing to flag
      1  findings with a verdict in --fail-on (with --baseline: new ones only)
      2  usage error: bad flag, missing path, unusable configuration or policy
      3  some source, table or record could not be read (the rest was scanned)
      4  the report, baseline or occurrences file could not be written
    130  interrupted (Ctrl-C); the report written lists what was not scanned
    """
    render = FILE_FORMATS[fmt][0] if fmt in FILE_FORMATS else print_summary
    if render is None and not output:
        fail_usage(f"--format {fmt} needs -o FILE")
    baseline = open_baseline(baseline_path) if baseline_path else None
    result = run_audit(options, quiet, occurrences)
    if baseline is not None and baseline_path is not None:
        result = compare(result, baseline, baseline_path)
    try:
        emit(result, fmt, output, explain, quiet, details)
    except OSError as exc:
        fail_output(exc)
    if result.interrupted:
        reached = sum(s.error not in (NOT_REACHED, CUT_SHORT) for s in result.sources)
        click.echo(
            f"Interrupted: {reached} of {len(result.sources)} sources scanned; the report lists the others as not "
            "scanned." + (" Run the same command again to continue." if options.get("checkpoint") else ""),
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(exit_status(result, set(fail_on) or FAILING_BY_DEFAULT))


def write_format(result: ScanResult, fmt: str, output: Path | None) -> None:
    """The report in a file format of ``FILE_FORMATS``: written to ``output``, else printed."""
    render, write = FILE_FORMATS[fmt]
    if output:
        write(result, output)
    elif render is not None:
        click.echo(render(result), nl=False)


def open_baseline(path: Path) -> Baseline:
    try:
        return load_baseline(path)
    except BaselineError as exc:
        fail_usage(str(exc))


def emit(result: ScanResult, fmt: str, output: Path | None, explain: bool, quiet: bool, details: bool = False) -> None:
    console = Console(highlight=False)
    if fmt in FILE_FORMATS:
        write_format(result, fmt, output)
        if not output:
            return
    if quiet:
        click.echo(summary_line(result))
        return
    print_summary(result, console, explain, details)
