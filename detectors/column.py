"""A batch of one container's values as the detectors' fast path reads it, with the work they share done once.

Every detector of a batch asks the same questions: which values pass a prefilter ("has a digit",
"has an @"), the values joined for one pass of its patterns, and whether a context word occurs
anywhere. A ``Column`` answers each once per batch. Prefilters are run over the whole batch at
once by Arrow's RE2 engine (``pyarrow.compute``), as RE2 patterns that find at least what they
find (``re2_filter``), else value by value with Python's ``re``. In a batch of some size the
values are also searched at once for the detector's own patterns, widened the same way: only
the values where one of them could match reach Python's patterns and the validators.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property, lru_cache
from itertools import accumulate

import pyarrow as pa
import pyarrow.compute as pc

from piiaudit.detectors.re2_filter import re2_filter

# Joins a batch of values for one pass of the patterns: no pattern matches a NUL, and none crosses a line end.
BATCH_SEPARATOR = "\n\x00\n"
SEPARATORS = re.compile(r"[^a-z0-9]+")
NOT_ALNUM_ASCII = bytes(b for b in range(128) if not (chr(b).isdigit() or chr(b).islower()))
FILTER_MIN_CHARS = 32_768  # below this much text, compiling an RE2 filter costs more than it saves


def squash(text: str) -> str:
    """``text`` lower-cased, with every character but ``a-z0-9`` taken out (``SEPARATORS``), at C speed."""
    return text.lower().encode("ascii", "ignore").translate(None, NOT_ALNUM_ASCII).decode("ascii")


@lru_cache(maxsize=256)
def without_spaces(words: tuple[str, ...]) -> tuple[str, ...]:
    """Context words as they occur in squashed text (``squash``)."""
    return tuple(word.replace(" ", "") for word in words)


def holds_any(squashed: str, words: Sequence[str]) -> bool:
    """Whether any of ``words`` (spaces taken out) occurs in ``squashed`` text."""
    return any(map(squashed.__contains__, without_spaces(tuple(words))))


class Column:
    """One batch of a container's values, and what detectors share about it."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = values
        self._passing: dict[re.Pattern[str] | None, list[int]] = {}
        self._texts: dict[tuple[re.Pattern[str] | None, str | None, tuple[str, ...]], tuple[str, list[int], list[int]]]
        self._texts = {}
        self._squashed_values: dict[int, str] = {}
        self._mentioned: dict[tuple[str, ...], bool] = {}

    @cached_property
    def arrow(self) -> pa.StringArray | None:
        """The values as an Arrow array; None where one is not UTF-8 (a lone surrogate from a JSON escape)."""
        try:
            return pa.array(self.values, pa.string())
        except UnicodeEncodeError:
            return None

    @cached_property
    def joined(self) -> str:
        """The whole batch, its values joined by ``BATCH_SEPARATOR``."""
        return BATCH_SEPARATOR.join(self.values)

    @cached_property
    def squashed(self) -> str:
        """The whole batch lower-cased without separators: a context word found anywhere in it is found here."""
        return squash(self.joined)

    @cached_property
    def arrow_joined(self) -> pa.StringArray | None:
        """The whole batch as one Arrow string (``joined``); None where a value is not UTF-8."""
        return None if self.arrow is None else pa.array([self.joined], pa.string())

    def mentions(self, words: Sequence[str]) -> bool:
        """Whether any of ``words`` (spaces taken out) occurs anywhere in the batch (asked once per set of words: each
        search reads the whole batch)."""
        key = tuple(words)
        found = self._mentioned.get(key)
        if found is None:
            found = self._mentioned[key] = holds_any(self.squashed, key)
        return found

    def mentions_in(self, index: int, words: Sequence[str]) -> bool:
        """Whether any of ``words`` (spaces taken out) occurs in value ``index``, lower-cased without separators:
        wherever a context word is found near a match in the value, it is found here."""
        squashed = self._squashed_values.get(index)
        if squashed is None:
            squashed = self._squashed_values[index] = squash(self.values[index])
        return holds_any(squashed, words)

    def passing(self, prefilter: re.Pattern[str] | None) -> list[int]:
        """Indices of the values in which ``prefilter`` may find something (all values for None)."""
        found = self._passing.get(prefilter)
        if found is None:
            found = self._passing[prefilter] = self._search(prefilter)
        return found

    def _search(self, prefilter: re.Pattern[str] | None) -> list[int]:
        if prefilter is None:
            return list(range(len(self.values)))
        translated = re2_filter(prefilter)
        if translated is None or self.arrow is None:
            return [i for i, value in enumerate(self.values) if prefilter.search(value)]
        return self._matching(translated)

    def _matching(self, re2: str) -> list[int]:
        """Indices of the values in which the RE2 pattern ``re2`` finds something.

        The batch is searched whole first, in one pass: where ``re2`` finds nothing in all of it, it finds nothing
        in any value (its only anchors are line anchors, which hold at each value's edges there too).
        """
        assert self.arrow is not None and self.arrow_joined is not None
        if not pc.any(pc.match_substring_regex(self.arrow_joined, re2)).as_py():
            return []
        return pc.indices_nonzero(pc.match_substring_regex(self.arrow, re2)).to_pylist()

    def text(
        self, prefilter: re.Pattern[str] | None, patterns: str | None = None, words: Sequence[str] = ()
    ) -> tuple[str, list[int], list[int]]:
        """(the passing values joined by ``BATCH_SEPARATOR``, their indices, where each starts in the joined text).

        The values passing ``prefilter`` are narrowed to those that mention one of ``words`` (``mentions_in``),
        if any are given, and to those ``patterns`` (an RE2 filter of a detector's patterns, ``re2_filter``)
        finds something in, where the batch has enough text to be worth it.
        """
        key = (prefilter, patterns, tuple(words))
        known = self._texts.get(key)
        if known is None:
            indices = self.passing(prefilter)
            if words:
                indices = [i for i in indices if self.mentions_in(i, words)]
            if patterns is not None and self.arrow is not None and self._chars(indices) >= FILTER_MIN_CHARS:
                found = set(self._matching(patterns))
                indices = [i for i in indices if i in found]
            chosen = [self.values[i] for i in indices]
            starts = list(accumulate(map(len(BATCH_SEPARATOR).__add__, map(len, chosen[:-1])), initial=0))
            text = self.joined if len(indices) == len(self.values) else BATCH_SEPARATOR.join(chosen)
            known = self._texts[key] = (text, indices, starts)
        return known

    def _chars(self, indices: list[int]) -> int:
        if len(indices) == len(self.values):
            return self.chars
        return sum(map(len, map(self.values.__getitem__, indices)))

    @cached_property
    def chars(self) -> int:
        """How many characters the batch holds."""
        return sum(map(len, self.values))
