"""The detector base class: a Presidio ``PatternRecognizer`` with piiaudit's fast, context-aware path.

A detector declares, as class attributes, what Presidio recognizers declare (patterns, context
words, ``validate_result``) plus what a structured scan needs: column-name hints that raise the
score, column names that rule a number-like entity out (order numbers, versions, amounts), and
whether the entity may only be reported when context is present (a 3-digit number is a card
verification code only next to "CVV"); and how its matches are masked in every report (``MASK``)
and, for an entity that ``scanner/data/entity_categories.yaml`` does not map, its data category
(``CATEGORY``). Where a recognised source format knows what a field holds, its meaning
(``scanner.meanings``) replaces the column-name guess: a meaning listed in ``MEANINGS`` is
context, any other is none.

``find`` is the one scoring path. ``analyze`` (Presidio's entry point) calls it, so a detector
gives the same verdicts inside Presidio's ``AnalyzerEngine`` as inside piiaudit's engine.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from piiaudit.detectors.column import SEPARATORS, Column
from piiaudit.detectors.masks import mask_default
from piiaudit.detectors.re2_filter import any_of
from piiaudit.scanner.model import FREE_TEXT, FieldContext, Match, meanings

CONTEXT_BOOST = 0.35  # Presidio's default context similarity factor
CONTEXT_WINDOW_BEFORE = 48
CONTEXT_WINDOW_AFTER = 24
# Characters that, directly next to a number-like match, show it is part of a larger token
# (a UUID, a timestamp, a version string, a decimal amount) rather than a value of its own.
HAS_DIGIT = re.compile(r"\d")
HAS_AT = re.compile(r"@")
GLUE_BEFORE = frozenset("_-./")
GLUE_AFTER = frozenset("_-/")
NO_MATCHES: tuple[Match, ...] = ()
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def column_words(column: str | None) -> tuple[str, ...]:
    """Split a column or JSON path into lower-case words: ``CustomerEndpoint.Address`` → customer endpoint address."""
    if not column:
        return ()
    return tuple(w for w in SEPARATORS.split(CAMEL.sub(" ", column).lower()) if w)


def find_word(words: Sequence[str], haystack_words: tuple[str, ...], joined: str) -> str | None:
    """Return the first of ``words`` present: multi-word and long words as substrings, short ones as whole words."""
    for word in words:
        if " " in word or len(word) >= 4:
            if word.replace(" ", "") in joined:
                return word
        elif word in haystack_words:
            return word
    return None


def glued_before(text: str, start: int) -> bool:
    """Whether the character before ``start`` continues a larger token (a letter, a digit, ``_-./``)."""
    before = text[start - 1] if start > 0 else ""
    return bool(before) and (before.isalnum() or before in GLUE_BEFORE)


def not_personal(where: FieldContext) -> bool:
    """Whether a field's meaning says it holds no data subject's data (the system's own endpoint), prose or not."""
    return where.meaning in meanings.NOT_PERSONAL_MEANINGS


def resolve_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Keep the most confident (then longest) match wherever matches share characters."""
    starts: list[int] = []  # kept spans, sorted by start; they never overlap each other
    ends: list[int] = []
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-m.score, -(m.end - m.start), m.start)):
        i = bisect_right(starts, m.start)
        if (i > 0 and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.insert(i, m)
    return kept


class Detector(PatternRecognizer):
    """Base class for one entity type. Subclasses set the class attributes and may override ``validate_result``."""

    ENTITY: ClassVar[str]
    NAME: ClassVar[str]
    VERSION: ClassVar[str] = "1.0"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    COLUMN_HINTS: ClassVar[tuple[str, ...]] = ()  # context words that count only in column names
    MEANINGS: ClassVar[tuple[str, ...]] = ()  # field meanings (scanner.meanings) that hold this entity
    NEGATIVE_COLUMNS: ClassVar[tuple[str, ...]] = ()
    REQUIRES_CONTEXT: ClassVar[bool] = False
    VALIDATED_SCORE: ClassVar[float] = 1.0
    CATEGORY: ClassVar[str | None] = None  # the fideslang key of the entity, where entity_categories.yaml has none
    # How a matched value appears in reports (detectors.masks): a function of the value, never revealing all of it.
    MASK: ClassVar[Callable[[str], str]] = mask_default
    FLAGS: ClassVar[int] = 0
    STANDALONE: ClassVar[bool] = False  # reject matches glued to a larger token (see GLUE_*)
    # A cheap test every match needs to pass (e.g. "has a digit"): values failing it skip the patterns.
    PREFILTER: ClassVar[re.Pattern[str] | None] = None
    # Patterns every hit of which needs context (``requires_context`` says so of each): in a batch with no context
    # word and no field context, values only they could match in are not read.
    CONTEXT_PATTERNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=self.NAME,
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.PATTERNS],
            context=list(self.CONTEXT),
            version=self.VERSION,
        )
        self._compiled = [(p, re.compile(p.regex, self.FLAGS)) for p in self.PATTERNS]
        self._filter = any_of([c for _, c in self._compiled])  # RE2: values where no pattern can match are skipped
        self._filter_without_context = (
            any_of([c for p, c in self._compiled if p.name not in self.CONTEXT_PATTERNS])
            if self.CONTEXT_PATTERNS
            else self._filter
        )
        self._column_context = lru_cache(maxsize=4096)(self._context_of_column)

    # --- context -----------------------------------------------------------------------------
    def _context_of_column(self, column: str | None) -> tuple[str | None, bool]:
        """(context word found in the column name, whether the name rules the entity out).

        A context word (``phone``) always counts; a column-only hint (``number``) counts unless the
        name also has a ruling-out word (``order_number``).
        """
        words = column_words(column)
        joined = "".join(words)
        strong = find_word(self.CONTEXT, words, joined)
        if strong:
            return strong, False
        if find_word(self.NEGATIVE_COLUMNS, words, joined):
            return None, True
        return find_word(self.COLUMN_HINTS, words, joined), False

    def field_context(self, where: FieldContext) -> tuple[str | None, bool]:
        """(``column:<word>`` or ``meaning:<meaning>`` context of the field, whether the field rules the entity out).

        A field whose meaning is not personal data (the system's own endpoint) rules every entity out.
        """
        if where.meaning is not None:
            if where.meaning in meanings.NOT_PERSONAL_MEANINGS:
                return None, True
            return (f"meaning:{where.meaning}" if where.meaning in self.MEANINGS else None), False
        word, rules_out = self._column_context(where.column)
        return (f"column:{word}" if word else None), rules_out

    def context_near(self, text: str, start: int, end: int) -> str | None:
        """A context word in the text just before or after a match, if any."""
        if not self.CONTEXT:
            return None
        for window in (text[max(0, start - CONTEXT_WINDOW_BEFORE) : start], text[end : end + CONTEXT_WINDOW_AFTER]):
            words = tuple(w for w in SEPARATORS.split(window.lower()) if w)
            found = find_word(self.CONTEXT, words, "".join(words))
            if found:
                return found
        return None

    def mentions_context(self, text: str) -> bool:
        """Whether a context word occurs in ``text`` as ``context_near`` reads one (a short word whole, "dr" not in
        "dropping"): without one, no window in it can hold one."""
        words = tuple(w for w in SEPARATORS.split(text.lower()) if w)
        return find_word(self.CONTEXT, words, "".join(words)) is not None

    @classmethod
    def plain_context(cls) -> bool:
        """Whether context in text is only ever a ``CONTEXT`` word near a match (nothing here is overridden)."""
        return cls.context_near is Detector.context_near and cls.evaluate is Detector.evaluate

    def _text_context(self, text: str, start: int, end: int) -> str | None:
        word = self.context_near(text, start, end)
        return f"text:{word}" if word else None

    @staticmethod
    def standalone(text: str, start: int, end: int) -> bool:
        """True when the match is not glued to a larger token such as a UUID, timestamp or amount."""
        if glued_before(text, start):
            return False
        after = text[end : end + 2]
        if after and (after[0].isalnum() or after[0] in GLUE_AFTER):
            return False
        # "1.5" or "10:30" continue the token; a full stop or colon before a space ends a sentence
        return not (after[:1] in ".:," and after[1:2].isalnum())

    # --- matching ------------------------------------------------------------------------------
    def candidates(self, text: str) -> list[tuple[str, int, int, Pattern]]:
        """Pattern hits as (pattern name, start, end, pattern); a ``value`` group narrows the span."""
        hits = []
        for pattern, compiled in self._compiled:
            for m in compiled.finditer(text):
                group = "value" if "value" in compiled.groupindex else 0
                start, end = m.span(group)
                if start < end:
                    hits.append((pattern.name, start, end, pattern))
        return hits

    def admits(self, pattern_name: str, where: FieldContext, field_context: str | None) -> bool:
        """Whether a pattern may match in this field at all (default: every pattern everywhere)."""
        return True

    def requires_context(self, candidate: str) -> bool:
        """Whether this candidate may only be reported next to a context word (default: REQUIRES_CONTEXT)."""
        return self.REQUIRES_CONTEXT

    @classmethod
    def always_requires_context(cls) -> bool:
        """Whether every candidate needs context (``REQUIRES_CONTEXT``, ``requires_context`` not overridden)."""
        return cls.REQUIRES_CONTEXT and cls.requires_context is Detector.requires_context

    def configure(self, **options: object) -> None:
        """Apply detector options from the scan configuration; the base class takes none."""
        if options:
            raise ValueError(f"detector {self.NAME!r} takes no options, got {', '.join(sorted(options))}")

    def mask(self, value: str) -> str:
        """The masked form of a value this detector matched (``MASK``): the only form that leaves the engine."""
        return type(self).MASK(value)

    def detail(self, value: str) -> str | None:
        """An optional qualifier of a match, e.g. ``public``/``private`` for IP addresses."""
        return None

    def detail_on(self, value: str, day: str) -> str | None:
        """The qualifier of a match judged at its record's own date (ISO ``day``), where that differs from
        ``detail``'s (an age); None keeps ``detail``'s."""
        return None

    @classmethod
    def dated(cls) -> bool:
        """Whether ``detail_on`` can differ from ``detail``: the engine then passes it each record's date."""
        return cls.detail_on is not Detector.detail_on

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
        """Score one pattern hit in ``text`` (one value): validation, then context; None when it does not count."""
        if not self.admits(pattern_name, where, field_context):
            return None
        if self.STANDALONE and not self.standalone(text, start, end):
            return None
        candidate = text[start:end]
        context = field_context or self._text_context(text, start, end)
        if not context and self.requires_context(candidate):
            return None  # decided before the (dearer) validation
        valid = self.validate_result(candidate)
        if valid is False:
            return None
        score, reasons = scored(pattern_name, pattern.score, self.VALIDATED_SCORE if valid else None, context)
        return Match(self.ENTITY, self.NAME, start, end, score, reasons, self.detail(candidate))

    def find(self, text: str, where: FieldContext = FREE_TEXT) -> list[Match]:
        """Every match of this detector in one value, scored with validation and context (the thorough path)."""
        field_context, field_rules_out = self.field_context(where)
        if (field_rules_out and not where.free_text) or not_personal(where):
            return []
        if self.PREFILTER is not None and self.PREFILTER.search(text) is None:
            return []
        found = (
            self.evaluate(text, s, e, name, pattern, where, field_context)
            for name, s, e, pattern in self.candidates(text)
        )
        matches = [m for m in found if m is not None]
        return resolve_overlaps(matches) if len(matches) > 1 else matches

    def find_many(self, values: Sequence[str], where: FieldContext = FREE_TEXT) -> list[list[Match]]:
        """``find`` over a batch of values from one container: the fast path, with the same verdicts.

        A detector that overrides ``find`` (or a batch of one) is asked value by value; otherwise
        the batch is read as a ``Column`` (``find_column``).
        """
        if type(self).find is not Detector.find or len(values) < 2:
            return [self.find(v, where) for v in values]
        return [list(hits) for hits in self._find_in(Column(values), where)]

    def find_column(self, column: Column, where: FieldContext = FREE_TEXT) -> Sequence[Sequence[Match]]:
        """``find`` over a batch that the engine shares among all detectors: what the engine calls.

        A detector that overrides ``find`` or ``find_many`` is answered by them, so one written
        before this hook gives the same matches.
        """
        cls = type(self)
        if cls.find is not Detector.find or cls.find_many is not Detector.find_many or len(column.values) < 2:
            return self.find_many(column.values, where)
        return self._find_in(column, where)

    def _find_in(self, column: Column, where: FieldContext) -> list[Sequence[Match]]:
        """The fast path: only values that pass ``PREFILTER``, and in which an RE2 search for the patterns widened
        (``re2_filter``) finds something, meet the patterns, joined for one pass of them.

        Each hit is then scored within its own value exactly as ``find`` scores it. For entities
        that always need context, a batch without any context word is skipped whole, and in prose so is
        every value without one; a hit that needs context (``requires_context``) in a value
        without a context word is dropped unscored.
        """
        values = column.values
        results: list[Sequence[Match]] = [NO_MATCHES] * len(values)  # one shared empty tuple: no list per value
        field_context, field_rules_out = self.field_context(where)
        if (field_rules_out and not where.free_text) or not_personal(where):
            return results
        if self.REQUIRES_CONTEXT and not field_context and not column.mentions(self.CONTEXT):
            return results
        text_context = not field_context and self.plain_context()  # context can only be a word near the hit
        mentioned = text_context and column.mentions(self.CONTEXT)
        # where every hit needs a context word near it, prose without one cannot hold a match (short cells are
        # cheaper to search than to read for words)
        words = self.CONTEXT if where.free_text and text_context and self.always_requires_context() else ()
        # without a context word in the batch, a hit of a pattern that always needs one would be dropped
        patterns = self._filter_without_context if text_context and not mentioned else self._filter
        joined, indices, starts = column.text(self.PREFILTER, patterns, words)
        if not indices:
            return results
        found: dict[int, list[Match]] = {}
        for pattern_name, start, end, pattern in self.candidates(joined):
            k = bisect_right(starts, start) - 1
            i, base = indices[k], starts[k]
            if (
                text_context
                and (not mentioned or not column.mentions_in(i, self.CONTEXT))
                and self.requires_context(joined[start:end])
            ):
                continue  # no context word in its value, so none near it
            match = self.evaluate(values[i], start - base, end - base, pattern_name, pattern, where, field_context)
            if match is not None:
                found.setdefault(i, []).append(match)
        for i, hits in found.items():
            results[i] = resolve_overlaps(hits) if len(hits) > 1 else hits
        return results

    # --- Presidio compatibility ------------------------------------------------------------------
    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's entry point, answered by ``find`` so both paths agree."""
        return [to_recognizer_result(self, m) for m in self.find(text)]


@lru_cache(maxsize=65536)
def scored(
    pattern_name: str, score: float, validated: float | None, context: str | None
) -> tuple[float, tuple[str, ...]]:
    """A pattern hit's score and reasons: its pattern's ``score``, raised to ``validated`` where it validated, and by
    ``CONTEXT_BOOST`` next to a context word or in a field named for it. Made once per kind of hit (and the reasons
    shared by every match of that kind)."""
    reasons = [f"pattern:{pattern_name}"]
    if validated is not None:
        score = max(score, validated)
        reasons.append("validated")
    if context:
        score = min(1.0, score + CONTEXT_BOOST)
        reasons.append(f"context:{context}")
    return round(score, 2), tuple(reasons)


def to_recognizer_result(detector: Detector, match: Match) -> RecognizerResult:
    explanation = AnalysisExplanation(
        recognizer=detector.NAME,
        original_score=match.score,
        textual_explanation="; ".join(match.reasons),
    )
    return RecognizerResult(
        entity_type=match.entity,
        start=match.start,
        end=match.end,
        score=match.score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: detector.NAME,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: detector.id,
        },
    )
