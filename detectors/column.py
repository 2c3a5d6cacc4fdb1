"""A batch of one container's values as the detectors' fast path reads it, with the work they share done once.

Every detector of a batch asks the same questions: which values pass a prefilter ("has a digit",
"has an @"), the values joined for one pass of its patterns, and whether a context word occurs
anywhere. A ``Column`` answers each once per batch. Prefilters are run over the whole batch at
once by Arrow's RE2 engine (``pyarrow.compute``) where the pattern means the same there as in
Python's ``re``, else value by value; either way only the values that pass reach a detector's
patterns and validators.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate

import pyarrow as pa
import pyarrow.compute as pc

# Joins a batch of values for one pass of the patterns: no pattern matches a NUL, and none crosses a line end.
BATCH_SEPARATOR = "\n\x00\n"
SEPARATORS = re.compile(r"[^a-z0-9]+")
ESCAPE = re.compile(r"\\(.)")
RE2_SAFE_FLAGS = re.UNICODE  # what every str pattern carries; other flags change what a pattern means


def re2_pattern(pattern: re.Pattern[str]) -> str | None:
    """``pattern`` as RE2 reads it alike, or None where the two engines could differ.

    Literals, classes, alternation and escaped punctuation mean the same in both; ``\\d`` becomes
    ``\\p{Nd}`` (Python's ``\\d`` is every Unicode decimal digit). Other escapes (``\\w``, ``\\b``,
    ``\\s``), groups with options and lookarounds are left to Python.
    """
    text = pattern.pattern
    if pattern.flags & ~RE2_SAFE_FLAGS or "(?" in text:
        return None
    if any(m[1].isalnum() and m[1] != "d" for m in ESCAPE.finditer(text)):
        return None
    return ESCAPE.sub(lambda m: r"\p{Nd}" if m[1] == "d" else m[0], text)


class Column:
    """One batch of a container's values, and what detectors share about it."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = values
        self._passing: dict[re.Pattern[str] | None, list[int]] = {}
        self._texts: dict[re.Pattern[str] | None, tuple[str, list[int], list[int]]] = {}
        self._squashed_values: dict[int, str] = {}

    @cached_property
    def arrow(self) -> pa.StringArray | None:
        """The values as an Arrow array; None where one is not UTF-8 (a lone surrogate from a JSON escape)."""
        try:
            return pa.array(self.values, pa.string())
        except UnicodeEncodeError:
            return None

    @cached_property
    def squashed(self) -> str:
        """The whole batch lower-cased without separators: a context word found anywhere in it is found here."""
        return SEPARATORS.sub("", BATCH_SEPARATOR.join(self.values).lower())

    def mentions(self, words: Sequence[str]) -> bool:
        """Whether any of ``words`` (spaces taken out) occurs anywhere in the batch."""
        squashed = self.squashed
        return any(word.replace(" ", "") in squashed for word in words)

    def mentions_in(self, index: int, words: Sequence[str]) -> bool:
        """Whether any of ``words`` (spaces taken out) occurs in value ``index``, lower-cased without separators:
        wherever a context word is found near a match in the value, it is found here."""
        squashed = self._squashed_values.get(index)
        if squashed is None:
            squashed = self._squashed_values[index] = SEPARATORS.sub("", self.values[index].lower())
        return any(word.replace(" ", "") in squashed for word in words)

    def passing(self, prefilter: re.Pattern[str] | None) -> list[int]:
        """Indices of the values in which ``prefilter`` finds something (all values for None)."""
        found = self._passing.get(prefilter)
        if found is None:
            found = self._passing[prefilter] = self._search(prefilter)
        return found

    def _search(self, prefilter: re.Pattern[str] | None) -> list[int]:
        if prefilter is None:
            return list(range(len(self.values)))
        translated = re2_pattern(prefilter)
        if translated is None or self.arrow is None:
            return [i for i, value in enumerate(self.values) if prefilter.search(value)]
        mask = pc.match_substring_regex(self.arrow, translated)
        return pc.indices_nonzero(mask).to_pylist()

    def text(self, prefilter: re.Pattern[str] | None) -> tuple[str, list[int], list[int]]:
        """(the passing values joined by ``BATCH_SEPARATOR``, their indices, where each starts in the joined text)."""
        known = self._texts.get(prefilter)
        if known is None:
            indices = self.passing(prefilter)
            chosen = [self.values[i] for i in indices]
            starts = list(accumulate((len(v) + len(BATCH_SEPARATOR) for v in chosen[:-1]), initial=0))
            known = self._texts[prefilter] = (BATCH_SEPARATOR.join(chosen), indices, starts)
        return known
