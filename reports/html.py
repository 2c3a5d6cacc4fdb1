"""The HTML report: one self-contained file a Data Protection Officer reads without tooling.

Rendered with Jinja2 (autoescaped) from reports/templates/. CSS, JavaScript and the SVG charts are
inline and nothing is fetched, so the file opens from an e-mail attachment or an air-gapped laptop.
Evidence is masked, as in every report: only ``Example.masked`` values reach the page.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from piiaudit.scanner import __version__
from piiaudit.scanner.model import VERDICTS, BaselineDiff, Finding, ScanResult, SourceResult, Verdict, severity
from piiaudit.scanner.model.storage import write_private
from piiaudit.scanner.policy.taxonomy import default_taxonomy, entity_categories
from piiaudit.scanner.policy.verdicts import NEEDS_ACTION, NOT_MENTIONED
from piiaudit.scanner.sources import formats

FOUND = "found"  # the one bar colour when there is no policy, hence no verdicts
VERDICT_MEANING: dict[Verdict, str] = {
    "prohibited": "must not be stored at all, whatever the policy says",
    "incorrect": "the policy says this is not collected",
    "undisclosed": "stored, but the policy does not mention it for these people",
    "vague": "the policy mentions it only in broad terms",
    "disclosed": "stored as the policy says",
}
CHART_WIDTH, LABEL_WIDTH, VALUE_WIDTH, BAR_HEIGHT, BAR_GAP = 720, 230, 60, 20, 8


@dataclass(frozen=True)
class PolicyBasis:
    """A quote from the policy and its section, or a prohibiting rule's name and reference, behind a verdict."""

    text: str
    section: str
    rule: bool = False


@dataclass(frozen=True)
class Row:
    """One finding as the findings table shows it."""

    finding: Finding
    category: str
    subject: str
    where: str
    rows: str
    example: str
    confidence: str
    basis: tuple[PolicyBasis, ...]
    notes: tuple[str, ...]
    new: bool

    @property
    def verdict(self) -> str:
        """The finding's verdict, or "" without a policy."""
        return self.finding.disclosure or ""

    @property
    def quoted(self) -> bool:
        """Whether the policy text says anything about it (a rule is not the policy)."""
        return any(not b.rule for b in self.basis)

    @property
    def rank(self) -> int:
        return severity(self.finding.disclosure) if self.finding.disclosure else 0


@dataclass(frozen=True)
class Issue:
    """The findings of one verdict and data category, summed for the first screen."""

    verdict: Verdict
    category: str
    occurrences: int
    subjects: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    kind: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    total: int
    segments: tuple[Segment, ...]

    @property
    def end(self) -> float:
        return self.segments[-1].x + self.segments[-1].width if self.segments else LABEL_WIDTH


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart, laid out here and drawn as inline SVG by the template."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> float:
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    @property
    def kinds(self) -> list[str]:
        return sorted(dict.fromkeys(s.kind for b in self.bars for s in b.segments), key=legend_order)


@dataclass(frozen=True)
class MapCell:
    occurrences: int
    verdict: str


@dataclass(frozen=True)
class DataMap:
    """Data categories × sources: where each kind of personal data was found, and how many values."""

    sources: tuple[str, ...]
    rows: tuple[tuple[str, tuple[MapCell | None, ...]], ...]


@dataclass(frozen=True)
class Unfound:
    """A category the policy declares that the scan found nowhere."""

    key: str
    name: str
    subjects: tuple[str, ...]
    detectable: bool


@dataclass(frozen=True)
class ScopeRow:
    source: SourceResult
    subject: str
    records: str


def legend_order(kind: str) -> int:
    return VERDICTS.index(kind) if kind in VERDICTS else len(VERDICTS)


def finding_categories(finding: Finding) -> list[str]:
    """The finding's categories; without a policy, the entity's usual category."""
    return finding.categories or entity_categories().get(finding.entity, [])


def category_name(finding: Finding) -> str:
    taxonomy = default_taxonomy()
    return ", ".join(taxonomy.name(k) for k in finding_categories(finding)) or finding.entity


