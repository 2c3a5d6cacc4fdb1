"""Detection stage: runs the detectors over field batches and yields masked, located occurrences.

Per container the engine decides once, from a sample, whether the values are prose (free text,
scanned with positions and named-entity recognition) or structured cells, unless the source knows;
the column name, and the field's meaning where a recognised format knows it, are passed to every
detector as context. Where detectors overlap on the same characters the most confident match wins
(a Caller ID over the phone number inside it; a Luhn-valid card over a phone-shaped digit run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from detectors.base import Detector, resolve_overlaps
from scanner.config import ScanConfig
from scanner.masking import mask
from scanner.model import FieldBatch, FieldContext, Match, Occurrence

FREE_TEXT_SAMPLE = 50
FREE_TEXT_MIN_WORDS = 4.0


def looks_like_free_text(values: Sequence[str]) -> bool:
    """Prose rather than cells: on average four or more words per value in a sample."""
    sample = [v for v in values[:FREE_TEXT_SAMPLE] if v.strip()]
    if not sample:
        return False
    return sum(len(v.split()) for v in sample) / len(sample) >= FREE_TEXT_MIN_WORDS


@dataclass
class Engine:
    """Applies ``detectors`` to batches under one scan configuration."""

    detectors: list[Detector]
    config: ScanConfig = field(default_factory=ScanConfig)
    _free_text: dict[tuple[str, str | None], bool] = field(default_factory=dict)

    def field_context(self, source: str, batch: FieldBatch) -> FieldContext:
        """The container's context, deciding free text from the first batch's sample."""
        key = (source, batch.container)
        if key not in self._free_text:
            decided = batch.free_text
            self._free_text[key] = looks_like_free_text(batch.values) if decided is None else decided
        return FieldContext(column=batch.container, free_text=self._free_text[key], meaning=batch.meaning)

    def scan(self, source: str, batch: FieldBatch) -> list[Occurrence]:
        """All occurrences in one batch, masked, above the minimum confidence and not allow-listed."""
        allow = self.config.allow
        if allow.allows_container(source, batch.container):
            return []
        where = self.field_context(source, batch)
        per_value: list[list[Match]] = [[] for _ in batch.values]
        for detector in self.detectors:
            for found, matches in zip(per_value, detector.find_many(batch.values, where), strict=True):
                found.extend(m for m in matches if m.score >= self.config.min_confidence)
        occurrences = []
        for row, value, matches in zip(batch.rows, batch.values, per_value, strict=True):
            for m in resolve_overlaps(matches) if len(matches) > 1 else matches:
                text = value[m.start : m.end]
                if allow.has_value_rules and allow.allows_value(text):
                    continue
                occurrences.append(
                    Occurrence(
                        source,
                        batch.container,
                        row,
                        m.start,
                        m.end,
                        m.entity,
                        m.detector,
                        m.score,
                        mask(m.entity, text),
                        m.reasons,
                        m.detail,
                    )
                )
        return occurrences

    def forget(self, source: str) -> None:
        """Drop per-container decisions for a finished source."""
        for key in [k for k in self._free_text if k[0] == source]:
            del self._free_text[key]
