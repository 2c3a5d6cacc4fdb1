"""Telephone numbers, parsed and validated with ``phonenumbers`` for a list of default regions.

A number written the North American way (``(305) 141-6799``, ``305-141-6799``) is read as a NANP
number only, never as another region's national number. In a field that holds phone numbers (a
format's phone or caller field, a column named like one) a phone-shaped value counts even where the
validator rejects it or it belongs to no configured region: E.164 numbers of any country, other
countries' national numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import ClassVar

import phonenumbers
from presidio_analyzer import Pattern

from piiaudit.detectors import phone_rules
from piiaudit.detectors.base import CONTEXT_BOOST, HAS_DIGIT, Detector, glued_before
from piiaudit.scanner.model import FieldContext, Match, meanings
from piiaudit.scanner.model.settings import DEFAULT_REGIONS

MIN_DIGITS, MAX_DIGITS = 8, 15
CANDIDATE = r"(?:\+|\b00)?\(?\d[\d \u00a0().-]{5,22}\d"
DATE_LIKE = re.compile(r"^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}$|^\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}$")
DOTTED_PHONE = re.compile(r"^\+?\(?\d{1,4}\)?(?:\.\d{2,4}){2,4}$")
GROUP_BREAK = re.compile(r"[ \u00a0]+")
NANP_SHAPE = re.compile(r"^(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}$")
SSN_SHAPE = re.compile(r"^\d{3}-\d{2}-\d{4}$")  # a US SSN's shape: a phone only with its own evidence
PHONE_FIELD_VALUE = r"(?m)^[ \t]*(?P<value>\+?\(?\d[\d \u00a0().-]{5,22}\d)[ \t]*$"
PHONE_CHARACTERS = re.compile(r"^\+?[\d \u00a0().-]+$")
DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")  # an IPv4 address, not a number
NANP = "NANP"


def digits_of(text: str) -> str:
    """The digits of ``text`` (every character ``str.isdigit`` counts, not only ASCII ones)."""
    if text.isascii():
        return phone_rules.NON_DIGITS.sub("", text)
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
    if "." in text and (not DOTTED_PHONE.match(text) or DOTTED_QUAD.match(text)):
        return None  # 10.2.3 or 3.11.7 are versions, 203.0.113.7 an IPv4 address: not numbers
    if text.startswith("00"):
        text = "+" + text[2:]
    if NANP_SHAPE.match(text):  # written the NANP way: a NANP number or none, never another region's
        number = phone_rules.parse(text, "US")
        return number if number is not None and is_valid(number) else None
    for region in (None,) if text.startswith("+") else regions:
        number = phone_rules.parse(text, region)
        if number is not None and is_valid(number):
            return number
    return None


def is_valid(number: phonenumbers.PhoneNumber) -> bool:
    """``phonenumbers.is_valid_number``, by its rules compiled once (``phone_rules``)."""
    return phone_rules.valid(number.country_code or 0, nsn_of(number))


def region_code(number: phonenumbers.PhoneNumber) -> str | None:
    """``phonenumbers.region_code_for_number``, by its rules compiled once (``phone_rules``)."""
    return phone_rules.region(number.country_code or 0, nsn_of(number))


def nsn_of(number: phonenumbers.PhoneNumber) -> str:
    """The national significant number, leading zeros kept (``phonenumbers.national_significant_number``)."""
    return phonenumbers.national_significant_number(number)


def nanp_shaped(candidate: str) -> bool:
    """Written the North American way (``(305) 141-6799``), whether or not the number is assigned."""
    return NANP_SHAPE.match(candidate.strip()) is not None


@lru_cache(maxsize=65536)
def phone_shaped(candidate: str, regions: tuple[str, ...]) -> phonenumbers.PhoneNumber | None:
    """A number as a phone field may hold it, valid or not: 7–15 digits in phone punctuation, not a date.

    Returns the number (valid in a configured region, else as written in international form, else as a national
    number of no known region, country code 0: Russian ``8 916 …`` read in the US would be a wrong label).
    """
    text = candidate.strip()
    if not PHONE_CHARACTERS.match(text) or not 7 <= len(digits_of(text)) <= MAX_DIGITS:
        return None
    if DATE_LIKE.match(text) or DOTTED_QUAD.match(text):
        return None
    valid = parse_phone(text, regions)
    if valid is not None:
        return valid
    international = "+" + text[2:] if text.startswith("00") else text
    if international.startswith("+") or nanp_shaped(text):
        number = phone_rules.parse(international, None if international.startswith("+") else "US")
    else:
        number = None
    return number or phonenumbers.PhoneNumber(country_code=0, national_number=int(digits_of(text)))


def region_of(number: phonenumbers.PhoneNumber) -> str | None:
    """The number's region (``US``, ``RU``), ``NANP`` for a North American one no single region claims."""
    region = region_code(number)
    if region and region != "ZZ":
        return region
    if number.country_code == 1:
        return NANP
    found = phonenumbers.region_code_for_country_code(number.country_code or 0)
    return found if found != "ZZ" else None


