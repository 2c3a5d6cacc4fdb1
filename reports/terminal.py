"""The terminal report: the answer first, then what needs action and what could not be read; every finding on request.

By default it fits a screen: the answer to "does the data match the policy?" in one line, the
counts per verdict, the findings that need action grouped by verdict and data category (each group
with its policy quote or "not mentioned in the policy", each finding as its dataset, container,
values, entity and data subject), the sources that failed, and one line on how to see everything.
``details`` adds the full findings table. Lines fit the console's width: paths are shortened in the
middle (``callcentre/…/24955345….cdr.json``) and entity names are never broken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from rich.console import Console
from rich.table import Table
from rich.text import Text

from piiaudit.reports.json_report import summary
from piiaudit.scanner.model import VERDICTS, BaselineDiff, Example, Finding, ScanResult, Verdict
from piiaudit.scanner.policy.taxonomy import default_taxonomy, entity_categories
from piiaudit.scanner.policy.verdicts import NEEDS_ACTION, NOT_MENTIONED

VERDICT_STYLE: dict[Verdict, str] = {"prohibited": "red", "incorrect": "magenta", "undisclosed": "yellow"}
ELLIPSIS = "…"
PLACES_WITHOUT_POLICY = 3  # places listed per kind of data without a policy; --details lists them all
MIN_WHERE_WIDTH = 24
INDENT = 4
MIN_PART = 16  # the least a shortened dataset or container keeps
MIN_DATASET = 20  # the least a dataset keeps beside a list of its containers


def shorten(text: str, width: int, separator: str = "/") -> str:
    """``text`` in at most ``width`` characters, cut in the middle: ``callcentre/…/24955345….cdr.json``.

    Middle parts between ``separator`` go first (the first and last parts are kept), then the first
    part, then the last part loses the middle of its name (its suffixes kept); else the middle is cut.
    """
    if len(text) <= width:
        return text
    parts = text.split(separator)
    for kept in range(len(parts) - 2, 0, -1):
        candidate = separator.join([parts[0], ELLIPSIS, *parts[-kept:]])
        if len(candidate) <= width:
            return candidate
    prefixes = [parts[0] + separator + ELLIPSIS + separator] if len(parts) > 2 else []
    prefixes += [ELLIPSIS + separator] if len(parts) > 1 else [""]
    for prefix in prefixes:
        name = shorten_name(parts[-1], width - len(prefix))
        if name is not None:
            return prefix + name
    return cut_middle(text, width)


def shorten_name(name: str, width: int) -> str | None:
    """A file name in ``width`` characters, its stem cut and its suffixes kept (``24955345….cdr.json``), or None."""
    if len(name) <= width:
        return name
    stem, dot, suffixes = name.partition(".")
    room = width - len(dot + suffixes) - 1
    return stem[:room] + ELLIPSIS + dot + suffixes if dot and stem and room >= 4 else None


def cut_middle(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    if width < 2:
        return text[:width]
    left = (width - 1) // 2
    return text[:left] + ELLIPSIS + text[len(text) - (width - 1 - left) :]


def place(finding: Finding, width: int) -> str:
    """``dataset › container`` in ``width`` characters: the container (a dotted path) keeps its end."""
    files = f" ({finding.files} files)" if finding.files > 1 else ""
    if len(finding.source) + len(files) + len(finding.container or "") + 3 > width:
        files = ""  # no room: the dataset's pattern (its *) says it is several files
    if not finding.container:
        return shorten(finding.source, width - len(files)) + files
    source = shorten(finding.source, max(MIN_PART // 2, width - len(files) - len(finding.container) - 3))
    container = shorten(finding.container, max(MIN_PART // 2, width - len(source) - len(files) - 3), ".")
    return cut_middle(f"{source}{files} › {container}", width)


def counted(number: int, noun: str) -> str:
    """``1 dataset``, ``2 datasets``, ``1,204 values``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def answer(result: ScanResult) -> str:
    """Does the data match the policy, in one line (without a policy: what was found)."""
    counts = summary(result)["findings_by_disclosure"]
    if not result.policy:
        kinds = len({f.entity for f in result.findings})
        datasets = len({f.source for f in result.findings})
        if not result.findings:
            return "No personal data found (no policy given, so nothing was checked against one)."
        found = f"{counted(len(result.findings), 'finding')} of {counted(kinds, 'kind')} of personal data"
        found += f" in {counted(datasets, 'dataset')}"
        return f"No policy given: {found}."
    flagged = {v: counts[v] for v in NEEDS_ACTION if counts.get(v)}
    if flagged:
        total = sum(flagged.values())
        which = ", ".join(f"{n} {v}" for v, n in flagged.items())
        findings = f"{total} finding{'s' if total != 1 else ''} conflict{'' if total != 1 else 's'}"
        return f"No: {findings} with the policy ({which})."
    if counts.get("vague"):
        return f"Mostly: nothing conflicts with the policy, but {counts['vague']} covered only in broad terms."
    return "Yes: every finding is disclosed in the policy." if result.findings else "Yes: no personal data found."


