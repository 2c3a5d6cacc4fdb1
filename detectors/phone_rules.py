"""``phonenumbers``' validity rules, compiled once per region: the same verdicts at a fraction of the cost.

``phonenumbers.is_valid_number`` and ``region_code_for_number`` test a national significant number against
the region's number descriptions (general, then fixed line, mobile, toll free, …), looking each pattern up
in a cache and calling through several layers for every number; for a column of phone numbers that is
most of the time spent on it. Here the same descriptions from the same metadata are compiled once (the
type patterns that allow a length joined into one), so ``valid`` and ``region`` answer exactly as the
library does (the tests compare them on every region's example numbers and their variants).

``parse`` is ``phonenumbers.parse`` for the shape nearly every candidate has (ASCII digits and phone
punctuation, a leading ``+`` at most): the same steps on the digits alone (country code, national
prefix, length test), with the library's own metadata; any other text, and any region whose rules take
a path this does not follow (a prefix rewritten, an international prefix dialled), is handed to the
library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberDesc,
    region_code_for_country_code,
)

NON_GEO_REGION = "001"
PLAIN_NUMBER = re.compile(r"\+?[0-9 ().\-\u00a0]+")  # the shape ``parse`` answers itself (matched whole)
NON_DIGITS = re.compile(r"[^0-9]+")
MAX_INPUT_CHARS = 250  # phonenumbers' own limits
MIN_NSN, MAX_NSN = 2, 17
MAX_COUNTRY_CODE_DIGITS = 3
TYPE_DESCRIPTIONS = (  # in the order phonenumbers' number type helper asks
    "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail", "fixed_line",
)  # fmt: skip


@dataclass(frozen=True)
class Description:
    """One number description: the lengths it allows (none listed: any) and its pattern, matched whole."""

    lengths: frozenset[int]
    pattern: re.Pattern[str]

    def matches(self, nsn: str) -> bool:
        return (not self.lengths or len(nsn) in self.lengths) and self.pattern.fullmatch(nsn) is not None


def description(desc: PhoneNumberDesc | None) -> Description | None:
    if desc is None or not desc.national_number_pattern:
        return None  # matches nothing
    return Description(frozenset(desc.possible_length or ()), re.compile(desc.national_number_pattern))


@dataclass(frozen=True)
class RegionRules:
    """What validity in one region asks of a national significant number.

    The number's type does not matter, only that one type matches: the type patterns that allow a length are
    joined into one alternation for that length (``by_length``), those that list no length into ``any_length``.
    """

    country_code: int
    general: Description | None
    by_length: dict[int, re.Pattern[str]]
    any_length: re.Pattern[str] | None
    leading_digits: re.Pattern[str] | None

    def valid(self, nsn: str) -> bool:
        """``phonenumbers``' number type is not UNKNOWN: the general description and one type's match."""
        if self.general is None or not self.general.matches(nsn):
            return False
        pattern = self.by_length.get(len(nsn), self.any_length)
        return pattern is not None and pattern.fullmatch(nsn) is not None


def joined(patterns: list[str]) -> re.Pattern[str] | None:
    """One pattern that matches whole where one of ``patterns`` does."""
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def metadata_for(region_code: str, country_code: int) -> PhoneMetadata | None:
    """The library's metadata of ``region_code`` (of the non-geographic entity of ``country_code`` for ``001``)."""
    if region_code == NON_GEO_REGION:
        return PhoneMetadata.metadata_for_nongeo_region(country_code, None)
    return PhoneMetadata.metadata_for_region(region_code, None)


