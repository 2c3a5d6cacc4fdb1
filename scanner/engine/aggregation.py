"""Aggregation: occurrences → one finding per (source, container, entity, detector), locally and on Spark;
the findings of a dataset's files → the dataset's (``merge_into_datasets``).

A finding keeps its occurrences' count, the best confidence, the first ``MAX_EXAMPLES`` rows (each
with the masked value of its first occurrence there) and the reasons and details, counted and
listed most frequent first (ties in the order first seen). ``FindingParts`` keeps each of these
pieces with the place it was first met, so parts summarised anywhere (in any number of Spark
partitions, in any order) merge into exactly what one ``FindingCollector`` makes of all the
occurrences: both engines aggregate with this one implementation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from piiaudit.scanner.model import Example, Finding, FindingKey, Occurrence

MAX_EXAMPLES = 3
COUNTED_REASON = re.compile(r"(.+) ×(\d+)")  # a reason and its count, as ``reason_list`` writes them
TOTAL, EXAMPLE, REASON, DETAIL = "total", "example", "reason", "detail"
# Where an occurrence was met, compared as a tuple whose first item is its row: (row, place in the
# record, place in the value) on Spark, (row, arrival) locally.
Order = tuple[int, ...]
Part = tuple[str, str | None, int, float, list[int]]  # (part, label, count, confidence, place) as rows carry them


@dataclass(slots=True)
class Tally:
    """How often a reason or detail was met, and where first: the order of its occurrence, its place among labels."""

    count: int
    first: Order
    index: int = 0

    def add(self, count: int, order: Order, index: int) -> None:
        self.count += count
        if (order, index) < (self.first, self.index):
            self.first, self.index = order, index


@dataclass
class FindingParts:
    """What a finding keeps of its occurrences, each piece with the place it was first met."""

    occurrences: int = 0
    confidence: float = 0.0
    examples: dict[int, tuple[Order, str]] = field(default_factory=dict)  # row → (first place, masked value)
    reasons: dict[str, Tally] = field(default_factory=dict)
    details: dict[str, Tally] = field(default_factory=dict)

    def add(self, order: Order, confidence: float, masked: str, reasons: Iterable[str], detail: str | None) -> None:
        """One occurrence, met at ``order``."""
        self.occurrences += 1
        if confidence > self.confidence:
            self.confidence = confidence
        self.example(order, masked)
        table = self.reasons
        for index, reason in enumerate(reasons):
            known = table.get(reason)
            if known is None:
                table[reason] = Tally(1, order, index)
            else:
                known.count += 1
                if order < known.first:  # an occurrence met earlier (only where parts arrive out of order)
                    known.first, known.index = order, index
        if detail:
            tally(self.details, detail, 1, order, 0)

    def add_in_order(self, met: list[tuple[Order, Occurrence]]) -> None:
        """Occurrences (each with the place it was met), in the order met, all after any added before: ``add`` of
        each, with each distinct set of reasons and each detail counted once."""
        self.occurrences += len(met)
        self.confidence = max(self.confidence, max(occ.confidence for _, occ in met))
        examples = self.examples
        last = max(examples) if len(examples) >= MAX_EXAMPLES else None  # rows after it cannot be examples
        reasons: dict[tuple[str, ...], list[Any]] = {}  # each distinct set of reasons: [count, first place]
        details: dict[str, list[Any]] = {}
        for order, occ in met:
            if last is None or order[0] <= last:
                self.example(order, occ.masked)
                last = max(examples) if len(examples) >= MAX_EXAMPLES else None
            known = reasons.get(occ.reasons)
            if known is None:
                reasons[occ.reasons] = [1, order]
            else:
                known[0] += 1
            if occ.detail:
                known = details.get(occ.detail)
                if known is None:
                    details[occ.detail] = [1, order]
                else:
                    known[0] += 1
        for kinds, (count, order) in reasons.items():
            for index, reason in enumerate(kinds):
                tally(self.reasons, reason, count, order, index)
        for detail, (count, order) in details.items():
            tally(self.details, detail, count, order, 0)

    def example(self, order: Order, masked: str) -> None:
        """Keep each row's first masked value, for the ``MAX_EXAMPLES`` smallest rows only."""
        row = order[0]
        known = self.examples.get(row)
        if known is None and len(self.examples) == MAX_EXAMPLES and row > max(self.examples):
            return
        if known is None or order < known[0]:
            self.examples[row] = (order, masked)
        if len(self.examples) > MAX_EXAMPLES:
            del self.examples[max(self.examples)]

    def parts(self) -> Iterator[Part]:
        """The pieces as flat rows, for another ``FindingParts`` to ``merge``."""
        yield (TOTAL, None, self.occurrences, self.confidence, [])
        for order, masked in self.examples.values():
            yield (EXAMPLE, masked, 1, 0.0, list(order))
        for kind, table in ((REASON, self.reasons), (DETAIL, self.details)):
            for label, known in table.items():
                yield (kind, label, known.count, 0.0, [*known.first, known.index])

    def merge(self, part: str, label: str | None, count: int, confidence: float, first: list[int]) -> None:
        """Add one of another ``FindingParts``' parts."""
        if part == TOTAL:
            self.occurrences += count
            self.confidence = max(self.confidence, confidence)
        elif part == EXAMPLE and label is not None:
            self.example(tuple(first), label)
        elif label is not None:
            tally(self.reasons if part == REASON else self.details, label, count, tuple(first[:-1]), first[-1])

    def finding(self, key: FindingKey) -> Finding:
        examples = [Example(row, masked) for row, (_, masked) in sorted(self.examples.items())]
        return Finding(
            *key,
            confidence=self.confidence,
            occurrences=self.occurrences,
            examples=examples,
            reasons=reason_list(most_common_first(self.reasons)),
            details=dict(in_first_order(self.details)),
        )