def verdict_counts(result: ScanResult) -> str:
    """``Findings: 2 prohibited · 0 incorrect · 18 undisclosed · 0 vague · 82 disclosed``."""
    counts = summary(result)["findings_by_disclosure"]
    return "Findings: " + " · ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS)


def why(finding: Finding) -> str:
    """The rule or quote behind a verdict, or the words "not mentioned in the policy"."""
    if finding.rule:
        return f"rule {finding.rule}"
    quotes = [f"“{ref['text']}” ({ref.get('section', '')})" for ref in finding.policy_refs if "rule" not in ref]
    notes = "; ".join(finding.notes)
    if quotes:
        return " ".join(quotes) + (f" [{notes}]" if notes else "")
    return notes or NOT_MENTIONED


def category_of(finding: Finding) -> str:
    return ", ".join(finding.categories or entity_categories().get(finding.entity, [])) or finding.entity


def category_name(key: str) -> str:
    """``Email address``; an entity without a category as itself."""
    taxonomy = default_taxonomy()
    return ", ".join(taxonomy.name(k) for k in key.split(", ")) if "." in key else key


class Place(NamedTuple):
    """The findings of one entity about one data subject in one dataset, its containers listed."""

    dataset: str
    files: int
    containers: tuple[str, ...]
    occurrences: int
    entity: str
    subject: str

    def where(self, width: int) -> str:
        """``dataset (4 files) › a, b``: the dataset shortened to leave room for its first container."""
        files = f" ({self.files} files)" if self.files > 1 else ""
        if not self.containers:
            return shorten(self.dataset, width - len(files)) + files
        if len(self.containers) > 1:  # containers shortened to one line where they can be, else it wraps
            for cut in range(max(MIN_PART, *map(len, self.containers)), MIN_PART - 1, -1):
                containers = ", ".join(shorten(c, cut, ".") for c in self.containers)
                if len(containers) + 3 + MIN_DATASET <= width:
                    break
            source = shorten(self.dataset, max(MIN_DATASET, width - len(containers) - 3))
            return f"{source} › {containers}"
        room = width - len(files) - len(self.containers[0]) - 3
        if room < len(self.dataset):
            files = ""  # no room: the dataset's pattern (its *) says it is several files
        source = shorten(self.dataset, max(MIN_PART // 2, width - len(files) - len(self.containers[0]) - 3))
        container = shorten(self.containers[0], max(MIN_PART // 2, width - len(source) - len(files) - 3), ".")
        return cut_middle(f"{source}{files} › {container}", width)


def places(findings: Iterable[Finding]) -> list[Place]:
    """Findings merged per dataset, entity and subject, in dataset order."""
    merged: dict[tuple[str, str, str], list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (f.source, f.entity, f.container or "")):
        merged.setdefault((f.source, f.entity, f.subject or ""), []).append(f)
    return [
        Place(
            dataset,
            max(f.files for f in group),
            tuple(f.container for f in group if f.container),
            sum(f.occurrences for f in group),
            entity,
            subject,
        )
        for (dataset, entity, subject), group in merged.items()
    ]


def by_key(findings: Iterable[Finding], key: Callable[[Finding], str]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (key(f), category_of(f))):
        grouped.setdefault(key(f), []).append(f)
    return grouped


class Columns(NamedTuple):
    """The widths of a section's columns, so that its groups line up."""

    category: int
    where: int
    values: int
    entity: int


def columns_for(rows: Sequence[tuple[str, Place]], width: int) -> Columns:
    """Room for the place: the console's width less the other columns (names are never cut)."""
    category = max(len(name) for name, _ in rows)
    count = max(len(f"{p.occurrences:,} ×") for _, p in rows)
    entity = max(len(p.entity) for _, p in rows)
    subject = max(len(p.subject) for _, p in rows)
    gaps = 5 if category else 4
    room = max(MIN_WHERE_WIDTH, width - INDENT - category - count - entity - subject - gaps)
    return Columns(category, min(room, max(len(p.where(room)) for _, p in rows)), count, entity)


def places_grid(rows: Sequence[tuple[str, Place]], columns: Columns) -> Table:
    """One line per place (a category's name on its first): where, values × entity, data subject.

    Names are never cut or read as markup; a list of containers wraps between them.
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=INDENT - 1, no_wrap=True)
    if columns.category:
        grid.add_column(no_wrap=True, width=columns.category)
    grid.add_column(overflow="fold", width=columns.where)
    grid.add_column(justify="right", no_wrap=True, width=columns.values)
    grid.add_column(no_wrap=True, width=columns.entity)
    grid.add_column(no_wrap=True, style="dim")
    for name, p in rows:
        cells = [p.where(columns.where), f"{p.occurrences:,} ×", p.entity, p.subject]
        grid.add_row("", *([Text(name, style="bold")] if columns.category else []), *(Text(c) for c in cells))
    return grid


def named_rows(findings: Iterable[Finding]) -> list[tuple[str, Place]]:
    """The places of ``findings`` by data category, the category's name on its first place only."""
    rows = []
    for key, group in by_key(findings, category_of).items():
        rows += [(category_name(key) if n == 0 else "", p) for n, p in enumerate(places(group))]
    return rows


def print_basis(basis: str, console: Console) -> None:
    """The quote, rule or note behind the verdicts below it, wrapped under its indent."""
    grid = Table.grid()
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("", Text(basis + ":", style="italic"))
    console.print(grid)


def print_actions(result: ScanResult, console: Console) -> None:
    """Prohibited, incorrect and undisclosed findings, by the basis of their verdict and then data category."""
    for verdict in NEEDS_ACTION:
        flagged = [f for f in result.findings if f.disclosure == verdict]
        if not flagged:
            continue
        console.print(f"\n[bold {VERDICT_STYLE[verdict]}]{verdict.upper()}[/] · {counted(len(flagged), 'finding')}")
        sections = {basis: named_rows(group) for basis, group in by_key(flagged, why).items()}
        columns = columns_for([row for rows in sections.values() for row in rows], console.width)
        for basis, rows in sections.items():
            print_basis(basis, console)
            console.print(places_grid(rows, columns))


def print_found(result: ScanResult, console: Console) -> None:
    """Without a policy: each kind of data, with the first few datasets and columns it is in."""
    sections = {key: places(group) for key, group in by_key(result.findings, category_of).items()}
    shown = [("", p) for found in sections.values() for p in found[:PLACES_WITHOUT_POLICY]]
    if not shown:
        return
    columns = columns_for(shown, console.width)
    for key, found in sections.items():
        total = sum(p.occurrences for p in found)
        heading = Text("  ") + Text(f"{category_name(key)} ({key})", style="bold")
        console.print(heading + Text(f": {counted(total, 'value')} in {counted(len(found), 'place')}"))
        console.print(places_grid([("", p) for p in found[:PLACES_WITHOUT_POLICY]], columns))
        if len(found) > PLACES_WITHOUT_POLICY:
            rest = found[PLACES_WITHOUT_POLICY:]
            datasets = counted(len({p.dataset for p in rest}), "dataset")
            console.print(Text(f"    … and {len(rest)} more in {datasets} (--details)", style="dim"))


def attention(result: ScanResult) -> list[tuple[str, str]]:
    """(source, problem) for each source that failed or was read only in part, one line each."""
    lines = []
    for s in result.sources:
        problems = [s.error or "error"] if s.status == "error" else []
        problems += [f"table {t.name}: {t.error}" for t in s.tables if t.status == "error"]
        if s.record_errors:
            first = s.record_errors[0]
            more = len(s.record_errors) - 1
            problems.append(f"row {first.row}: {first.reason}" + (f" (and {more} more bad records)" if more else ""))
        lines += [(s.uri, problem) for problem in problems]
    return lines


def print_attention(result: ScanResult, console: Console) -> None:
    """The sources that could not be read completely."""
    failed = attention(result)
    if not failed:
        return
    sources = len({uri for uri, _ in failed})
    console.print(f"\n[bold red]Not fully scanned[/] · {counted(sources, 'source')}")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3)
    grid.add_column(no_wrap=True, max_width=max(MIN_WHERE_WIDTH, console.width // 3))
    grid.add_column(overflow="fold")
    for uri, problem in failed:
        grid.add_row("", Text(shorten(uri, max(MIN_WHERE_WIDTH, console.width // 3))), Text(problem))
    console.print(grid)


def print_without_subject(result: ScanResult, console: Console) -> None:
    """The sources whose findings have no data subject, and how to bind them."""
    sources = result.sources_without_subject()
    if not sources:
        return
    console.print(f"\n[bold]No data subject[/] · {counted(len(sources), 'source')}")
    grid = Table.grid()
    grid.add_column(width=INDENT, no_wrap=True)
    grid.add_column(overflow="fold")
    width = max(MIN_WHERE_WIDTH, console.width - INDENT)
    grid.add_row("", Text(", ".join(shorten(source, width) for source in sources)))
    grid.add_row(
        "",
        Text(
            "A category counts as disclosed only where the policy declares it for every subject; bind these "
            "under sources: in the scan configuration, or use --subject.",
            style="italic",
        ),
    )
    console.print(grid)


def print_findings_table(result: ScanResult, console: Console) -> None:
    """Every finding, one line each (``--details``): paths shortened to fit, entity names never cut."""
    names = ["Where", "Entity", "Count", "Conf.", "Example", "At"]
    if any(f.disclosure for f in result.findings):
        names.append("Verdict")
    if result.baseline is not None:
        names.append("Baseline")
    full = [detail_cells(f, result, 200) for f in result.findings]
    needed = [max(len(name), *(len(row[i]) for row in full)) for i, name in enumerate(names)]
    fixed = sum(needed) - needed[0] - needed[4] - needed[5] + 2 * (len(names) - 1)
    room = max(MIN_WHERE_WIDTH, console.width - fixed)
    at = min(needed[5], max(8, room // 4))
    example = min(needed[4], max(6, room // 4))
    widths = [max(room - at - example, 8), *needed[1:4], example, at, *needed[6:]]
    widths[0] = min(widths[0], needed[0])
    console.print("\n[bold]Every finding[/]")
    console.print(Text(table_line(names, widths), style="bold"), soft_wrap=True)
    for f in result.findings:
        console.print(Text(table_line(detail_cells(f, result, widths[0]), widths)), soft_wrap=True)


def table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Cells padded to their widths, two spaces apart; counts right-aligned, a cell too long cut at its end."""
    padded = []
    for index, (cell, column_width) in enumerate(zip(cells, widths, strict=False)):
        text = cell if len(cell) <= column_width else cell[: column_width - 1] + ELLIPSIS
        padded.append(text.rjust(column_width) if index in (2, 3) else text.ljust(column_width))
    return "  ".join(padded).rstrip()


def detail_cells(finding: Finding, result: ScanResult, where_width: int) -> list[str]:
    """A finding's cells in the details table: place, entity, count, confidence, example, verdict, baseline."""
    example = finding.examples[0] if finding.examples else None
    cells = [
        place(finding, where_width),
        finding.entity,
        f"{finding.occurrences:,}",
        f"{finding.confidence:.2f}",
        example.masked if example else "",
        example_place(finding, example) if example else "",
    ]
    if any(f.disclosure for f in result.findings):
        cells.append(finding.disclosure or "")
    if result.baseline is not None:
        cells.append(finding.baseline or "")
    return cells


def example_place(finding: Finding, example: Example) -> str:
    """``row 7``, or ``row 1 of 24955345-….cdr.json`` for an example in one of a dataset's files."""
    file = example.file or finding.source
    if file == finding.source:
        return f"row {example.row}"
    return f"row {example.row} of {file.rsplit('/', 1)[-1]}"


def print_explanations(result: ScanResult, console: Console) -> None:
    """Why each finding scored what it did: patterns, validation, context words, column name."""
    console.print("\n[bold]Why[/bold]")
    for f in result.findings:
        where = f"{f.source} › {f.container}" if f.container else f.source
        console.print(f"{where} › {f.entity} ({f.detector}, confidence {f.confidence:.2f})", markup=False)
        details = [f"{d} ×{n}" for d, n in sorted(f.details.items())]
        console.print("    " + ", ".join(f.reasons + details), markup=False, soft_wrap=True)


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


def print_baseline(b: BaselineDiff, console: Console) -> None:
    """New and resolved findings since the baseline."""
    console.print(
        f"\nBaseline {b.file}: {b.new} new, {len(b.resolved)} resolved, "
        f"{b.unchanged} unchanged, {b.suppressed} suppressed",
        markup=False,
    )
    for entry in b.resolved:
        where = f"{entry.source} › {entry.container}" if entry.container else entry.source
        console.print(f"  resolved: {where}: {entry.entity} ({entry.disclosure or 'no policy'})", markup=False)


def print_header(result: ScanResult, console: Console) -> None:
    """The policy checked against, the answer, and the counts per verdict."""
    if result.policy:
        policy = result.policy
        console.print(f"Policy: {policy['organization']} — {policy['title']} ({policy['last_updated']})", markup=False)
    console.print(f"[bold]{answer(result)}[/]", highlight=False)
    if result.policy:
        console.print(verdict_counts(result), highlight=False)


def print_summary(result: ScanResult, console: Console, explain: bool = False, details: bool = False) -> None:
    """The terminal report: short by default (one screen), every finding with ``details``."""
    print_header(result, console)
    if result.policy:
        print_actions(result, console)
    else:
        print_found(result, console)
    print_attention(result, console)
    print_without_subject(result, console)
    if result.baseline is not None:
        print_baseline(result.baseline, console)
    if details and result.findings:
        print_findings_table(result, console)
    if explain:
        print_explanations(result, console)
    if not details and result.findings:
        console.print(
            f"Every finding ({len(result.findings)}): add --details (-v), "
            "or write the page with --format html -o FILE.",
            highlight=False,
        )
    console.print(summary_line(result), markup=False, highlight=False, soft_wrap=True)
