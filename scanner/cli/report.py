"""``piiaudit report``: render a saved JSON report in another format, without scanning again."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from piiaudit.reports.terminal import print_summary
from piiaudit.scanner.app.saved import ReportError, load_report
from piiaudit.scanner.cli.main import fail_output, fail_usage, main
from piiaudit.scanner.cli.scan import FILE_FORMATS, write_format


@main.command("report")
@click.argument("report_path", metavar="REPORT.json", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", *FILE_FORMATS]),
    default="terminal",
    show_default=True,
    help="What to write: the terminal summary, or a file format of `scan --format` (Parquet and HTML need -o).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("-v", "--details", is_flag=True, help="Terminal summary: also print every finding in a table.")
@click.option("--explain", is_flag=True, help="Terminal summary: show why each finding scored what it did.")
def report(report_path: Path, fmt: str, output: Path | None, details: bool, explain: bool) -> None:
    """Render REPORT.json (written by `scan --format json`) as the scan would have: HTML, SARIF, CSV, Parquet
    or the terminal summary. A nightly job keeps the JSON and renders the page when someone asks for it."""
    if fmt in FILE_FORMATS and FILE_FORMATS[fmt][0] is None and not output:
        fail_usage(f"--format {fmt} needs -o FILE")
    try:
        result = load_report(report_path)
    except ReportError as exc:
        fail_usage(str(exc))
    try:
        if fmt == "terminal":
            print_summary(result, Console(highlight=False), explain, details)
        else:
            write_format(result, fmt, output)
    except OSError as exc:
        fail_output(exc)