def example_places(finding: Finding, unit: str) -> str:
    """``rows 2, 7``; in a dataset of several files, each row with its file: ``row 1 of a.json, row 1 of b.json``."""
    if not finding.examples:
        return ""
    if all(e.file in (None, finding.source) for e in finding.examples):
        numbers = ", ".join(str(e.row) for e in finding.examples)
        return f"{unit}{'s' if len(finding.examples) > 1 else ''} {numbers}"
    return ", ".join(f"{unit} {e.row} of {PurePosixPath(e.file or finding.source).name}" for e in finding.examples)


def where_found(finding: Finding, kind: str) -> tuple[str, str]:
    """(container in words, example rows or lines): ``column ssn`` / ``rows 2, 7``; ``lines 21, 34`` for text."""
    rows = example_places(finding, "line" if formats.rows_are_lines(kind) else "row")
    files = f" (in {finding.files} files)" if finding.files > 1 else ""
    container = finding.container
    if container is None:
        return files.strip(" ()"), rows
    if formats.file_syntax(kind, finding.source) == "xlsx" and "." in container:
        sheet, column = container.split(".", 1)
        return f"sheet {sheet}, column {column}{files}", rows
    return f"{formats.container_word(kind)} {container}{files}", rows


def confidence_words(score: float) -> str:
    level = "high" if score >= 0.85 else "medium" if score >= 0.6 else "low"
    return f"{level} ({score:.2f})"


def policy_basis(finding: Finding) -> tuple[PolicyBasis, ...]:
    """The quotes behind the verdict; a prohibiting rule as its name, with its reference as the section."""
    rule_name = finding.rule.split(": ", 1)[-1] if finding.rule else ""
    return tuple(
        PolicyBasis(rule_name, ref["text"], rule=True)
        if "rule" in ref
        else PolicyBasis(ref["text"], ref.get("section", ""))
        for ref in finding.policy_refs
    )


def build_rows(findings: Iterable[Finding], result: ScanResult, subjects: Mapping[str, str]) -> list[Row]:
    """Findings as table rows, most serious verdict first."""
    kinds = {s.dataset or s.uri: s.kind for s in result.sources}
    rows = []
    for f in findings:
        where, example_rows = where_found(f, kinds.get(f.source, ""))
        rows.append(
            Row(
                finding=f,
                category=category_name(f),
                subject=subjects.get(f.subject, f.subject) if f.subject else "not determined",
                where=where,
                rows=example_rows,
                example=f.examples[0].masked if f.examples else "",
                confidence=confidence_words(f.confidence),
                basis=policy_basis(f),
                notes=tuple(n for n in f.notes if n != NOT_MENTIONED),
                new=f.baseline == "new",
            )
        )
    return sorted(rows, key=lambda r: (r.rank, r.category, r.finding.source, r.finding.container or ""))


