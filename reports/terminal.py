"""The terminal summary: findings per source and column, sources that failed, and one summary line."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from piiaudit.reports.json_report import summary
from piiaudit.scanner.model import BaselineDiff, Example, Finding, ScanResult, Verdict
from piiaudit.scanner.policy.taxonomy import default_taxonomy
from piiaudit.scanner.policy.verdicts import NEEDS_ACTION, NOT_MENTIONED

VERDICT_STYLE: dict[Verdict, str] = {"prohibited": "red", "incorrect": "magenta", "undisclosed": "yellow"}


def findings_table(result: ScanResult) -> Table:
    table = Table(title="Personal data found", title_justify="left")
    verdicts = any(f.disclosure for f in result.findings)
    names = ("Source", "Container", "Entity", "Count", "Conf.", "Example") + (("Verdict",) if verdicts else ())
    if result.baseline is not None:
        names += ("Baseline",)
    for name in names:
        table.add_column(name, justify="right" if name in ("Count", "Conf.") else "left", overflow="fold")
    for f in result.findings:
        example = f.examples[0] if f.examples else None
        cells = [
            f"{f.source} ({f.files} files)" if f.files > 1 else f.source,
            f.container or "—",
            f.entity,
            str(f.occurrences),
            f"{f.confidence:.2f}",
            f"{example.masked} ({example_place(f, example)})" if example else "",
        ]
        if verdicts:
            cells.append(f.disclosure or "")
        if result.baseline is not None:
            cells.append(f.baseline or "")
        table.add_row(*cells)
    return table


def example_place(finding: Finding, example: Example) -> str:
    """``row 7``, or ``a.cdr.json row 1`` for an example in one of a dataset's files."""
    file = example.file or finding.source
    return f"row {example.row}" if file == finding.source else f"{file.rsplit('/', 1)[-1]} row {example.row}"


def print_explanations(result: ScanResult, console: Console) -> None:
    """Why each finding scored what it did: patterns, validation, context words, column name."""
    console.print("\n[bold]Why[/bold]")
    for f in result.findings:
        where = f"{f.source} › {f.container}" if f.container else f.source
        console.print(f"{where} › {f.entity} ({f.detector}, confidence {f.confidence:.2f})", markup=False)
        details = [f"{d} ×{n}" for d, n in sorted(f.details.items())]
        console.print("    " + ", ".join(f.reasons + details), markup=False, soft_wrap=True)


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
        for t in s.tables:
            if t.status == "error":
                table.add_row(s.uri, f"table {t.name}: {t.error}")
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
    if result.baseline is not None:
        b = result.baseline
        parts += [f"new={b.new}", f"resolved={len(b.resolved)}", f"suppressed={b.suppressed}"]
    parts.append(f"duration={result.duration_s:.2f}s")
    return "piiaudit: " + " ".join(parts)


def print_verdicts(result: ScanResult, console: Console) -> None:
    """Prohibited, incorrect and undisclosed findings first, grouped by category, each with its policy quote."""
    taxonomy = default_taxonomy()
    for verdict in NEEDS_ACTION:
        flagged = [f for f in result.findings if f.disclosure == verdict]
        if not flagged:
            continue
        console.print(f"\n[bold {VERDICT_STYLE[verdict]}]{verdict.upper()}[/] ({len(flagged)} findings)")
        groups: dict[str, list[Finding]] = {}
        for f in flagged:
            groups.setdefault(", ".join(f.categories) or f.entity, []).append(f)
        for key, findings in groups.items():
            names = ", ".join(taxonomy.name(k) for k in key.split(", "))
            console.print(f"  {names} [dim]({key})[/]")
            for f in findings:
                where = f"{f.source} › {f.container}" if f.container else f.source
                subject = f" [{f.subject}]" if f.subject else ""
                console.print(f"    {where}: {f.occurrences} × {f.entity}{subject}", markup=False)
            console.print(f"    {why(findings[0])}", markup=False, soft_wrap=True)


def why(finding: Finding) -> str:
    """The rule or quote behind a verdict, or the words "not mentioned in the policy"."""
    if finding.rule:
        return f"rule {finding.rule}"
    quotes = [f"“{ref['text']}” ({ref.get('section', '')})" for ref in finding.policy_refs if "rule" not in ref]
    notes = "; ".join(finding.notes)
    return " ".join(quotes + ([f"[{notes}]"] if notes else [])) or NOT_MENTIONED


def print_baseline(b: BaselineDiff, console: Console) -> None:
    """New and resolved findings since the baseline."""
    console.print(
        f"Baseline {b.file}: {b.new} new, {len(b.resolved)} resolved, "
        f"{b.unchanged} unchanged, {b.suppressed} suppressed",
        markup=False,
    )
    for entry in b.resolved:
        where = f"{entry.source} › {entry.container}" if entry.container else entry.source
        console.print(f"  resolved: {where}: {entry.entity} ({entry.disclosure or 'no policy'})", markup=False)


def print_without_subject(result: ScanResult, console: Console) -> None:
    """One line naming the sources whose findings have no data subject, and how to bind them."""
    sources = result.sources_without_subject()
    if sources:
        console.print(
            f"No data subject for: {', '.join(sources)}. A category counts as disclosed only where the policy declares "
            "it for every subject; bind these under sources: in the scan configuration, or use --subject.",
            markup=False,
            highlight=False,
        )


def print_summary(result: ScanResult, console: Console, explain: bool = False) -> None:
    if result.policy:
        policy = result.policy
        console.print(f"Policy: {policy['organization']} — {policy['title']} ({policy['last_updated']})", markup=False)
        print_verdicts(result, console)
        console.print()
    if result.findings:
        console.print(findings_table(result))
        if explain:
            print_explanations(result, console)
    else:
        console.print("No personal data found.")
    if result.baseline is not None:
        print_baseline(result.baseline, console)
    print_without_subject(result, console)
    failed = failed_sources_table(result)
    if failed is not None:
        console.print(failed)
    console.print(summary_line(result), markup=False, highlight=False)
