"""Personal details that need context to tell them apart: dates of birth, street addresses, Twitter handles."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from importlib import resources

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_DIGIT, Detector, column_words, find_word
from piiaudit.detectors.masks import mask_all, mask_handle, mask_words
from piiaudit.scanner.model import FieldContext, Match, meanings
from piiaudit.scanner.model.ages import at_record, bracket_of
from piiaudit.scanner.model.settings import DEFAULT_REGIONS

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
YEAR_FIRST = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
DAY_FIRST = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y")
MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y", "%m/%d/%y", "%m-%d-%y", "%m.%d.%y")
NAMED_MONTH = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d-%b-%Y", "%d-%B-%Y", "%d-%b-%y")
DAY_MONTH, MONTH_DAY = "day/month", "month/day"
ORDERS = {
    DAY_MONTH: YEAR_FIRST + DAY_FIRST + MONTH_FIRST + NAMED_MONTH,
    MONTH_DAY: YEAR_FIRST + MONTH_FIRST + DAY_FIRST + NAMED_MONTH,
}
ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|,|\.(?=\s)")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMERIC_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\s*$")


@lru_cache(maxsize=4096)
def parse_date(text: str, order: str = DAY_MONTH) -> date | None:
    """The calendar date ``text`` spells, reading an ambiguous ``04/05/1958`` in ``order`` (day/month by default).

    Cached: validation, the age detail and the record-date detail all ask for the same value's date.
    """
    cleaned = " ".join(ORDINAL.sub("", text).split())
    if ISO_DAY.fullmatch(cleaned):  # the commonest spelling, read without trying every format
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            return None
    for fmt in ORDERS[order]:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=1024)
def date_order(values: tuple[str, ...]) -> str | None:
    """A column's day/month order, settled by any numeric date with 13–31 in first (day/month) or second place."""
    for value in values:
        m = NUMERIC_DAY_MONTH.match(value)
        if m and 12 < int(m[1]) <= 31:
            return DAY_MONTH
        if m and 12 < int(m[2]) <= 31:
            return MONTH_DAY
    return None


def age_bracket(born: date, today: date | None = None) -> str:
    """``age:under-13``, ``age:13-15``, ``age:16-17`` or ``age:18+``: enough for a policy's age limit, no more."""
    today = today or date.today()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return bracket_of(years).label


class DateOfBirthDetector(Detector):
    """A past date, only in a ``dob``/``birth_date`` column or after words like "born on".

    Every common spelling counts (``1958/04/21``, ``21.04.1958``, ``21-Apr-1958``, ``April 21, 1958``,
    ``19580421``). An ambiguous day/month is read in the order the column's own values settle
    (``date_order``), else the configured regions' (month/day where the US is the first region); either way it
    is a date of birth, and only its age bracket depends on the order.
    """

    ENTITY = "DATE_OF_BIRTH"
    NAME = "date_of_birth"
    MASK = mask_all
    PATTERNS = (
        Pattern("iso_date", r"\b(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}\b", 0.4),
        Pattern("compact_date", r"\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b", 0.3),
        Pattern("numeric_date", r"\b\d{1,2}([/.-])\d{1,2}\1(?:19|20)?\d{2}\b", 0.4),
        Pattern("day_month_year", rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+|-){MONTH}\.?,?(?:\s+|-)(?:19|20)\d{{2}}\b", 0.4),
        Pattern("month_day_year", rf"\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b", 0.4),
    )
    CONTEXT = ("dob", "d.o.b", "birth", "born", "birthday", "birthdate")
    PREFILTER = HAS_DIGIT
    REQUIRES_CONTEXT = True
    FLAGS = re.IGNORECASE
    STANDALONE = True

    def __init__(self) -> None:
        super().__init__()
        self.regions: tuple[str, ...] = DEFAULT_REGIONS

    @property
    def order(self) -> str:
        """Month/day where the US is the first configured region, else day/month."""
        return MONTH_DAY if self.regions[:1] == ("US",) else DAY_MONTH

    def configure(self, **options: object) -> None:
        """``regions``: the configured regions (ISO 3166 codes); the first decides an ambiguous day/month."""
        regions = options.pop("regions", DEFAULT_REGIONS)
        super().configure(**options)
        if isinstance(regions, str) or not isinstance(regions, list | tuple):
            raise ValueError(f"regions must be a list of region codes such as [AU, US], not {regions!r}")
        self.regions = tuple(str(r).upper() for r in regions) or DEFAULT_REGIONS

    def validate_result(self, pattern_text: str) -> bool:
        born = parse_date(pattern_text, self.order)
        return born is not None and date(1900, 1, 1) <= born <= date.today()

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
        """The base scoring; the age bracket read in the column's own day/month order where its values settle it."""
        match = super().evaluate(text, start, end, pattern_name, pattern, where, field_context)
        order = date_order(where.sample) if match and not where.free_text else None
        if match is None or order is None or order == self.order:
            return match
        born = parse_date(text[start:end], order)
        return replace(match, detail=age_bracket(born)) if born else match

    def detail(self, value: str) -> str | None:
        born = parse_date(value, self.order)
        return age_bracket(born) if born else None

    def detail_on(self, value: str, day: str) -> str | None:
        """The age bracket at the record's own date (``age:13-15@record``), for a birth on or before it."""
        born, then = parse_date(value, self.order), date.fromisoformat(day)
        return at_record(age_bracket(born, then)) if born and born <= then else None