def issues(rows: Iterable[Row]) -> list[Issue]:
    """Prohibited, incorrect and undisclosed findings grouped by verdict and category, most serious first."""
    groups: dict[tuple[Verdict, str], list[Row]] = defaultdict(list)
    for row in rows:
        verdict = row.finding.disclosure
        if verdict in NEEDS_ACTION:
            groups[verdict, row.category].append(row)
    summed = [
        Issue(
            verdict,
            category,
            sum(r.finding.occurrences for r in group),
            tuple(sorted({r.subject for r in group})),
            tuple(sorted({r.finding.source for r in group})),
        )
        for (verdict, category), group in groups.items()
    ]
    return sorted(summed, key=lambda i: (severity(i.verdict), -i.occurrences))


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    counts: Mapping[str, Counter[str]],
    longest_first: bool = True,
) -> BarChart:
    """Stacked bars, one per label, one segment per kind (a verdict, or ``found``); longest first or as given."""
    scale = (CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max((sum(c.values()) for c in counts.values()), default=1)
    ordered = list(counts.items())
    if longest_first:
        ordered.sort(key=lambda item: (-sum(item[1].values()), item[0]))
    bars = []
    for index, (label, by_kind) in enumerate(ordered):
        x, segments = float(LABEL_WIDTH), []
        for kind in sorted(by_kind, key=legend_order):
            width = by_kind[kind] * scale
            segments.append(Segment(kind, round(x, 1), round(width, 1), by_kind[kind]))
            x += width
        bars.append(Bar(label, BAR_GAP + index * (BAR_HEIGHT + BAR_GAP), sum(by_kind.values()), tuple(segments)))
    return BarChart(chart_id, title, description, tuple(bars))


def finding_charts(rows: list[Row]) -> list[BarChart]:
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        by_category[row.category][row.verdict or FOUND] += 1
        by_source[row.finding.source][row.verdict or FOUND] += 1
    return [
        bar_chart(
            "chart-categories",
            "Findings per data category",
            "Number of findings of each kind of personal data, coloured by verdict.",
            by_category,
        ),
        bar_chart(
            "chart-sources",
            "Findings per source",
            "Number of findings in each scanned source, coloured by verdict.",
            by_source,
        ),
    ]


def baseline_chart(baseline: BaselineDiff) -> BarChart:
    counts = baseline_counts(baseline)
    return bar_chart(
        "chart-baseline",
        f"Compared with {baseline.label}",
        "Findings that are new since the baseline scan, resolved since then, and unchanged.",
        {label: Counter({label.lower(): n}) for label, n in counts.items() if n},
        longest_first=False,
    )


def baseline_counts(baseline: BaselineDiff) -> dict[str, int]:
    """New, resolved and unchanged findings; suppressed ones were in the baseline too, so they count as unchanged."""
    unchanged = baseline.unchanged + baseline.suppressed
    return {"New": baseline.new, "Resolved": len(baseline.resolved), "Unchanged": unchanged}


def data_map(rows: list[Row]) -> DataMap:
    """Categories (most serious verdict first) × sources, each cell summing its findings' occurrences."""
    cells: dict[tuple[str, str], list[Row]] = defaultdict(list)
    worst_rank: dict[str, int] = {}
    for row in rows:
        cells[row.category, row.finding.source].append(row)
        worst_rank[row.category] = min(worst_rank.get(row.category, row.rank), row.rank)
    categories = sorted(worst_rank, key=lambda c: (worst_rank[c], c))
    sources = tuple(sorted({s for _, s in cells}))
    return DataMap(
        sources,
        tuple((c, tuple(map_cell(cells.get((c, s), [])) for s in sources)) for c in categories),
    )


def map_cell(rows: list[Row]) -> MapCell | None:
    if not rows:
        return None
    worst = min(rows, key=lambda r: r.rank)
    return MapCell(sum(r.finding.occurrences for r in rows), worst.verdict or FOUND)


def unfound_categories(result: ScanResult) -> list[Unfound]:
    """Declared categories with no finding in them or under them: possible over-disclosure."""
    if not result.policy:
        return []
    found = {c for f in result.findings for c in finding_categories(f)}
    detectable = {c for cs in entity_categories().values() for c in cs} | found
    subjects = result.policy["subjects"]
    declared_for: dict[str, list[str]] = defaultdict(list)
    for subject, categories in result.policy["declared_categories"].items():
        for category in categories:
            declared_for[category].append(subjects.get(subject, subject))
    taxonomy = default_taxonomy()
    return [
        Unfound(key, taxonomy.name(key), tuple(names), any(covers(key, c) for c in detectable))
        for key, names in sorted(declared_for.items())
        if not any(covers(key, c) for c in found)
    ]


def covers(declared: str, category: str) -> bool:
    return category == declared or declared in default_taxonomy().ancestors(category)


def scope_rows(result: ScanResult, subjects: Mapping[str, str]) -> list[ScopeRow]:
    return [
        ScopeRow(s, subjects.get(s.subject, s.subject) if s.subject else "", records_read(s, result.sample))
        for s in result.sources
    ]


def records_read(source: SourceResult, sample: int | None) -> str:
    if source.status == "error":
        return "none (not readable)"
    if sample is not None and source.records >= sample:
        return f"first {source.records:,} (sample limit; the source may hold more)"
    return f"all {source.records:,}"


def readable_time(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.strftime("%d %B %Y, %H:%M ") + (moment.tzname() or "")


def readable_duration(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)} min {rest:.0f} s" if minutes else f"{seconds:.1f} s"


def entity_counts(result: ScanResult) -> list[tuple[str, str, int, int]]:
    """(entity, category in words, findings, occurrences) per entity, most occurrences first."""
    findings: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    names = {}
    for f in result.findings:
        findings[f.entity] += 1
        occurrences[f.entity] += f.occurrences
        names[f.entity] = category_name(f)
    return [(e, names[e], findings[e], n) for e, n in sorted(occurrences.items(), key=lambda i: (-i[1], i[0]))]


def breakable(text: str) -> Markup:
    """A path or dotted name, escaped, that may wrap after each ``/`` and ``.`` (``<wbr>``), so tables fit a phone."""
    return Markup(re.sub(r"([/.])", r"\1<wbr>", str(escape(text))))


@lru_cache(maxsize=1)
def template() -> Template:
    environment = Environment(
        loader=PackageLoader("piiaudit.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["breakable"] = breakable
    return environment.get_template("report.html.j2")


def render_html(result: ScanResult) -> str:
    """The report as one self-contained HTML document.

    With a baseline comparison (``ScanResult.baseline``), new findings are marked "new" in the table,
    the baseline's resolved findings are listed, and the first screen and a chart show new, resolved
    and unchanged.
    """
    baseline = result.baseline
    subjects = {**result.policy["subjects"], **result.policy["outside_policy"]} if result.policy else {}
    rows = build_rows(result.findings, result, subjects)
    verdict_counts = Counter(f.disclosure for f in result.findings if f.disclosure)
    return template().render(
        result=result,
        policy=result.policy,
        tool_version=__version__,
        verdicts=VERDICTS,
        verdict_meaning=VERDICT_MEANING,
        needs_action=NEEDS_ACTION,
        verdict_counts=verdict_counts,
        verdict_occurrences=occurrences_by_verdict(result.findings),
        action_total=sum(verdict_counts[v] for v in NEEDS_ACTION),
        issues=issues(rows),
        entity_counts=entity_counts(result),
        rows=rows,
        filters=filter_options(rows),
        charts=finding_charts(rows),
        baseline=baseline,
        baseline_counts=baseline_counts(baseline) if baseline else {},
        baseline_chart=baseline_chart(baseline) if baseline else None,
        resolved_rows=build_rows((e.as_finding() for e in baseline.resolved), result, subjects) if baseline else [],
        data_map=data_map(rows),
        unfound=unfound_categories(result),
        scope=scope_rows(result, subjects),
        failed_sources=[s for s in result.sources if s.failed],
        without_subject=result.sources_without_subject(),
        occurrences=sum(f.occurrences for f in result.findings),
        started=readable_time(result.started_at),
        duration=readable_duration(result.duration_s),
    )


def occurrences_by_verdict(findings: Iterable[Finding]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for f in findings:
        if f.disclosure:
            counts[f.disclosure] += f.occurrences
    return counts


def filter_options(rows: list[Row]) -> dict[str, Sequence[str]]:
    """The distinct values each filter offers (verdicts in severity order, the rest alphabetically)."""
    verdicts: list[Verdict] = sorted({r.finding.disclosure for r in rows if r.finding.disclosure}, key=severity)
    return {
        "verdict": verdicts,
        "category": sorted({r.category for r in rows}),
        "source": sorted({r.finding.source for r in rows}),
        "entity": sorted({r.finding.entity for r in rows}),
    }


def write_html(result: ScanResult, path: Path) -> None:
    """Write the HTML report to ``path`` atomically, mode 0600."""
    write_private(path, render_html(result).encode("utf-8"))
