"""Telephone numbers, parsed and validated with ``phonenumbers`` for a list of default regions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_DIGIT, Detector
from piiaudit.scanner.model import meanings
from piiaudit.scanner.model.settings import DEFAULT_REGIONS

MIN_DIGITS, MAX_DIGITS = 8, 15
CANDIDATE = r"(?:\+|\b00)?\(?\d[\d \u00a0().-]{5,22}\d"
DATE_LIKE = re.compile(r"^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$|^\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}$")
DOTTED_PHONE = re.compile(r"^\+?\(?\d{1,4}\)?(?:\.\d{2,4}){2,4}$")
GROUP_BREAK = re.compile(r"[ \u00a0]+")


def digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def is_bare(candidate: str) -> bool:
    """A plain run of digits with no ``+``, trunk ``0`` or separators: as likely an id or a timestamp."""
    return candidate.isdigit() and not candidate.startswith("0")


@lru_cache(maxsize=65536)
def parse_phone(candidate: str, regions: tuple[str, ...]) -> phonenumbers.PhoneNumber | None:
    """The valid phone number ``candidate`` spells in international form or in one of ``regions``.

    Cached: a pattern candidate is parsed once for the pattern, validation and the region detail.
    """
    text = candidate.strip()
    if not MIN_DIGITS <= len(digits_of(text)) <= MAX_DIGITS or DATE_LIKE.match(text):
        return None
    if "." in text and not DOTTED_PHONE.match(text):
        return None  # 10.2.3 or 3.11.7 are versions, not numbers
    if text.startswith("00"):
        text = "+" + text[2:]
    for region in (None,) if text.startswith("+") else regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def shorter_prefixes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The candidate span and its prefixes cut at spaces, longest first (a number followed by another)."""
    spans = [(start, end)]
    for gap in reversed(list(GROUP_BREAK.finditer(text, start, end))):
        spans.append((start, gap.start()))
    return spans


class RegionalDetector(Detector):
    """A detector of telephone numbers, which reads national numbers for a configurable list of regions."""

    def __init__(self, regions: Sequence[str] = DEFAULT_REGIONS) -> None:
        super().__init__()
        self.regions = tuple(regions)

    def configure(self, **options: object) -> None:
        """``regions``: the regions (ISO 3166 codes such as ``AU``) whose national numbers are read."""
        regions = options.pop("regions", DEFAULT_REGIONS)
        if (
            isinstance(regions, str)
            or not isinstance(regions, Sequence)
            or not all(isinstance(r, str) for r in regions)
        ):
            raise ValueError(f"regions must be a list of region codes such as [AU, US], not {regions!r}")
        super().configure(**options)
        self.regions = tuple(r.upper() for r in regions)


class PhoneDetector(RegionalDetector):
    """E.164 and national formats with spaces, dots, dashes and brackets; bare digit runs need context."""

    ENTITY = "PHONE_NUMBER"
    NAME = "phone"
    PATTERNS = (Pattern("phone", CANDIDATE, 0.4),)
    CONTEXT = ("phone", "telephone", "tel", "mobile", "mob", "cell", "fax", "call", "ring", "sms", "whatsapp")
    PREFILTER = HAS_DIGIT
    COLUMN_HINTS = ("msisdn", "dst", "dest", "destination", "dnis", "to", "from", "number", "contact")
    MEANINGS = (meanings.PHONE_NUMBER,)
    NEGATIVE_COLUMNS = (
        "order", "invoice", "uuid", "guid", "version", "amount", "price", "total", "cost", "timestamp",
        "epoch", "time", "date", "sku", "serial", "ref", "reference", "id", "account", "card", "iban",
        "ssn", "tfn", "abn", "routing", "bsb", "duration", "billsec", "quantity", "postcode", "zip",
        "case", "ticket", "licence", "license", "passport", "imei", "meid",
    )  # fmt: skip
    VALIDATED_SCORE = 0.75
    STANDALONE = True

    def candidates(self, text: str) -> list[tuple[str, int, int, Pattern]]:
        hits = []
        for name, start, end, pattern in super().candidates(text):
            for s, e in shorter_prefixes(text, start, end):
                candidate = text[s:e].rstrip(" .-(")
                if candidate.count(")") > candidate.count("("):
                    candidate = candidate.rstrip(")")
                if parse_phone(candidate, self.regions):
                    hits.append((name, s, s + len(candidate), pattern))
                    break
        return hits

    def validate_result(self, pattern_text: str) -> bool:
        return parse_phone(pattern_text, self.regions) is not None

    def requires_context(self, candidate: str) -> bool:
        return is_bare(candidate)

    def detail(self, value: str) -> str | None:
        number = parse_phone(value, self.regions)
        return phonenumbers.region_code_for_number(number) if number else None
