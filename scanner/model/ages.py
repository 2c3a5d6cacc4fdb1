"""Age brackets: all a date of birth reveals in a report, which is enough to check a policy's age limit.

The date-of-birth detector qualifies each match with the bracket of the person's age (a match's
``detail``, such as ``age:13-15``); the policy stage finds dates of birth of people younger than
the policy's audience age limit from those brackets. The age is taken at the record's own date where
the record has one (a signup, creation or call date in the same row or document: the label then ends
in ``@record``, such as ``age:13-15@record``), else at the scan date.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AgeBracket:
    label: str  # the match detail: age:under-13
    below: int | None  # everyone in the bracket is younger than this; None for the open-ended adult bracket


AGE_BRACKETS = (
    AgeBracket("age:under-13", 13),
    AgeBracket("age:13-15", 16),
    AgeBracket("age:16-17", 18),
    AgeBracket("age:18+", None),
)
BY_LABEL = {bracket.label: bracket for bracket in AGE_BRACKETS}
AT_RECORD = "@record"  # suffix of a bracket taken at the record's own date


def at_record(label: str) -> str:
    """The bracket ``label`` as taken at the record's own date: ``age:13-15@record``."""
    return label + AT_RECORD


def is_at_record(label: str) -> bool:
    return label.endswith(AT_RECORD)


def bracket_of(years: int) -> AgeBracket:
    """The bracket of an age in whole years."""
    return next(b for b in AGE_BRACKETS if b.below is None or years < b.below)


def all_younger_than(label: str, limit: int) -> bool:
    """Whether everyone in the bracket ``label`` is younger than ``limit`` (False for a label that is no bracket)."""
    bracket = BY_LABEL.get(label.removesuffix(AT_RECORD))
    return bracket is not None and bracket.below is not None and bracket.below <= limit
