"""Personal data the way real systems store it: one-word name columns, dates of birth in every spelling,
numbers in phone fields, Caller ID and SIP forms, street addresses, and the mislabels that must not happen.

Values are generated here (``phonenumbers`` example numbers, Faker with a fixed seed), not copied."""

from __future__ import annotations

import datetime as dt

import phonenumbers
import pytest
from faker import Faker

from piiaudit.detectors.email import EmailDetector
from piiaudit.detectors.names import PersonDetector
from piiaudit.detectors.personal import DateOfBirthDetector, StreetAddressDetector, age_bracket, date_order
from piiaudit.detectors.phone import PhoneDetector
from piiaudit.detectors.registry import load_detectors
from piiaudit.detectors.telephony import CallerIdDetector, SipAddressDetector
from piiaudit.scanner.engine.detection import Engine, profile
from piiaudit.scanner.model import FieldBatch, FieldContext, meanings

E164 = phonenumbers.PhoneNumberFormat.E164
NATIONAL = phonenumbers.PhoneNumberFormat.NATIONAL


def column(values: list[str], name: str | None = None, meaning: str | None = None) -> FieldContext:
    return profile(name, values, False, meaning)


def found(detector, values: list[str], where: FieldContext) -> list[list[str]]:
    return [
        [v[m.start : m.end] for m in hits] for v, hits in zip(values, detector.find_many(values, where), strict=True)
    ]


def entities(values: list[str], name: str | None, meaning: str | None = None, free_text: bool = False) -> list[set]:
    """The entities the whole engine reports per value of one container."""
    engine = Engine(load_detectors())
    batch = FieldBatch(name, list(range(1, len(values) + 1)), values, free_text, meaning)
    per_row: list[set] = [set() for _ in values]
    for o in engine.scan("t", batch):
        per_row[o.row - 1].add((o.entity, values[o.row - 1][o.start : o.end], o.detail))
    return per_row


# --- one-word name columns -------------------------------------------------------------------------
@pytest.mark.parametrize("header", ["first_name", "last_name", "surname", "given_name", "family_name",
                                    "maiden_name", "middle_name", "nickname", "cnam", "FirstName"])  # fmt: skip
def test_one_word_name_columns_are_names(header):
    fake = Faker("en_US")
    fake.seed_instance(11)
    values = [fake.first_name() if "first" in header.lower() else fake.last_name() for _ in range(30)]
    hits = found(PersonDetector(), values, column(values, header))
    assert all(h == [v] for h, v in zip(hits, values, strict=True))


@pytest.mark.parametrize("header", ["product_name", "hostname", "first_name", "surname"])
def test_one_word_columns_of_other_things_are_not_names(header):
    values = ["Widget", "Sprocket", "Gizmo", "Toaster", "Pending", "Active", "Lorem", "Ipsum"] * 3
    assert not any(found(PersonDetector(), values, column(values, header)))


def test_prose_person_needs_context_or_a_known_name():
    detector = PersonDetector()
    filler = "Lorem ipsum dolor sit amet, Consectetur Adipiscing elit, Sed Eiusmod tempor incididunt ut labore."
    assert detector.find(filler) == []
    text = "Sarah Jones rang about the invoice."
    assert [text[m.start : m.end] for m in detector.find(text)] == ["Sarah Jones"]


def test_address_wins_over_a_person_where_they_overlap():
    text = "Please deliver to 45 Moran Lane Apt. 7 before Friday, thank you."
    assert all(e == "STREET_ADDRESS" for e, _, _ in entities([text], "notes", free_text=True)[0])
    assert entities([text], "notes", free_text=True)[0]


# --- dates of birth ------------------------------------------------------------------------------
BORN = dt.date(1961, 8, 23)
SPELLINGS = ["%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%b-%Y", "%B %d, %Y", "%Y%m%d", "%Y-%m-%d"]


@pytest.mark.parametrize("fmt", SPELLINGS)
def test_date_of_birth_in_every_spelling(fmt):
    value = BORN.strftime(fmt)
    detector = DateOfBirthDetector()
    assert found(detector, [value, value], column([value], "birth_date")) == [[value], [value]]
    for prose in (f"born {value} in Perth", f"DOB {value}", f"date of birth: {value}."):
        assert [prose[m.start : m.end] for m in detector.find(prose)] == [value]


@pytest.mark.parametrize("fmt", SPELLINGS)
def test_dates_without_birth_context_are_not_dates_of_birth(fmt):
    value = BORN.strftime(fmt)
    assert DateOfBirthDetector().find(f"invoice {value} paid") == []
    assert DateOfBirthDetector().find(value, column([value], "created")) == []


def test_day_month_order_comes_from_the_column():
    assert date_order(("04/21/1958", "03/02/1970")) == "month/day"
    assert date_order(("21/04/1958", "03/02/1970")) == "day/month"
    assert date_order(("03/02/1970",)) is None
    today = dt.date.today()
    born = dt.date(today.year - 13, 1, 12) if today >= dt.date(today.year, 1, 12) else dt.date(today.year - 14, 1, 12)
    ambiguous = born.strftime("%m/%d/%Y")  # read day/month it is 1 December, an under-13's birthday
    values = [ambiguous, "12/31/1990"]
    hits = DateOfBirthDetector().find_many(values, column(values, "dob"))
    assert [h[0].detail for h in hits] == [age_bracket(born), "age:18+"]


# --- numbers in phone fields ----------------------------------------------------------------------
FOREIGN = ["RU", "BR", "IN", "DE", "JP", "ZA", "MX", "NG"]


