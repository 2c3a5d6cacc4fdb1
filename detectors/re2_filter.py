"""Python regular expressions as RE2 filters: a pattern RE2 finds in every text where Python's ``re`` finds one.

Arrow's ``pyarrow.compute`` searches a whole column in C++ with RE2, without a Python call per value. RE2
has no lookarounds or backreferences and reads ``\\w``, ``\\s`` and ``\\b`` as ASCII, so a pattern cannot
always be carried over as it is; a filter only has to let through every value the pattern could match in,
which every pattern can be widened to. ``re2_filter`` walks the pattern as Python's own parser reads it and
writes each part as RE2 syntax that matches at least what it matches: literals, classes, alternation and
repetition as they are, a backreference as any text, ``\\d``, ``\\w`` and ``\\s`` as supersets. At a pattern's
edges, a lookaround on one character (``(?<![\\w.])``) and a word boundary next to word characters become that
character, read as a class that admits at least what it admits, or the line's edge; anywhere else
lookarounds and word boundaries are left out (an assertion removed only admits more). A pattern with a part
it does not know gives None: no filter, every value goes to Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # Python's own regex parser (stable since 3.11)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

BOUNDED_REPEAT = 4  # repetitions of at most this many are kept as they are ({1,3}, ?)
LEAST_REPEAT = 16  # longer ones become "at least" their lower bound (at most this)
# Python's Unicode \d, \w and \s, widened to every character beyond ASCII: byte ranges keep RE2's automaton small,
# where Unicode classes (\p{L}) repeated would multiply it.
WORD = r"0-9A-Za-z_\x{80}-\x{10ffff}"
DIGIT = r"0-9\x{80}-\x{10ffff}"
SPACE = r"\t-\r\x{1c}-\x{20}\x{80}-\x{10ffff}"
SUPERSETS = {  # Python class category → RE2 class items that contain it (for a class)
    sre.CATEGORY_DIGIT: DIGIT,
    sre.CATEGORY_NOT_DIGIT: r"\x{0}-\x{2f}\x{3a}-\x{10ffff}",  # not [0-9]
    sre.CATEGORY_WORD: WORD,
    sre.CATEGORY_NOT_WORD: r"\x{0}-\x{2f}\x{3a}-\x{40}\x{5b}-\x{5e}\x{60}\x{7b}-\x{10ffff}",  # not [0-9A-Za-z_]
    sre.CATEGORY_SPACE: SPACE,
    sre.CATEGORY_NOT_SPACE: r"\x{0}-\x{8}\x{e}-\x{1f}\x{21}-\x{10ffff}",  # not [\t-\r ]
}
SUBSETS = {  # Python class category → RE2 class items it contains (for a negated class, which then admits more)
    sre.CATEGORY_DIGIT: "0-9",
    sre.CATEGORY_NOT_DIGIT: r"\x{0}-\x{2f}\x{3a}-\x{7f}",  # ASCII, not [0-9]
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
        return whole(list(tree), bool(tree.state.flags & re.IGNORECASE))
    except (Untranslatable, re.error, AttributeError, TypeError, ValueError):
        return None


def any_of(patterns: Sequence[re.Pattern[str]]) -> str | None:
    """An RE2 filter for several patterns (a detector's): it finds something wherever one of them does."""
    parts = [re2_filter(pattern) for pattern in patterns]
    if not parts or any(part is None for part in parts):
        return None
    return "|".join(f"(?:{part})" for part in parts)


ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
LINE_START, LINE_END = ANCHORS[sre.AT_BEGINNING], ANCHORS[sre.AT_END]
NOT_ASCII_WORD = "[^0-9A-Za-z_]"


def whole(items: list[Any], ignore_case: bool) -> str:
    """A whole pattern (or one of its top-level alternatives): its edges' assertions kept where RE2 can say them."""
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        return "(?:" + "|".join(whole(list(alternative), ignore_case) for alternative in items[0][1][1]) + ")"
    consuming = [i for i, (op, _) in enumerate(items) if op not in ZERO_WIDTH]
    if not consuming:
        return sequence(items, ignore_case)
    first, last = consuming[0], consuming[-1]
    head = "".join(edge(op, av, items[first], ignore_case, before=True) for op, av in items[:first])
    tail = "".join(edge(op, av, items[last], ignore_case, before=False) for op, av in items[last + 1 :])
    return head + sequence(items[first : last + 1], ignore_case) + tail


def edge(op: Any, av: Any, neighbour: Any, ignore_case: bool, before: bool) -> str:
    """An assertion at a pattern's edge as RE2 that consumes the character it looks at, or the line's edge.

    ``neighbour`` is the pattern's first (``before``) or last consuming item. A lookaround the other way, or
    on more than one character, and a word boundary next to anything but word characters, are left out.
    """
    line_edge = LINE_START if before else LINE_END
    if op is sre.AT:
        if av is sre.AT_BOUNDARY and word_only(neighbour, first=before):
            return f"(?:{line_edge}|{NOT_ASCII_WORD})"
        return ANCHORS.get(av, "")
    direction, body = av
    if (direction < 0) != before:
        return ""
    looked_at = one_character(list(body), ignore_case, negated=op is sre.ASSERT_NOT)
    return f"(?:{line_edge}|{looked_at})" if looked_at else ""


def one_character(items: list[Any], ignore_case: bool, negated: bool) -> str | None:
    """A lookaround's body of one character as a class: its complement (at least what the body does not match)
    for ``negated``, else a superset. A negated body that is an alternation excludes its one-character
    alternatives (excluding fewer only admits more); None where the body says nothing this can use."""
    if len(items) == 1 and items[0][0] is sre.BRANCH and negated:
        singles = [class_members(*a[0]) for a in items[0][1][1] if len(a) == 1 and a[0][0] in (sre.LITERAL, sre.IN)]
        members = [member for single in singles if single for member in single]
        items = [(sre.IN, members)] if members else []
    if len(items) != 1 or items[0][0] not in (sre.LITERAL, sre.IN):
        return None
    one = class_members(*items[0])
    if not one:
        return None
    return char_class([(sre.NEGATE, None), *one] if negated else one, ignore_case)


def class_members(op: Any, av: Any) -> list[Any] | None:
    """A literal or a (not negated) class as class members; None for a negated class."""
    if op is sre.LITERAL:
        return [(sre.LITERAL, av)]
    if av and av[0][0] is sre.NEGATE:
        return None
    return list(av)


WORD_RANGES = ((ord("0"), ord("9")), (ord("A"), ord("Z")), (ord("a"), ord("z")))


def word_only(item: tuple[Any, Any], first: bool) -> bool:
    """Whether an item's first (or last) character is always a word character, as Python's ``\\w`` reads one."""
    op, av = item
    if op is sre.LITERAL:
        return word_member(op, av)
    if op is sre.IN:
        return bool(av) and all(word_member(member_op, member_av) for member_op, member_av in av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, item = av
        return low >= 1 and sequence_word_only(list(item), first)
    if op is sre.SUBPATTERN:
        return sequence_word_only(list(av[3]), first)
    if op is sre.BRANCH:
        return all(sequence_word_only(list(alternative), first) for alternative in av[1])
    return False


def sequence_word_only(items: list[Any], first: bool) -> bool:
    consuming = [item for item in items if item[0] not in ZERO_WIDTH]
    return bool(consuming) and word_only(consuming[0 if first else -1], first=first)


def word_member(op: Any, av: Any) -> bool:
    if op is sre.LITERAL:
        return chr(av) == "_" or chr(av).isalnum()
    if op is sre.RANGE:
        return any(low <= av[0] and av[1] <= high for low, high in WORD_RANGES)
    return op is sre.CATEGORY and av in (sre.CATEGORY_DIGIT, sre.CATEGORY_WORD)


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
    """A short repetition as it is; a longer one with no upper bound: bounded ones (``{0,64}``) multiply RE2's
    automaton and slow it down many times over, and leaving the bound out only admits more."""
    low, high, item = av
    body = f"(?:{sequence(item, ignore_case)})"
    if high <= BOUNDED_REPEAT:
        return f"{body}{{{low},{high}}}"
    return f"{body}{{{min(low, LEAST_REPEAT)},}}"
