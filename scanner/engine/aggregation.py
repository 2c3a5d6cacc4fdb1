"""Aggregation: occurrences → one finding per (source, container, entity, detector); files' findings → datasets'."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from piiaudit.scanner.model import Example, Finding, Occurrence

MAX_EXAMPLES = 3
COUNTED_REASON = re.compile(r"(.+) ×(\d+)")


class FindingCollector:
    """Counts occurrences and keeps the highest confidence, the reasons and up to three masked examples."""

    def __init__(self) -> None:
        self._findings: dict[tuple[str, str | None, str, str], Finding] = {}
        self._reasons: dict[tuple[str, str | None, str, str], Counter[str]] = {}

    def add(self, occurrences: Iterable[Occurrence]) -> None:
        for occ in occurrences:
            key = (occ.source, occ.container, occ.entity, occ.detector)
            finding = self._findings.get(key)
            if finding is None:
                finding = self._findings[key] = Finding(occ.source, occ.container, occ.entity, occ.detector)
                self._reasons[key] = Counter()
            finding.occurrences += 1
            finding.confidence = max(finding.confidence, occ.confidence)
            if len(finding.examples) < MAX_EXAMPLES and all(e.row != occ.row for e in finding.examples):
                finding.examples.append(Example(occ.row, occ.masked))
            self._reasons[key].update(occ.reasons)
            if occ.detail:
                finding.details[occ.detail] = finding.details.get(occ.detail, 0) + 1

    def findings(self) -> list[Finding]:
        """Findings sorted by source, container and entity, each with its reasons counted."""
        for key, finding in self._findings.items():
            finding.reasons = reason_list(self._reasons[key])
        return sort_findings(self._findings.values())


def reason_list(counts: Counter[str]) -> list[str]:
    """Reasons, most frequent first (ties in the order first seen), with their counts: ``pattern:email ×3``."""
    return [f"{reason} ×{n}" if n > 1 else reason for reason, n in counts.most_common()]


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
    merged: dict[tuple[str, str | None, str, str], Finding] = {}
    reasons: dict[tuple[str, str | None, str, str], Counter[str]] = {}
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
        finding.reasons = reason_list(reasons[key])
    return sort_findings(merged.values())