@pytest.mark.parametrize("region", FOREIGN)
def test_any_countrys_number_in_a_phone_field(region):
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    e164 = phonenumbers.format_number(number, E164)
    national = phonenumbers.format_number(number, NATIONAL)
    values = [e164, national]
    assert found(PhoneDetector(), values, column(values, "to", meanings.PHONE_NUMBER)) == [[e164], [national]]
    assert found(CallerIdDetector(), values, column(values, "From", meanings.CALLER_ID)) == [[e164], [national]]
    assert found(PhoneDetector(), values, column(values, "mobile")) == [[e164], [national]]
    assert entities([e164], "to", meanings.PHONE_NUMBER)[0] == {("PHONE_NUMBER", e164, region)}


def test_bare_ids_in_a_from_or_to_column_are_not_phones():
    values = ["1000000001", "5000000002", "6000000003"]  # bare digit runs no configured region assigns
    assert not any(found(PhoneDetector(), values, column(values, "from")))
    assert found(PhoneDetector(), values, column(values, "msisdn")) == [[v] for v in values]
    addresses = ["10.20.30.40", "192.168.100.200"]  # a firewall log's from/to: addresses, not numbers
    assert not any(found(PhoneDetector(), addresses, column(addresses, "from")))
    assert not any(found(PhoneDetector(), values, column(values, "ticket_number")))


def test_nanp_numbers_are_nanp_and_masked_whole():
    number = "(305) 141-6799"  # exchange 141 is unassigned: a NANP number still, never a British one
    (hit,) = entities([number], "phone")[0]
    assert hit[0] == "PHONE_NUMBER" and hit[1] == number and hit[2] == "NANP"
    engine = Engine(load_detectors())
    (occurrence,) = engine.scan("t", FieldBatch("phone", [1], [number], False))
    assert occurrence.masked == "(***) ***-**99"
    (caller,) = engine.scan("t", FieldBatch("clid", [1], [number], False, meanings.CALLER_ID))
    assert (caller.entity, caller.start, caller.masked) == ("CALLER_ID", 0, "(***) ***-**99")


def test_ssn_shaped_values_do_not_fall_to_phone():
    for value in ("219-09-9999", "078-05-1120", "666-12-3456", "123-00-4567"):
        assert entities([f"reference {value} on file"], "notes", free_text=True)[0] == set()
    assert PhoneDetector().find("phone 219-09-9999") != []  # with its own evidence it may be a phone


# --- Caller ID and SIP ----------------------------------------------------------------------------
def test_caller_id_forms():
    detector = CallerIdDetector()
    values = ['"" <4626588898>', '"Ann Lee" <alee>', "Ann Lee <sip:alee@pbx.example.net>", '"Ann Lee" <+4930123456>']
    hits = detector.find_many(values, column(values, "clid", meanings.CALLER_ID))
    assert [(values[i][h[0].start : h[0].end], h[0].detail) for i, h in enumerate(hits)] == [
        ('"" <4626588898>', "number"),
        ('"Ann Lee" <alee>', "name+sip_user"),
        ("Ann Lee <sip:alee@pbx.example.net>", "name+sip_user"),
        ('"Ann Lee" <+4930123456>', "name+number"),
    ]
    assert detector.mask('"" <4626588898>') == '"" <********98>'
    assert detector.find("<b>bold</b> and Ann <i>") == []


def test_sip_addresses_are_their_own_entity_never_email():
    for text in ("from sip:alee@pbx.example.net;tag=1", "sips:+61298765432@gw.example.com:5061", "client:kevin"):
        found_entities = {e for e, _, _ in entities([text], "notes", free_text=True)[0]}
        assert found_entities == {"SIP_ADDRESS"}
    assert SipAddressDetector().mask("sip:alee@pbx.example.net") == "sip:a***@pbx.example.net"
    assert EmailDetector().find("sip:alee@pbx.example.net") == []


def test_url_userinfo_is_not_an_email_address():
    for text in ("https://admin:hunter2@db.example.com/x", "see ftp://bob:pw@files.example.org for it", "ab://a@b.com"):
        assert EmailDetector().find(text) == []
    assert len(EmailDetector().find("mailto:jane@example.com and https://example.com/x")) == 1


# --- street addresses -----------------------------------------------------------------------------
ADDRESSES = [
    "309 63rd St. #411",
    "12 5th Avenue Apt 3B",
    "Unit 4/17 Smith St",
    "Lot 5 Wattle Rd",
    "PO Box 4471",
    "PSC 4102, Box 2211, APO AE 09432",
    "Unit 7321 Box 0934, DPO AE 55210",
    "18 Harbour Esplanade",
    "3 Kestrel Circuit",
    "77 Quarry Crossing",
    "940 Elk Fork",
    "5 Rose Island",
    "61 Bramble Run",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_street_address_forms(address):
    detector = StreetAddressDetector()
    assert found(detector, [address, address], column([address], "address")) == [[address], [address]]
    prose = f"Please deliver to {address} tomorrow."
    assert [prose[m.start : m.end] for m in detector.find(prose)] == [address]


def test_house_number_and_words_only_in_an_address_column():
    values = ["14 Wandering Hollows", "3 Old Mill Bend Rd"]
    assert found(StreetAddressDetector(), values, column(values, "street_address")) == [[v] for v in values]
    assert not any(found(StreetAddressDetector(), values, column(values, "product")))
    assert StreetAddressDetector().find("3 apples and 14 pears") == []


def test_a_person_span_stops_at_the_lower_case_words_spacy_ran_on_into():
    for text in ("Arthur Lambert rang twice about the invoice.", "Spoke with Ludwig van Beethoven today."):
        spans_found = [text[m.start : m.end] for m in PersonDetector().find(text)]
        assert all(not s.split()[-1].islower() for s in spans_found), spans_found