@cache
def rules_for(region: str, country_code: int) -> RegionRules | None:
    """The compiled rules of ``region`` (of the non-geographic entity of ``country_code`` for ``001``)."""
    metadata = metadata_for(region, country_code)
    if metadata is None or metadata.country_code is None:
        return None
    names = TYPE_DESCRIPTIONS if metadata.same_mobile_and_fixed_line_pattern else (*TYPE_DESCRIPTIONS, "mobile")
    types = [d for d in (getattr(metadata, name) for name in names) if d is not None and d.national_number_pattern]
    any_length = [d.national_number_pattern for d in types if not d.possible_length]
    lengths = sorted({length for d in types for length in d.possible_length or ()})
    by_length = {
        length: joined([d.national_number_pattern for d in types if length in (d.possible_length or ())] + any_length)
        for length in lengths
    }
    leading = re.compile(metadata.leading_digits) if metadata.leading_digits is not None else None
    return RegionRules(
        metadata.country_code,
        description(metadata.general_desc),
        {length: pattern for length, pattern in by_length.items() if pattern is not None},
        joined(any_length),
        leading,
    )


@lru_cache(maxsize=65536)
def region(country_code: int, nsn: str) -> str | None:
    """``phonenumbers.region_code_for_number`` of the number ``+<country_code> <nsn>``; remembered, since the
    validity check and the region detail of a number both ask for it."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(country_code)
    if regions is None:
        return None
    if len(regions) == 1:
        return regions[0]
    for candidate in regions:
        rules = rules_for(candidate, country_code)
        if rules is None:
            continue
        if rules.leading_digits is not None:
            if rules.leading_digits.match(nsn):
                return candidate
        elif rules.valid(nsn):
            return candidate
    return None


def valid(country_code: int, nsn: str) -> bool:
    """``phonenumbers.is_valid_number`` of the number ``+<country_code> <nsn>``: valid in its own region."""
    return valid_in(country_code, nsn, region(country_code, nsn))


def valid_in(country_code: int, nsn: str, region_code: str | None) -> bool:
    """``phonenumbers.is_valid_number_for_region`` of the number ``+<country_code> <nsn>``."""
    if region_code is None:
        return False
    rules = rules_for(region_code, country_code)
    if rules is None or (region_code != NON_GEO_REGION and rules.country_code != country_code):
        return False
    return rules.valid(nsn)


@dataclass(frozen=True)
class Parsing:
    """What ``phonenumbers.parse`` reads from a region's metadata to build a number."""

    country_code: int
    main: bool  # the main region of its country code, whose rules parse its numbers
    international_prefix: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    general: re.Pattern[str] | None  # the general description's pattern, matched whole, lengths not checked
    lengths: tuple[int, ...]  # the general description's possible lengths, ascending
    local_lengths: tuple[int, ...]

    def strip_national_prefix(self, number: str) -> str:
        """``_maybe_strip_national_prefix_carrier_code`` where no transform rule applies: the number less its
        national prefix, unless only the number as written matches the general pattern."""
        match = self.national_prefix.match(number) if number and self.national_prefix is not None else None
        if match is None:
            return number
        stripped = number[match.end() :]
        if self.matches_general(number) and not self.matches_general(stripped):
            return number
        return stripped

    def matches_general(self, number: str) -> bool:
        return self.general is not None and self.general.fullmatch(number) is not None

    def length_allows(self, number: str) -> bool:
        """``_test_number_length`` is neither too short, possible only locally, nor an invalid length."""
        length = len(number)
        if length in self.local_lengths or length < self.lengths[0]:
            return False
        return length == self.lengths[0] or length > self.lengths[-1] or length in self.lengths[1:]

    def is_too_long(self, number: str) -> bool:
        """``_test_number_length`` says TOO_LONG."""
        length = len(number)
        return length not in self.local_lengths and length > self.lengths[0] and length > self.lengths[-1]