class FindingCollector:
    """Findings of occurrences as they come, or of the parts that partitions summarised (``merge``)."""

    def __init__(self) -> None:
        self._parts: dict[FindingKey, FindingParts] = {}
        self._met = 0  # occurrences added so far: the arrival order of each

    def parts_of(self, key: FindingKey) -> FindingParts:
        parts = self._parts.get(key)
        if parts is None:
            parts = self._parts[key] = FindingParts()
        return parts

    def add(self, occurrences: Iterable[Occurrence]) -> None:
        """Occurrences in the order they were found (by row, then place in the record and in the value)."""
        by_key: dict[FindingKey, list[tuple[Order, Occurrence]]] = {}
        for met, occ in enumerate(occurrences, start=self._met + 1):
            key = (occ.source, occ.container, occ.entity, occ.detector)
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = []
            group.append(((occ.row, met), occ))
            self._met = met
        for key, group in by_key.items():
            self.parts_of(key).add_in_order(group)

    def merge(self, key: FindingKey, part: Part) -> None:
        """One part of the finding ``key`` that a ``FindingParts`` summarised elsewhere."""
        self.parts_of(key).merge(*part)

    def export(self) -> list[tuple[FindingKey, list[Part]]]:
        """Every finding's parts, for another collector to ``merge`` (as a worker's collector hands them back)."""
        return [(key, list(parts.parts())) for key, parts in self._parts.items()]

    def findings(self) -> list[Finding]:
        """Findings sorted by source, container, entity and detector."""
        return sort_findings(parts.finding(key) for key, parts in self._parts.items())


def tally(table: dict[str, Tally], label: str, count: int, order: Order, index: int) -> None:
    known = table.get(label)
    if known is None:
        table[label] = Tally(count, order, index)
    else:
        known.add(count, order, index)


def in_first_order(table: dict[str, Tally]) -> list[tuple[str, int]]:
    return [(label, t.count) for label, t in sorted(table.items(), key=lambda item: (item[1].first, item[1].index))]


def most_common_first(table: dict[str, Tally]) -> list[tuple[str, int]]:
    """Labels by count, most first; ties in the order first seen."""
    return sorted(in_first_order(table), key=lambda item: -item[1])


def reason_list(counts: Iterable[tuple[str, int]]) -> list[str]:
    """Reasons with their counts: ``pattern:email ×3`` (a reason met once without one)."""
    return [f"{reason} ×{n}" if n > 1 else reason for reason, n in counts]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.source, f.container or "", f.entity, f.detector))


def reason_counts(reasons: Iterable[str]) -> Counter[str]:
    """The counts behind a ``reason_list`` (its inverse)."""
    counts: Counter[str] = Counter()
    for reason in reasons:
        counted = COUNTED_REASON.fullmatch(reason)
        counts[counted[1] if counted else reason] += int(counted[2]) if counted else 1
    return counts


def merge_into_datasets(per_file: Iterable[tuple[str, list[Finding]]]) -> list[Finding]:
    """One finding per (dataset, container, entity, detector) from the findings of each file.

    ``per_file`` holds (dataset uri, the file's findings) in file order: counts are summed, the best
    confidence kept, and the first ``MAX_EXAMPLES`` examples (in file, then row order) name their file.
    """
    merged: dict[FindingKey, Finding] = {}
    reasons: dict[FindingKey, Counter[str]] = {}
    for dataset, findings in per_file:
        for found in findings:
            key = (dataset, found.container, found.entity, found.detector)
            finding = merged.get(key)
            if finding is None:
                finding = merged[key] = Finding(dataset, found.container, found.entity, found.detector, files=0)
                reasons[key] = Counter()
            finding.files += 1
            finding.occurrences += found.occurrences
            finding.confidence = max(finding.confidence, found.confidence)
            room = MAX_EXAMPLES - len(finding.examples)
            finding.examples += [Example(e.row, e.masked, e.file or found.source) for e in found.examples[:room]]
            reasons[key].update(reason_counts(found.reasons))
            for detail, count in found.details.items():
                finding.details[detail] = finding.details.get(detail, 0) + count
    for key, finding in merged.items():
        finding.reasons = reason_list(reasons[key].most_common())
    return sort_findings(merged.values())
