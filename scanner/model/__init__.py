"""Plain data passed between the stages: sources → detectors → policy → reports."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal, TypedDict, get_args

if TYPE_CHECKING:
    import pandas as pd

SourceStatus = Literal["ok", "error"]
Verdict = Literal["prohibited", "incorrect", "undisclosed", "vague", "disclosed"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)  # most severe first (scanner.policy.verdicts says what each means)
BaselineState = Literal["new", "unchanged", "suppressed"]  # a finding compared with a baseline
EntryStatus = Literal["accepted", "false_positive", "accepted_risk"]  # a baseline entry: accepted, or marked
MARKS: tuple[EntryStatus, ...] = ("false_positive", "accepted_risk")  # marked entries stay suppressed


def severity(verdict: Verdict) -> int:
    """0 for the most severe verdict (prohibited), 4 for the least (disclosed)."""
    return VERDICTS.index(verdict)


@dataclass(frozen=True, slots=True)
class FieldBatch:
    """A run of values from one container (column, JSON path or text lines) of one source.

    ``rows`` are 1-based record or line numbers, one per value. ``free_text`` is True for
    text that is prose (log lines, chat messages), False for structured cells, and None when
    the source does not know: the engine then decides from a sample of the values. ``meaning``
    is what a recognised format knows the field holds (``scanner.meanings``), else None.
    ``record_dates`` holds the signup, creation or call date of the records that have one, for
    qualifiers judged at the record's time (the age of a date of birth).
    """

    container: str | None
    rows: list[int]
    values: list[str]
    free_text: bool | None = None
    meaning: str | None = None
    record_dates: dict[int, str] | None = None  # row → the record's own date (ISO day) where it has one


@dataclass(frozen=True, slots=True)
class FieldContext:
    """What a detector may know about where a value comes from.

    ``sample`` holds the container's first non-empty values (the same for every batch of it), for
    detectors that classify a whole column from a sample, such as name columns.
    """

    column: str | None = None
    free_text: bool = True
    sample: tuple[str, ...] = ()
    meaning: str | None = None  # from a recognised format (scanner.meanings); replaces the column-name guess


FREE_TEXT = FieldContext()


@dataclass(slots=True, unsafe_hash=True)
class Match:
    """One detector hit inside one value (offsets are into that value). Hashable by its fields, and never changed
    once made (matches are shared by every row holding the value); not frozen, since a frozen dataclass's
    constructor costs five times as much and a scan makes millions."""

    entity: str
    detector: str
    start: int
    end: int
    score: float
    reasons: tuple[str, ...] = ()
    detail: str | None = None  # a qualifier such as public/private (IP) or an age bracket (date of birth)


@dataclass(slots=True)
class Occurrence:
    """One match located in a source; ``masked`` is the only evidence it carries.

    Not frozen: millions are made in a scan, and a frozen dataclass's constructor costs five times as much."""

    source: str
    container: str | None
    row: int
    start: int
    end: int
    entity: str
    detector: str
    confidence: float
    masked: str
    reasons: tuple[str, ...] = ()
    detail: str | None = None

    def __reduce__(self) -> tuple[type[Occurrence], tuple[Any, ...]]:
        """Pickled as its fields, loaded by the constructor: half the time and size of a slotted class's default
        (workers hand millions of occurrences to the parent this way)."""
        return Occurrence, OCCURRENCE_VALUES(self)


OCCURRENCE_VALUES = operator.attrgetter(*(f.name for f in fields(Occurrence)))


@dataclass(slots=True)
class Example:
    """A masked example of a finding, and where it is: the record (or line) ``row`` of ``file``.

    ``line`` is the line of the file the record starts on, where the file's format says (a CSV row
    counts its header, a JSON document's record its line); None for Parquet, XLSX and databases.
    """

    row: int
    masked: str
    file: str | None = None  # the file's uri (set once findings are merged into datasets)
    line: int | None = None  # set by the application once the scan is done (scanner.app.audit.locate_examples)


FindingKey = tuple[str, str | None, str, str]  # Finding.key: source, container, entity, detector


