"""Findings in parts: what ``FindingCollector`` keeps of a finding, each piece with the place it was first met.

The local collector meets a container's occurrences in (row, place in the record, place in the
value) order and keeps their count, the best confidence, the first three rows (each with the
masked value of its first occurrence) and the reasons and details counted in the order first seen.
Parts carry those places, so parts summarised in any number of partitions, in any order, merge
into exactly what the local collector makes of all the occurrences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from piiaudit.scanner.engine.aggregation import MAX_EXAMPLES, reason_list
from piiaudit.scanner.model import Example, Finding

TOTAL, EXAMPLE, REASON, DETAIL = "total", "example", "reason", "detail"
Order = tuple[int, ...]  # (row, pos, seq) of an occurrence; a reason adds its place among the occurrence's reasons
Tally = dict[str, tuple[int, Order]]  # label → (count, first place)
Part = tuple[str, str | None, int, float, list[int]]  # (part, label, count, confidence, place) as rows carry them


@dataclass
class FindingParts:
    occurrences: int = 0
    confidence: float = 0.0
    examples: dict[int, tuple[Order, str]] = field(default_factory=dict)  # row → (first place, masked value)
    reasons: Tally = field(default_factory=dict)
    details: Tally = field(default_factory=dict)

    def add(
        self, order: Order, confidence: float, masked: str, reasons: list[str] | tuple[str, ...], detail: str | None
    ) -> None:
        """One occurrence, at ``order`` = (row, pos, seq)."""
        self.count(1, confidence)
        self.example(order, masked)
        for index, reason in enumerate(reasons):
            tally(self.reasons, reason, 1, (*order, index))
        if detail:
            tally(self.details, detail, 1, order)

    def count(self, occurrences: int, confidence: float) -> None:
        self.occurrences += occurrences
        self.confidence = max(self.confidence, confidence)

    def example(self, order: Order, masked: str) -> None:
        """Keep each row's first masked value, for the ``MAX_EXAMPLES`` smallest rows only."""
        row = order[0]
        known = self.examples.get(row)
        if known is None or order < known[0]:
            self.examples[row] = (order, masked)
        if len(self.examples) > MAX_EXAMPLES:
            del self.examples[max(self.examples)]

    def parts(self) -> Iterator[Part]:
        yield (TOTAL, None, self.occurrences, self.confidence, [])
        for order, masked in self.examples.values():
            yield (EXAMPLE, masked, 1, 0.0, list(order))
        for kind, table in ((REASON, self.reasons), (DETAIL, self.details)):
            for label, (count, first) in table.items():
                yield (kind, label, count, 0.0, list(first))

    def merge(self, part: str, label: str | None, count: int, confidence: float, first: list[int]) -> None:
        """Add one of another ``FindingParts``' parts."""
        if part == TOTAL:
            self.count(count, confidence)
        elif part == EXAMPLE and label is not None:
            self.example(tuple(first), label)
        elif label is not None:
            tally(self.reasons if part == REASON else self.details, label, count, tuple(first))

    def finding(self, source: str, container: str | None, entity: str, detector: str) -> Finding:
        examples = [Example(row, masked) for row, (_, masked) in sorted(self.examples.items())]
        reasons = Counter(dict(in_first_order(self.reasons)))
        details = dict(in_first_order(self.details))
        return Finding(
            source,
            container,
            entity,
            detector,
            self.confidence,
            self.occurrences,
            examples,
            reason_list(reasons),
            details,
        )


def tally(table: Tally, label: str, count: int, first: Order) -> None:
    known = table.get(label)
    table[label] = (count, first) if known is None else (known[0] + count, min(known[1], first))


def in_first_order(table: Tally) -> list[tuple[str, int]]:
    return [(label, count) for label, (count, _) in sorted(table.items(), key=lambda item: item[1][1])]
