"""``phonenumbers``' validity rules, compiled once per region: the same verdicts at a fraction of the cost.

``phonenumbers.is_valid_number`` and ``region_code_for_number`` test a national significant number against
the region's number descriptions (general, then fixed line, mobile, toll free, …), looking each pattern up
in a cache and calling through several layers for every number; for a column of phone numbers that is
most of the time spent on it. Here the same descriptions from the same metadata are compiled once and
tested in the same order, so ``valid`` and ``region`` answer exactly as the library does (the tests
compare them on every region's example numbers and their variants).

``may_be_valid_national`` is a cheap proof that parsing a national number (no ``+``) in a region cannot
give a valid number, so that the region's parse can be skipped: the number ``phonenumbers.parse`` builds
keeps the digits written, less a leading country code and national prefixes, and none of those digit
strings is valid for any region of the country code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumberDesc, region_code_for_country_code

NON_GEO_REGION = "001"
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
    """What validity in one region asks of a national significant number."""

    country_code: int
    general: Description | None
    types: tuple[Description, ...]
    leading_digits: re.Pattern[str] | None

    def valid(self, nsn: str) -> bool:
        """``phonenumbers``' number type is not UNKNOWN: the general description and one type's match."""
        return self.general is not None and self.general.matches(nsn) and any(t.matches(nsn) for t in self.types)


@cache
def rules_for(region: str, country_code: int) -> RegionRules | None:
    """The compiled rules of ``region`` (of the non-geographic entity of ``country_code`` for ``001``)."""
    if region == NON_GEO_REGION:
        metadata = PhoneMetadata.metadata_for_nongeo_region(country_code, None)
    else:
        metadata = PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or metadata.country_code is None:
        return None
    names = TYPE_DESCRIPTIONS if metadata.same_mobile_and_fixed_line_pattern else (*TYPE_DESCRIPTIONS, "mobile")
    types = tuple(d for d in (description(getattr(metadata, name)) for name in names) if d is not None)
    leading = re.compile(metadata.leading_digits) if metadata.leading_digits is not None else None
    return RegionRules(metadata.country_code, description(metadata.general_desc), types, leading)


def region(country_code: int, nsn: str) -> str | None:
    """``phonenumbers.region_code_for_number`` of the number ``+<country_code> <nsn>``."""
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
class NationalParsing:
    """What ``phonenumbers.parse`` does to a national number of a region: the prefixes it may take off."""

    country_code: int
    international_prefix: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None


@cache
def national_parsing(region_code: str) -> NationalParsing | None:
    """The region's parsing rules, or None where the shortcut does not hold: a region that is not its country
    code's main one (its numbers are parsed with another region's rules) or whose national prefix is rewritten
    rather than taken off (``national_prefix_transform_rule``)."""
    metadata = PhoneMetadata.metadata_for_region(region_code, None)
    if metadata is None or metadata.country_code is None or metadata.national_prefix_transform_rule:
        return None
    if region_code_for_country_code(metadata.country_code) != region_code:
        return None
    idd = re.compile(metadata.international_prefix) if metadata.international_prefix else None
    prefix = re.compile(metadata.national_prefix_for_parsing) if metadata.national_prefix_for_parsing else None
    return NationalParsing(metadata.country_code, idd, prefix)


def may_be_valid_national(digits: str, region_code: str) -> bool:
    """False only where ``phonenumbers.parse`` of a number written nationally (no ``+``) with these ASCII
    ``digits`` in ``region_code`` cannot give a valid number.

    The parsed number keeps the country code of the region and a national significant number that is the
    digits, less the country code where they start with it, less a national prefix (at most twice), unless
    they start with the region's international dialling prefix (then any country may follow: not skipped).
    """
    parsing = national_parsing(region_code)
    if parsing is None or not digits.isascii() or not digits.isdigit():
        return True
    if parsing.international_prefix is not None and parsing.international_prefix.match(digits):
        return True
    code = str(parsing.country_code)
    nsns = {digits, digits[len(code) :]} if digits.startswith(code) else {digits}
    if parsing.national_prefix is not None:
        for _ in range(2):
            nsns |= {n[m.end() :] for n in nsns if (m := parsing.national_prefix.match(n))}
    return any(valid(parsing.country_code, nsn) for nsn in nsns)
