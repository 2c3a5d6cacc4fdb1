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


@pytest.mark.parametrize("region", sorted(phonenumbers.SUPPORTED_REGIONS))
def test_a_region_is_skipped_only_where_its_parse_could_not_give_a_valid_number(region):
    for text in national_spellings():
        digits = "".join(c for c in text if c.isdigit())
        if phone_rules.may_be_valid_national(digits, region):
            continue
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        assert not phonenumbers.is_valid_number(number), (text, region)


def test_the_skip_saves_parses_of_other_regions_numbers():
    assert not phone_rules.may_be_valid_national("07400123456", "US")  # a British mobile read in the US
    assert not phone_rules.may_be_valid_national("2025550123", "AU")  # an American number read in Australia
    assert phone_rules.may_be_valid_national("0412345678", "AU")
    assert phone_rules.may_be_valid_national("07400123456", "GB")
    assert phone_rules.may_be_valid_national("0011442079460958", "AU")  # the international prefix: any country
