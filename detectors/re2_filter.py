"""Python regular expressions as RE2 filters: a pattern RE2 finds in every text where Python's ``re`` finds one.

Arrow's ``pyarrow.compute`` searches a whole column in C++ with RE2, without a Python call per value. RE2
has no lookarounds or backreferences and reads ``\\w``, ``\\s`` and ``\\b`` as ASCII, so a pattern cannot
always be carried over as it is; a filter only has to let through every value the pattern could match in,
which every pattern can be widened to. ``re2_filter`` walks the pattern as Python's own parser reads it and
writes each part as RE2 syntax that matches at least what it matches: literals, classes, alternation and
repetition as they are, lookarounds and word boundaries left out (an assertion removed only admits more),
a backreference as any text, ``\\w`` and ``\\s`` as their Unicode supersets. A pattern with a part it does
not know gives None: no filter, every value goes to Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # Python's own regex parser (stable since 3.11)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

FIXED_REPEAT = 4  # exact counts up to this are kept; longer ones and ranges become "at least" (at most this)
# Python's Unicode \w and \s, widened to every character beyond ASCII: byte ranges keep RE2's automaton small,
# where Unicode classes (\p{L}) repeated would multiply it.
WORD = r"0-9A-Za-z_\x{80}-\x{10ffff}"
SPACE = r"\t-\r\x{1c}-\x{20}\x{80}-\x{10ffff}"
SUPERSETS = {  # Python class category → RE2 class items that contain it (for a class)
    sre.CATEGORY_DIGIT: r"\p{Nd}",
    sre.CATEGORY_NOT_DIGIT: r"\P{Nd}",
    sre.CATEGORY_WORD: WORD,
    sre.CATEGORY_NOT_WORD: r"\x{0}-\x{2f}\x{3a}-\x{40}\x{5b}-\x{5e}\x{60}\x{7b}-\x{10ffff}",  # not [0-9A-Za-z_]
    sre.CATEGORY_SPACE: SPACE,
    sre.CATEGORY_NOT_SPACE: r"\x{0}-\x{8}\x{e}-\x{1f}\x{21}-\x{10ffff}",  # not [\t-\r ]
}
SUBSETS = {  # Python class category → RE2 class items it contains (for a negated class, which then admits more)
    sre.CATEGORY_DIGIT: r"\p{Nd}",
    sre.CATEGORY_NOT_DIGIT: r"\P{Nd}",
    sre.CATEGORY_WORD: r"0-9A-Za-z_",
    sre.CATEGORY_NOT_WORD: r"\x{0}-\x{2f}\x{3a}-\x{40}\x{5b}-\x{5e}\x{60}\x{7b}-\x{7f}",  # ASCII, not [0-9A-Za-z_]
    sre.CATEGORY_SPACE: r"\t-\r ",
    sre.CATEGORY_NOT_SPACE: r"!-~",
}
# Ignoring case, Python's re matches an ASCII letter's two cases and these (tests/test_re2_filter.py checks it
# over every code point); RE2's own case folding differs (it has no dotted capital I), so cases are spelled out.
CASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


# Anchors as line anchors: a value is searched alone, and in the text Python searches (values joined by line ends)
# a value starts and ends a line, so ^ and $ (multi-line or not) match there, and at most at its own line ends.
ANCHORS = {
    sre.AT_BEGINNING: "(?m:^)",
    sre.AT_BEGINNING_STRING: "(?m:^)",
    sre.AT_END: "(?m:$)",
    sre.AT_END_STRING: "(?m:$)",
}


class Untranslatable(Exception):
    """A part of a pattern this module does not carry over."""


def char(code: int) -> str:
    return rf"\x{{{code:x}}}"


def cases(code: int, ignore_case: bool) -> list[int]:
    """The characters a literal matches: itself, or ignoring case, each case of an ASCII letter."""
    letter = chr(code)
    if not ignore_case or letter.lower() == letter.upper():
        return [code]
    if not letter.isascii():
        raise Untranslatable(f"case of {letter!r}")
    lower = letter.lower()
    return [ord(c) for c in lower + lower.upper() + CASE_EXTRAS.get(lower, "")]


@lru_cache(maxsize=1024)
def re2_filter(pattern: re.Pattern[str]) -> str | None:
    """An RE2 pattern that finds a match in every text in which ``pattern`` finds one, or None."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        return sequence(tree, bool(tree.state.flags & re.IGNORECASE))
    except (Untranslatable, re.error, AttributeError, TypeError, ValueError):
        return None


def any_of(patterns: Sequence[re.Pattern[str]]) -> str | None:
    """An RE2 filter for several patterns (a detector's): it finds something wherever one of them does."""
    parts = [re2_filter(pattern) for pattern in patterns]
    if not parts or any(part is None for part in parts):
        return None
    return "|".join(f"(?:{part})" for part in parts)


def sequence(items: Any, ignore_case: bool) -> str:
    return "".join(node(op, av, ignore_case) for op, av in items)


def node(op: Any, av: Any, ignore_case: bool) -> str:
    if op is sre.LITERAL:
        codes = cases(av, ignore_case)
        return char(av) if len(codes) == 1 else "[" + "".join(map(char, codes)) + "]"
    if op is sre.NOT_LITERAL:
        return "[^" + "".join(map(char, cases(av, ignore_case))) + "]"
    if op is sre.ANY:
        return "(?s:.)"
    if op is sre.IN:
        return char_class(av, ignore_case)
    if op is sre.BRANCH:
        return "(?:" + "|".join(sequence(alternative, ignore_case) for alternative in av[1]) + ")"
    if op is sre.SUBPATTERN:
        _, add_flags, _, item = av  # a flag taken off inside (?-i:…) is kept: ignoring case only admits more
        return "(?:" + sequence(item, ignore_case or bool(add_flags & re.IGNORECASE)) + ")"
    if op is sre.ATOMIC_GROUP:
        return "(?:" + sequence(av, ignore_case) + ")"
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return repeat(av, ignore_case)
    if op is sre.AT:
        return ANCHORS.get(av, "")  # word boundaries: left out
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return ""  # lookarounds: left out
    if op is sre.GROUPREF:
        return "(?s:.*)"
    raise Untranslatable(str(op))


def char_class(items: Any, ignore_case: bool) -> str:
    negated = bool(items) and items[0][0] is sre.NEGATE
    parts: list[str] = []
    for op, av in items[1:] if negated else items:
        if op is sre.LITERAL:
            parts += map(char, cases(av, ignore_case))
        elif op is sre.RANGE:
            low, high = av
            parts.append(f"{char(low)}-{char(high)}")
            if ignore_case:
                if high > 0x7F:
                    raise Untranslatable("case of a range beyond ASCII")
                parts += [char(code) for c in range(low, high + 1) for code in cases(c, ignore_case)]
        elif op is sre.CATEGORY and av in SUPERSETS:
            parts.append((SUBSETS if negated else SUPERSETS)[av])
        else:
            raise Untranslatable(str(op))
    return f"[{'^' if negated else ''}{''.join(parts)}]"


def repeat(av: Any, ignore_case: bool) -> str:
    """A repetition with no upper bound: bounded ones (``{0,64}``) multiply RE2's automaton and slow it down
    many times over, and leaving the bound out only admits more."""
    low, high, item = av
    body = f"(?:{sequence(item, ignore_case)})"
    if low == high and low <= FIXED_REPEAT:
        return f"{body}{{{low}}}"
    return f"{body}{{{min(low, FIXED_REPEAT)},}}"