def number_in(prefix: str) -> str:
    """A prefix of a candidate without the separators it ends in, and a closing bracket that closes nothing."""
    candidate = prefix.rstrip(" .-(")
    return candidate.rstrip(")") if candidate.count(")") > candidate.count("(") else candidate


def shorter_prefixes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The candidate span and its prefixes cut at spaces, longest first (a number followed by another)."""
    spans = [(start, end)]
    for gap in reversed(list(GROUP_BREAK.finditer(text, start, end))):
        spans.append((start, gap.start()))
    return spans


class RegionalDetector(Detector):
    """A detector of telephone numbers, which reads national numbers for a configurable list of regions.

    A hit of one of ``FIELD_PATTERNS`` that the strict path rejects still counts in a field that vouches for
    it (``phone_field``) when it is phone-shaped.
    """

    FIELD_PATTERNS: ClassVar[tuple[str, ...]] = ()

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

    def phone_field(self, where: FieldContext, field_context: str | None, candidate: str) -> bool:
        """Whether a structured field vouches for ``candidate`` being a phone number, valid or not.

        A format's phone or caller field, or a column named with a telephone word (``phone``, ``msisdn``,
        ``ani``), vouches for any phone-shaped value; a column named only ``from``/``to``/``number`` for
        numbers written with ``+``, a trunk ``0`` or separators, not for bare digit runs (ids, epochs).
        """
        if where.free_text or not field_context:
            return False
        if field_context.startswith("meaning:"):
            return True
        word = field_context.removeprefix("column:")
        return word in self.CONTEXT or word in PHONE_FIELD_WORDS or not is_bare(candidate)

    @classmethod
    def plain_context(cls) -> bool:
        """The field fallback of ``evaluate`` needs a field context: without one, context is the base class's."""
        return cls.context_near is Detector.context_near and cls.evaluate is RegionalDetector.evaluate

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
        """The strict path (validation, context), then for ``FIELD_PATTERNS`` a phone-shaped value in a phone field."""
        match = super().evaluate(text, start, end, pattern_name, pattern, where, field_context)
        if match is not None or pattern_name not in self.FIELD_PATTERNS:
            return match
        candidate = text[start:end]
        if not self.phone_field(where, field_context, candidate) or not phone_shaped(candidate, self.regions):
            return None
        score = round(min(1.0, pattern.score + CONTEXT_BOOST), 2)
        reasons = (f"pattern:{pattern_name}", "phone-shaped", f"context:{field_context}")
        return Match(self.ENTITY, self.NAME, start, end, score, reasons, self.detail(candidate))


PHONE_FIELD_WORDS = ("msisdn", "ani", "dnis", "caller", "callee", "cli", "clid")


class PhoneDetector(RegionalDetector):
    """E.164 and national formats with spaces, dots, dashes and brackets; bare digit runs need context.

    A whole value in a phone field (``phone_field``) counts when it is phone-shaped (see ``phone_shaped``).
    """

    ENTITY = "PHONE_NUMBER"
    NAME = "phone"
    PATTERNS = (Pattern("phone", CANDIDATE, 0.4), Pattern("phone_field", PHONE_FIELD_VALUE, 0.4))
    FIELD_PATTERNS = ("phone_field",)
    CONTEXT = (
        "phone", "telephone", "tel", "mobile", "mob", "cell", "landline", "fax", "call", "ring", "sms", "whatsapp",
    )  # fmt: skip
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
        """Each number's longest prefix that is a number; a whole field value only where no such prefix spans it
        (with the same span, the field pattern's match could only tie the number's, and ties go to the first).

        A number none of whose prefixes could stand alone (``2020-10-14`` in ``2020-10-14T18:29``) is not parsed.
        """
        hits = []
        numbers = set()
        for name, start, end, pattern in super().candidates(text):
            if name == "phone_field":
                if (start, end) not in numbers:
                    hits.append((name, start, end, pattern))
                continue
            if glued_before(text, start):
                continue  # every prefix starts here, so none is standalone: not worth parsing
            prefixes = [(s, number_in(text[s:e])) for s, e in shorter_prefixes(text, start, end)]
            if not any(self.standalone(text, s, s + len(candidate)) for s, candidate in prefixes):
                continue  # whichever prefix were taken, it would be dropped as glued to what follows it
            for s, candidate in prefixes:
                if parse_phone(candidate, self.regions) or nanp_shaped(candidate):
                    hits.append((name, s, s + len(candidate), pattern))
                    numbers.add((s, s + len(candidate)))
                    break
        return hits

    def validate_result(self, pattern_text: str) -> bool | None:
        """Valid for a region; None (unknown) for a NANP-shaped number no NANP region assigns."""
        if parse_phone(pattern_text, self.regions) is not None:
            return True
        return None if nanp_shaped(pattern_text) else False

    def requires_context(self, candidate: str) -> bool:
        """Bare digit runs, SSN-shaped values and unassigned NANP-shaped numbers count only with context."""
        if is_bare(candidate) or SSN_SHAPE.match(candidate):
            return True
        return parse_phone(candidate, self.regions) is None

    def detail(self, value: str) -> str | None:
        number = phone_shaped(value, self.regions)
        return region_of(number) if number else None