@cache
def parsing_for(region_code: str, country_code: int) -> Parsing | None:
    """A region's (or a non-geographic entity's) parsing rules; None where ``parse`` must ask the library: no
    metadata, a national prefix rewritten rather than taken off, no possible lengths."""
    metadata = metadata_for(region_code, country_code)
    if metadata is None or metadata.country_code is None or metadata.national_prefix_transform_rule:
        return None
    general = metadata.general_desc
    if general is None or not general.possible_length:
        return None
    return Parsing(
        metadata.country_code,
        region_code in (NON_GEO_REGION, region_code_for_country_code(metadata.country_code)),
        re.compile(metadata.international_prefix) if metadata.international_prefix else None,
        re.compile(metadata.national_prefix_for_parsing) if metadata.national_prefix_for_parsing else None,
        re.compile(general.national_number_pattern) if general.national_number_pattern else None,
        tuple(general.possible_length),
        tuple(general.possible_length_local_only or ()),
    )


def parse(text: str, region_code: str | None) -> PhoneNumber | None:
    """``phonenumbers.parse(text, region_code)``, None where it raises; digits and phone punctuation are parsed
    here by the library's rules and metadata, anything else by the library."""
    if len(text) > MAX_INPUT_CHARS or not PLAIN_NUMBER.fullmatch(text):
        return library_parse(text, region_code)
    digits = NON_DIGITS.sub("", text)
    if len(digits) < 3:
        return library_parse(text, region_code)
    found = parse_international(digits) if text.startswith("+") else parse_national(digits, region_code)
    if isinstance(found, Unanswered):  # with no region it has no other way to read the number
        return library_parse(text, region_code) if region_code is not None else None
    return found


class Unanswered:
    """A region's parse this module does not follow (``parse`` hands it to the library)."""


UNANSWERED = Unanswered()


def parse_international(digits: str) -> PhoneNumber | Unanswered | None:
    """A number written with ``+``: its country code, then the national number by its main region's rules.

    Without a known country code the library reads the digits again as a national number of the default region.
    """
    if len(digits) <= MIN_NSN:
        return None
    if digits[0] == "0":
        return UNANSWERED
    for size in range(1, min(len(digits), MAX_COUNTRY_CODE_DIGITS) + 1):
        country_code = int(digits[:size])
        if country_code in COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return UNANSWERED
    parsing = parsing_for(region_code_for_country_code(country_code), country_code)
    if parsing is None:
        return library_parse("+" + digits, None)
    return national_number(country_code, digits[size:], parsing)


def parse_national(digits: str, region_code: str | None) -> PhoneNumber | Unanswered | None:
    """A number written without ``+`` in a region: its country code where it is written first, else the region's.

    Left to the library: a region that is not its country code's main one (whose rules parse its numbers) and
    digits that start with the region's international prefix (any country may follow).
    """
    rules = parsing_for(region_code, 0) if region_code is not None and region_code != NON_GEO_REGION else None
    if rules is None or not rules.main:
        return UNANSWERED
    if rules.international_prefix is not None and rules.international_prefix.match(digits):
        return UNANSWERED
    code = str(rules.country_code)
    if digits.startswith(code):
        rest = rules.strip_national_prefix(digits[len(code) :])
        if (not rules.matches_general(digits) and rules.matches_general(rest)) or rules.is_too_long(digits):
            return national_number(rules.country_code, rest, rules)
    return national_number(rules.country_code, digits, rules)


def national_number(country_code: int, number: str, parsing: Parsing) -> PhoneNumber | None:
    """The end of ``phonenumbers.parse``: the national prefix taken off where the length then allows it."""
    if len(number) < MIN_NSN:
        return None
    stripped = parsing.strip_national_prefix(number)
    if parsing.length_allows(stripped):
        number = stripped
    if not MIN_NSN <= len(number) <= MAX_NSN:
        return None
    result = PhoneNumber(country_code=country_code, national_number=int(number))
    if len(number) > 1 and number[0] == "0":
        result.italian_leading_zero = True
        zeros = len(number) - len(number.lstrip("0"))
        zeros = min(zeros, len(number) - 1)
        if zeros != 1:
            result.number_of_leading_zeros = zeros
    return result


def library_parse(text: str, region_code: str | None) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region_code)
    except phonenumbers.NumberParseException:
        return None
