"""Caller ID as telephony writes it: ``"Display Name" <number>``, ``Name <number>`` or a bare CLID/ANI number."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_DIGIT
from piiaudit.detectors.masks import mask_digits, mask_words
from piiaudit.detectors.phone import RegionalDetector, digits_of, parse_phone
from piiaudit.scanner.model import meanings

NAMED = re.compile(r'^"?(?P<name>[^"<>]*?)"?\s*<(?P<number>[^<>]+)>$')


def split_caller_id(value: str) -> tuple[str, str]:
    """(display name, number) of a Caller ID; the name is empty for a bare number."""
    m = NAMED.match(value.strip())
    if not m:
        return "", value.strip()
    return m["name"].strip(), m["number"].strip()


def mask_caller_id(text: str) -> str:
    """The name's initials and the number's last two digits: ``"J*** D***" <+** *** *** *78>``."""
    name, number = split_caller_id(text)
    masked_number = mask_digits(number)
    return f'"{mask_words(name)}" <{masked_number}>' if name else masked_number


class CallerIdDetector(RegionalDetector):
    """One finding carrying both the caller's display name and number; a bare number only in a CLID/ANI field."""

    ENTITY = "CALLER_ID"
    NAME = "caller_id"
    MASK = mask_caller_id
    PATTERNS = (
        Pattern("quoted_name_number", r'"[^"<>\n]{1,64}"[ \t]*<\+?[\d \-.()]{3,24}>', 0.9),
        Pattern("name_number", r"\b[A-Za-z][A-Za-z .'\-]{0,63}[ \t]*<\+?[\d \-.()]{3,24}>", 0.85),
        Pattern("bare_number", r"(?:\+|\b)\d[\d \-.()]{4,22}\d\b", 0.5),
    )
    CONTEXT = ("caller id", "callerid", "clid", "ani", "cli", "calling number", "caller number")
    PREFILTER = HAS_DIGIT
    COLUMN_HINTS = ("caller", "calling", "src", "from")
    MEANINGS = (meanings.CALLER_ID,)
    VALIDATED_SCORE = 0.9

    def validate_result(self, pattern_text: str) -> bool:
        name, number = split_caller_id(pattern_text)
        if name:
            return 3 <= len(digits_of(number)) <= 15
        return parse_phone(number, self.regions) is not None

    def requires_context(self, candidate: str) -> bool:
        return "<" not in candidate

    def detail(self, value: str) -> str | None:
        return "name+number" if split_caller_id(value)[0] else "number"
