"""The terminal summary: findings per source and column, sources that failed, and one summary line."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from reports.json_report import summary
from scanner.model import ScanResult


def findings_table(result: ScanResult) -> Table:
    table = Table(title="Personal data found", title_justify="left")
    for name in ("Source", "Container", "Entity", "Count", "Conf.", "Example"):
        table.add_column(name, justify="right" if name in ("Count", "Conf.") else "left", overflow="fold")
    for f in result.findings:
        example = f.examples[0] if f.examples else None
        cells = [
            f.source,
            f.container or "—",
            f.entity,
            str(f.occurrences),
            f"{f.confidence:.2f}",
            f"{example.masked} (row {example.row})" if example else "",
        ]
        table.add_row(*cells)
    return table


def print_explanations(result: ScanResult, console: Console) -> None:
    """Why each finding scored what it did: patterns, validation, context words, column name."""
    console.print("\n[bold]Why[/bold]")
    for f in result.findings:
        where = f"{f.source} › {f.container}" if f.container else f.source
        console.print(f"{where} › {f.entity} ({f.detector}, confidence {f.confidence:.2f})", markup=False)
        console.print("    " + ", ".join(f.reasons), markup=False, soft_wrap=True)


def failed_sources_table(result: ScanResult) -> Table | None:
    failed = [s for s in result.sources if s.failed]
    if not failed:
        return None
    table = Table(title="Sources not fully scanned", title_justify="left", title_style="bold red")
    table.add_column("Source")
    table.add_column("Problem", overflow="fold")
    for s in failed:
        if s.status == "error":
            table.add_row(s.uri, s.error or "error")
        for e in s.record_errors[:5]:
            table.add_row(s.uri, f"row {e.row}: {e.reason}")
        if len(s.record_errors) > 5:
            table.add_row(s.uri, f"… and {len(s.record_errors) - 5} more bad records")
    return table


def summary_line(result: ScanResult) -> str:
    """One machine-readable line: ``piiaudit: sources=6 failed=0 findings=31 occurrences=904 …``."""
    s = summary(result)
    parts = [
        f"sources={s['sources']}",
        f"failed={s['failed_sources']}",
        f"findings={s['findings']}",
        f"occurrences={s['occurrences']}",
    ]
    parts += [f"{verdict}={n}" for verdict, n in s["findings_by_disclosure"].items()]
    parts.append(f"duration={result.duration_s:.2f}s")
    return "piiaudit: " + " ".join(parts)


def print_summary(result: ScanResult, console: Console, explain: bool = False) -> None:
    if result.findings:
        console.print(findings_table(result))
        if explain:
            print_explanations(result, console)
    else:
        console.print("No personal data found.")
    failed = failed_sources_table(result)
    if failed is not None:
        console.print(failed)
    console.print(summary_line(result), markup=False, highlight=False)