def _street_types() -> list[str]:
    text = resources.files("piiaudit.detectors").joinpath("data/street_suffixes.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return sorted(words, key=len, reverse=True)


STREET_TYPE = "|".join(re.escape(w) for w in _street_types())
UNIT_WORD = r"(?:Unit|Apt\.?|Apartment|Suite|Ste\.?|Flat|Level|Shop|Lot|Villa|Room|Rm\.?)"
UNIT = rf"(?:{UNIT_WORD}\s*\d+[A-Za-z]?(?:/|,?\s+))"
STREET_WORD = r"(?:[A-Z][A-Za-z'\-]+|\d{1,3}(?:st|nd|rd|th))"
TRAILING_UNIT = rf"(?:,?\s+{UNIT_WORD}\s*#?\s*\d+[A-Za-z]?|,?\s*#\s*\d+[A-Za-z]?)"
HOUSE = r"(?:Lot\s+\d{1,5}|" + UNIT + r"?\d{1,5}[A-Za-z]?(?:[/-]\d{1,5}[A-Za-z]?)?)"
STREET_LINE = (
    rf"\b{HOUSE}\s+(?:{STREET_WORD}\s+){{1,3}}"
    rf"(?:{STREET_TYPE})\b\.?{TRAILING_UNIT}?"
)
PO_BOX = r"\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|GPO\s+Box|Locked\s+Bag|Private\s+Bag)\s+\d{1,6}\b"
MILITARY = (
    r"\b(?:(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5}|USNS\s+[A-Z][A-Za-z]+|USS\s+[A-Z][A-Za-z]+)"
    r",?\s+(?:APO|FPO|DPO)\s+(?:AA|AE|AP)(?:\s+\d{5})?\b"
)
HOUSE_NUMBER_LINE = (  # a whole value, word by word (no lazy repeat to backtrack through)
    r"(?m)^[ \t]*(?P<value>\d{1,6}[A-Za-z]?(?:[/-]\d{1,5}[A-Za-z]?)?[ \t]+[A-Za-z][A-Za-z0-9'.,#\-]+"
    r"(?:[ \t]+[A-Za-z0-9'.,#\-]+)*)[ \t]*$"
)
STREET_LINES = re.compile(rf"{STREET_LINE}|{PO_BOX}|{MILITARY}")
ADDRESS_FIELD_WORDS = ("address", "addr", "street", "line1", "address1", "residence", "mailing", "postal")


class StreetAddressDetector(Detector):
    """A street line (``12 Smith Street``, ``309 63rd St. #411``, ``Unit 4/17 Smith St``) with address context;
    a PO box or a military address (``PSC 1234, Box 5678, APO AE 09876``) without.

    Street types are every USPS Publication 28 suffix and abbreviation and the Australian ones
    (``data/street_suffixes.txt``). In a column named for addresses, a house number followed by words is enough.
    """

    ENTITY = "STREET_ADDRESS"
    NAME = "street_address"
    MASK = mask_words
    PATTERNS = (
        Pattern("street_line", STREET_LINE, 0.4),
        Pattern("po_box", PO_BOX, 0.6),
        Pattern("military_address", MILITARY, 0.7),
        Pattern("house_number_line", HOUSE_NUMBER_LINE, 0.4),
    )
    PREFILTER = HAS_DIGIT
    CONTEXT = ("address", "addr", "street", "residence", "residential", "mailing", "postal", "lives", "located",
               "deliver", "delivery", "shipping", "ship to", "line1", "address1")  # fmt: skip
    REQUIRES_CONTEXT = True

    def requires_context(self, candidate: str) -> bool:
        """PO boxes and military addresses are addresses by their form; street lines need context."""
        return re.fullmatch(f"{PO_BOX}|{MILITARY}", candidate) is None

    def admits(self, pattern_name: str, where: FieldContext, field_context: str | None) -> bool:
        """A house number followed by words counts only as a whole value of a column named for addresses."""
        return pattern_name != "house_number_line" or self.address_column(where, field_context)

    @staticmethod
    def address_column(where: FieldContext, field_context: str | None) -> bool:
        if where.free_text or not field_context or not field_context.startswith("column:"):
            return False
        return field_context.removeprefix("column:") in ADDRESS_FIELD_WORDS


SCREEN_NAME_FIELDS = ("screen name", "screenname", "handle", "twitter")


class TwitterHandleDetector(Detector):
    """An ``@screen_name`` (1–15 word characters) with Twitter/X context; never part of an e-mail address.

    A structured field of screen names (``screen_name``, ``in_reply_to_screen_name``, ``twitter``) may
    write them without the ``@``.
    """

    ENTITY = "TWITTER_HANDLE"
    NAME = "twitter_handle"
    MASK = mask_handle
    PATTERNS = (
        Pattern("screen_name", r"(?:^|[^\w@./])(?P<value>@[A-Za-z0-9_]{1,15})\b(?!@|\.\w)", 0.4),
        Pattern("bare_screen_name", r"^\s*(?P<value>[A-Za-z0-9_]{1,15})\s*$", 0.4),
    )
    CONTEXT = ("twitter", "tweet", "retweet", "screen name", "screenname", "handle", "dm", "x.com")
    MEANINGS = (meanings.SCREEN_NAME, meanings.TWEET)
    REQUIRES_CONTEXT = True

    FLAGS = re.MULTILINE  # a bare screen name is a whole value: a whole line of a batch

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
        """A screen name without ``@`` counts only in a field of screen names."""
        if pattern_name == "bare_screen_name" and not self.screen_name_field(where):
            return None
        return super().evaluate(text, start, end, pattern_name, pattern, where, field_context)

    @staticmethod
    def screen_name_field(where: FieldContext) -> bool:
        """A structured field of screen names (by its format's meaning, else its name): the one place for bare ones."""
        if where.free_text:
            return False
        if where.meaning is not None:
            return where.meaning == meanings.SCREEN_NAME
        words = column_words(where.column)
        return find_word(SCREEN_NAME_FIELDS, words, "".join(words)) is not None