@dataclass(slots=True)
class Finding:
    """All occurrences of one entity found by one detector in one container of one source or dataset.

    ``source`` is the dataset's uri (a file's own, where it stands alone); ``files`` is how many of
    the dataset's files it was found in, and each example names its file.
    """

    source: str
    container: str | None
    entity: str
    detector: str
    confidence: float = 0.0
    occurrences: int = 0
    examples: list[Example] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)
    subject: str | None = None
    categories: list[str] = field(default_factory=list)
    disclosure: Verdict | None = None  # with a policy
    policy_refs: list[dict[str, str]] = field(default_factory=list)
    rule: str | None = None
    notes: list[str] = field(default_factory=list)
    baseline: BaselineState | None = None  # when compared with a baseline
    files: int = 1

    @property
    def key(self) -> FindingKey:
        return (self.source, self.container, self.entity, self.detector)


@dataclass(slots=True)
class RecordError:
    row: int
    reason: str


@dataclass(slots=True)
class TableResult:
    """What happened to one database table: rows read (of how many, when sampled), or why it failed."""

    name: str
    records: int = 0
    total_records: int | None = None
    sampled: bool = False
    status: SourceStatus = "ok"
    error: str | None = None
    skipped: str | None = None


@dataclass(slots=True)
class SourceResult:
    """What happened to one source: scanned fine, partly (record errors) or not at all."""

    uri: str
    kind: str
    status: SourceStatus = "ok"
    error: str | None = None
    records: int = 0
    record_errors: list[RecordError] = field(default_factory=list)
    subject: str | None = None
    tables: list[TableResult] = field(default_factory=list)
    dataset: str | None = None  # the uri of the dataset the file belongs to (its own when it stands alone)

    @property
    def failed(self) -> bool:
        return self.status == "error" or bool(self.record_errors) or any(t.status == "error" for t in self.tables)


class PolicySummary(TypedDict):
    """The policy a scan was checked against, as reports show it."""

    organization: str
    file: str
    title: str
    version: str
    last_updated: str
    taxonomy: str
    subjects: dict[str, str]  # subject id → the policy's name for it
    declared_categories: dict[str, list[str]]  # subject id → the data categories declared for it
    outside_policy: dict[str, str]  # id → name of people the scan configuration says the policy does not cover


@dataclass(slots=True)
class ScanResult:
    """Everything a report needs: sources, aggregated findings and the scan's scope."""

    root: str
    sources: list[SourceResult]
    findings: list[Finding]
    started_at: str
    duration_s: float
    sample: int | None = None
    policy: PolicySummary | None = None
    baseline: BaselineDiff | None = None  # with --baseline: see scanner.app.baseline.compare
    interrupted: bool = False  # stopped by Ctrl-C: sources not reached say so
    root_uri: str | None = None  # the scanned directory as a file URI (one path scanned), for SARIF locations

    def sources_without_subject(self) -> list[str]:
        """With a policy: the sources (datasets) holding findings that no data subject is bound to, sorted."""
        if self.policy is None:
            return []
        return sorted({f.source for f in self.findings if f.subject is None})

    def findings_frame(self) -> pd.DataFrame:
        """The findings as a pandas DataFrame, one row each, with the columns of the CSV report."""
        from piiaudit.scanner.model.tables import findings_frame  # pandas is loaded only when asked for

        return findings_frame(self.findings)


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One accepted finding of a baseline, by fingerprint (scanner.app.baseline): where, what and its verdict."""

    fingerprint: str
    source: str
    container: str | None
    entity: str
    disclosure: Verdict | None
    status: EntryStatus = "accepted"
    by: str | None = None
    reason: str | None = None
    first_seen: str = ""

    @property
    def suppressed(self) -> bool:
        return self.status in MARKS

    def as_finding(self) -> Finding:
        """The entry as a finding without evidence (a baseline keeps none), for reports listing resolved ones."""
        return Finding(self.source, self.container, self.entity, "", disclosure=self.disclosure)


@dataclass(frozen=True, slots=True)
class BaselineDiff:
    """This scan compared with an earlier one, its baseline (``scanner.app.baseline.compare``).

    Each finding of the scan says whether it is new, unchanged or suppressed (``Finding.baseline``);
    this holds the baseline's file and creation time, those counts, and the baseline's entries this
    scan no longer finds (``resolved``; marked entries are never resolved, they stay suppressed).
    """

    file: str
    created_at: str
    new: int = 0
    unchanged: int = 0
    suppressed: int = 0
    resolved: tuple[BaselineEntry, ...] = ()

    @property
    def label(self) -> str:
        """The baseline in words: ``the baseline .piiaudit-baseline.json of 2026-06-01T02:00:00+00:00``."""
        return f"the baseline {self.file} of {self.created_at}"
