"""The compiled validity rules give ``phonenumbers``' own verdicts (detectors/phone_rules.py)."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

from piiaudit.detectors import phone_rules

NUMBER_TYPES = [v for k, v in vars(PhoneNumberType).items() if k.isupper() and k != "UNKNOWN"]


def variants(number: PhoneNumber) -> list[PhoneNumber]:
    """The number, and numbers a digit away from it: changed first and last digits, one digit fewer, one more."""
    nsn = phonenumbers.national_significant_number(number)
    spellings = {
        nsn,
        nsn[:-1] + str((int(nsn[-1]) + 1) % 10),
        str((int(nsn[0]) + 1) % 10) + nsn[1:],
        nsn[:-1],
        nsn + "5",
        "0" + nsn,
    }
    return [phonenumbers.parse(f"+{number.country_code}{s}") for s in spellings if len(s) > 1]


def example_numbers() -> list[PhoneNumber]:
    found = [
        phonenumbers.example_number_for_type(region, kind)
        for region in sorted(phonenumbers.SUPPORTED_REGIONS)
        for kind in NUMBER_TYPES
    ]
    non_geographic = sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
    found += [phonenumbers.example_number_for_non_geo_entity(code) for code in non_geographic]
    return [n for n in found if n is not None]


EXAMPLES = example_numbers()


def test_region_and_validity_are_the_librarys_for_every_regions_examples_and_their_neighbours():
    checked = valid_seen = invalid_seen = 0
    for example in EXAMPLES:
        for number in variants(example):
            nsn = phonenumbers.national_significant_number(number)
            assert phone_rules.region(number.country_code, nsn) == phonenumbers.region_code_for_number(number), number
            expected = phonenumbers.is_valid_number(number)
            assert phone_rules.valid(number.country_code, nsn) == expected, number
            checked += 1
            valid_seen += expected
            invalid_seen += not expected
    assert checked > 5000 and valid_seen > 1000 and invalid_seen > 1000


def national_spellings() -> list[str]:
    """Numbers as written at home in many regions: the inputs a national parse meets."""
    regions = ("AU", "US", "GB", "DE", "FR", "IN", "BR", "JP", "IT", "NZ", "RU", "ZA", "MX", "AR", "CN", "IE")
    spellings = []
    for region in regions:
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                text = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
                spellings += [text, text[:-1] + str((int(text[-1]) + 3) % 10)]
                spellings.append(phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:])  # "61412…": no plus
    return spellings


def spellings_to_parse() -> list[str]:
    """Numbers as people write them, at home and abroad, and a digit away from valid."""
    texts = national_spellings()
    for region in ("AU", "US", "GB", "DE", "IN", "IT", "JP", "AR", "MX", "BR"):
        number = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
        for style in (PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL):
            texts.append(phonenumbers.format_number(number, style))
    texts += [
        "+44 (0)20 7946 0958", "0011 44 20 7946 0958", "011 44 20 7946 0958", "00 44 20 7946 0958",
        "+800 1234 5678", "+882 1234 5678", "+999 123 4567", "+0 412 345 678", "+12", "12", "123", "(03) 9",
        "61 412 345 678", "1 202 555 0123", "44 7400 123456", "0412.345.678", "  (02) 9252 0631 ", "0000000",
        "1800 801 920", "13 14 50", "04123456789012345678",
    ]  # fmt: skip
    return texts


def own_spellings(region: str | None) -> list[str]:
    """The region's example numbers of every type as written at home and abroad, and each a digit longer."""
    numbers = [phonenumbers.example_number_for_type(region, kind) for kind in NUMBER_TYPES] if region else []
    texts = [
        phonenumbers.format_number(number, style)
        for number in numbers
        if number is not None
        for style in (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164)
    ]
    return texts + [text + "7" for text in texts]


@pytest.mark.parametrize("region", [None, *sorted(phonenumbers.SUPPORTED_REGIONS)])
def test_parse_gives_the_librarys_number_or_none(region):
    for text in spellings_to_parse() + own_spellings(region):
        try:
            expected = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            expected = None
        assert phone_rules.parse(text, region) == expected, (text, region)


def test_parse_answers_plain_spellings_itself():
    assert phone_rules.parse_national("0412345678", "AU") == phonenumbers.parse("0412345678", "AU")
    assert phone_rules.parse_national("0011442079460958", "AU") is phone_rules.UNANSWERED  # dialled abroad
    assert phone_rules.parse_international("442079460958") == phonenumbers.parse("+442079460958")
