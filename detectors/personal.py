"""Personal details that need context to tell them apart: dates of birth, street addresses, Twitter handles."""

from __future__ import annotations

import re
from datetime import date, datetime
from importlib import resources

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_DIGIT, Detector, column_words, find_word
from piiaudit.detectors.masks import mask_all, mask_handle, mask_words
from piiaudit.scanner.model import FieldContext, Match, meanings
from piiaudit.scanner.model.ages import at_record, bracket_of

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE_FORMATS = (
    "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%m-%d-%Y", "%d.%m.%Y", "%d/%m/%y", "%m/%d/%y",
    "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y",
)  # fmt: skip
ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|,|\.(?=\s)")


def parse_date(text: str) -> date | None:
    """The calendar date ``text`` spells in a common day/month order, or None."""
    cleaned = " ".join(ORDINAL.sub("", text).split())
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def age_bracket(born: date, today: date | None = None) -> str:
    """``age:under-13``, ``age:13-15``, ``age:16-17`` or ``age:18+``: enough for a policy's age limit, no more."""
    today = today or date.today()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return bracket_of(years).label


class DateOfBirthDetector(Detector):
    """A past date, only in a ``dob``/``birth_date`` column or after words like "born on"."""

    ENTITY = "DATE_OF_BIRTH"
    NAME = "date_of_birth"
    MASK = mask_all
    PATTERNS = (
        Pattern("iso_date", r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b", 0.4),
        Pattern("numeric_date", r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b", 0.4),
        Pattern("day_month_year", rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+(?:19|20)\d{{2}}\b", 0.4),
        Pattern("month_day_year", rf"\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b", 0.4),
    )
    CONTEXT = ("dob", "d.o.b", "birth", "born", "birthday", "birthdate")
    PREFILTER = HAS_DIGIT
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        born = parse_date(pattern_text)
        return born is not None and date(1900, 1, 1) <= born <= date.today()

    def detail(self, value: str) -> str | None:
        born = parse_date(value)
        return age_bracket(born) if born else None

    def detail_on(self, value: str, day: str) -> str | None:
        """The age bracket at the record's own date (``age:13-15@record``), for a birth on or before it."""
        born, then = parse_date(value), date.fromisoformat(day)
        return at_record(age_bracket(born, then)) if born and born <= then else None


def _street_types() -> list[str]:
    text = resources.files("piiaudit.detectors").joinpath("data/street_suffixes.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return sorted(words, key=len, reverse=True)


STREET_TYPE = "|".join(re.escape(w) for w in _street_types())
UNIT = r"(?:(?:Unit|Apt\.?|Apartment|Suite|Flat|Level|Shop)\s*\d+[A-Za-z]?,?\s+)"


class StreetAddressDetector(Detector):
    """A street line (``12 Smith Street``, ``4/27 King St``, ``Unit 5 3 Crosby Ride``) with address context."""

    ENTITY = "STREET_ADDRESS"
    NAME = "street_address"
    MASK = mask_words
    PATTERNS = (
        Pattern(
            "street_line",
            rf"\b{UNIT}?\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}}[A-Za-z]?)?\s+(?:[A-Z][A-Za-z'\-]+\s+){{1,3}}"
            rf"(?:{STREET_TYPE})\b\.?(?:\s+(?:Apt\.?|Suite|Unit)\s*\d+)?",
            0.4,
        ),
    )
    PREFILTER = HAS_DIGIT
    CONTEXT = ("address", "addr", "street", "residence", "residential", "mailing", "postal", "lives", "located",
               "deliver", "delivery", "shipping", "ship to", "line1", "address1")  # fmt: skip
    REQUIRES_CONTEXT = True


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
