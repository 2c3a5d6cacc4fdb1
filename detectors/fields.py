"""Field detectors: values that are personal data only in a structured field named for them.

``M`` is a gender only in a ``gender`` column, ``jdoe42`` a username only in a ``username`` column,
``hunter2`` a password only in a ``password`` column. A field detector names the words a field's
name must hold (``FIELD_WORDS``), the qualifiers that say the field holds something else
(``NOT_FIELD_WORDS``: ``password_changed_at``, ``product_photo``) and, where a value alone proves
little, the share of the column's sample that must look like the entity (``SAMPLE_RATE`` with
``sample_value``). A field whose recognised format gives it a meaning counts when that meaning is
listed in ``MEANINGS``. Free text is never searched: the same words in prose are no evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

from presidio_analyzer import Pattern

from piiaudit.detectors.base import NO_MATCHES, Detector, column_words, find_word
from piiaudit.detectors.column import Column
from piiaudit.scanner.model import FREE_TEXT, FieldContext, Match


class QualifiedDetector(Detector):
    """A detector whose context word can be outweighed: ``licence_plate`` has "licence", yet holds no licence.

    ``EXCLUDED_COLUMNS`` rule the entity out of a structured field even when its name also holds a
    context word (unlike ``NEGATIVE_COLUMNS``, which a context word outweighs).
    """

    EXCLUDED_COLUMNS: ClassVar[tuple[str, ...]] = ()
    FIELD_ONLY_PATTERNS: ClassVar[frozenset[str]] = frozenset()  # patterns that count only in a field of the entity

    def field_context(self, where: FieldContext) -> tuple[str | None, bool]:
        if not where.free_text and where.meaning is None:
            words = column_words(where.column)
            if find_word(self.EXCLUDED_COLUMNS, words, "".join(words)):
                return None, True
        return super().field_context(where)

    def evaluate(
        self,
        text: str,
        start: int,
        end: int,
        pattern_name: str,
        pattern: Pattern,
        where: FieldContext,
        field_context: str | None,
    ) -> Match | None:
        """A hit of a field-only pattern (a whole value) counts only in a field of the entity."""
        if self.field_only(pattern_name) and (where.free_text or field_context is None):
            return None
        return super().evaluate(text, start, end, pattern_name, pattern, where, field_context)

    def field_only(self, pattern_name: str) -> bool:
        """Whether hits of this pattern count only in a field of the entity (``FIELD_ONLY_PATTERNS``)."""
        return pattern_name in self.FIELD_ONLY_PATTERNS


WHOLE_VALUE = r"^[ \t]*(?P<value>[^\n\x00]*[^\s\x00])[ \t]*$"  # a whole value: a whole line of a batch


class FieldDetector(QualifiedDetector):
    """A whole value of a field whose name (or format meaning) says it holds the entity."""

    FIELD_WORDS: ClassVar[tuple[str, ...]] = ()
    NOT_FIELD_WORDS: ClassVar[tuple[str, ...]] = ()
    SAMPLE_RATE: ClassVar[float] = 0.0  # share of the column's sample that must pass ``sample_value``
    PATTERNS = (Pattern("field_value", WHOLE_VALUE, 0.5),)
    FLAGS = re.MULTILINE
    REQUIRES_CONTEXT = True

    def __init__(self) -> None:
        super().__init__()
        self._field_word = lru_cache(maxsize=4096)(self._word_of_column)
        self._sample_passes = lru_cache(maxsize=1024)(self._share_of_sample)

    def _word_of_column(self, column: str | None) -> str | None:
        words = column_words(column)
        joined = "".join(words)
        if not words or find_word(self.NOT_FIELD_WORDS, words, joined):
            return None
        return find_word(self.FIELD_WORDS, words, joined)

    def _share_of_sample(self, sample: tuple[str, ...]) -> bool:
        values = [v.strip() for v in sample if v.strip()]
        return bool(values) and sum(map(self.sample_value, values)) >= self.SAMPLE_RATE * len(values)

    def sample_value(self, value: str) -> bool:
        """Whether one sampled value looks like the entity (used with ``SAMPLE_RATE``)."""
        return True

    def field_context(self, where: FieldContext) -> tuple[str | None, bool]:
        """``column:<word>`` (or ``meaning:…``) for a structured field of the entity whose sample fits; else none."""
        if where.free_text:
            return None, False
        if where.meaning is not None:
            context = f"meaning:{where.meaning}" if where.meaning in self.MEANINGS else None
        else:
            word = self._field_word(where.column)
            context = f"column:{word}" if word else None
        if context and self.SAMPLE_RATE and where.sample and not self._sample_passes(where.sample):
            return None, False
        return context, False

    def find_many(self, values: Sequence[str], where: FieldContext = FREE_TEXT) -> list[list[Match]]:
        """Nothing outside a field of the entity: such a batch is skipped before its values are even joined."""
        if self.field_context(where)[0] is None:
            return [[] for _ in values]
        return super().find_many(values, where)

    def find_column(self, column: Column, where: FieldContext = FREE_TEXT) -> Sequence[Sequence[Match]]:
        """As ``find_many``, on the batch the engine shares among detectors."""
        if self.field_context(where)[0] is None:
            return [NO_MATCHES] * len(column.values)
        return self._find_in(column, where)

    def context_near(self, text: str, start: int, end: int) -> str | None:
        return None

    def field_only(self, pattern_name: str) -> bool:
        """Every pattern: free text and other fields hold none of the entity."""
        return True
