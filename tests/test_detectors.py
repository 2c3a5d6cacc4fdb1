"""Each detector on true and false cases, one value at a time."""

from __future__ import annotations

import pytest

from piiaudit.detectors.email import EmailDetector
from piiaudit.detectors.identifiers import (
    AuAbnDetector,
    AuBankAccountDetector,
    AuTfnDetector,
    IbanDetector,
    UsBankRoutingDetector,
    UsSsnDetector,
)
from piiaudit.detectors.names import PersonDetector, is_known_name, is_name_column, name_windows
from piiaudit.detectors.network import IpAddressDetector
from piiaudit.detectors.payment import CardVerificationCodeDetector, CreditCardDetector
from piiaudit.detectors.personal import DateOfBirthDetector, StreetAddressDetector, TwitterHandleDetector
from piiaudit.detectors.phone import PhoneDetector
from piiaudit.detectors.telephony import CallerIdDetector
from piiaudit.scanner.model import FREE_TEXT, FieldContext


def spans(detector, text: str, column: str | None = None, free_text: bool = True) -> list[str]:
    return [text[m.start : m.end] for m in detector.find(text, FieldContext(column, free_text))]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("mail jane.doe@example.com today", ["jane.doe@example.com"]),
        ("ops+alerts@sub.example.com.au", ["ops+alerts@sub.example.com.au"]),
        ("logo image@2x.png", []),
        ("GET /login user=nataliec@gmail.com 200", ["nataliec@gmail.com"]),
        ("not an email: foo@bar", []),
        ("user@localhost", []),
    ],
)
def test_email(text, expected):
    assert spans(EmailDetector(), text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("call (02) 9374 4000 now", ["(02) 9374 4000"]),
        ("mobile +61 412 345 678", ["+61 412 345 678"]),
        ("ring 0412-345-678", ["0412-345-678"]),
        ("US office (415) 867-5309", ["(415) 867-5309"]),
        ("US office 415.867.5309", ["415.867.5309"]),
        ("London +44 20 7946 0958", ["+44 20 7946 0958"]),
        ("UK 020 7946 0958 main line", ["020 7946 0958"]),
        ("intl 0044 20 7946 0958", ["0044 20 7946 0958"]),
    ],
)
def test_phone_found(text, expected):
    assert spans(PhoneDetector(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "build 3.11.7 released",
        "version 10.2.3",
        "id 5b2c7e0e-4a1d-4c36-9f0f-1a2b3c4d5e6f",
        "at 2026-11-02T10:22:33.123Z",
        "epoch 1709288553123 ms",
        "order 1709288553",
        "total $1345.15",
        "date 2024-03-01",
    ],
)
def test_phone_false_positives(text):
    assert spans(PhoneDetector(), text) == []


def test_phone_regions_are_configurable():
    detector = PhoneDetector()
    detector.configure(regions=["US"])
    assert spans(detector, "call 0412 345 678") == []
    assert spans(detector, "call (415) 867-5309") == ["(415) 867-5309"]
    for bad in ("AU", [61], {"region": "AU"}):
        with pytest.raises(ValueError, match="regions must be a list of region codes"):
            detector.configure(regions=bad)


def test_bare_phone_digits_need_a_phone_column():
    detector = PhoneDetector()
    assert spans(detector, "4158675309", column="order_number", free_text=False) == []
    assert spans(detector, "4158675309", column="notes", free_text=False) == []
    assert spans(detector, "4158675309", column="mobile_phone", free_text=False) == ["4158675309"]
    assert spans(detector, "4158675309", column="landline", free_text=False) == ["4158675309"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("card 4111 1111 1111 1111 exp", ["4111 1111 1111 1111"]),
        ("4111-1111-1111-1111", ["4111-1111-1111-1111"]),
        ("5555555555554444", ["5555555555554444"]),
        ("amex 3782 822463 10005", ["3782 822463 10005"]),
        ("order 4111111111111112", []),  # fails Luhn
        ("9111111111111111 passes nothing", []),  # no issuer
        ("4111 11111 1111 111", []),  # odd grouping
        ("ref 1234-5678-9012-3456-7890", []),
    ],
)
def test_credit_card(text, expected):
    assert spans(CreditCardDetector(), text) == expected


def test_card_in_order_number_column_is_not_a_card():
    assert spans(CreditCardDetector(), "4111111111111111", column="order_number", free_text=False) == []


def test_card_verification_code_needs_card_context():
    detector = CardVerificationCodeDetector()
    assert spans(detector, "my CVV 123 thanks") == ["123"]
    assert spans(detector, "the security code is 4821") == ["4821"]
    assert spans(detector, "ticket 123 is open") == []
    assert spans(detector, "123", column="cvv", free_text=False) == ["123"]
    assert spans(detector, "123", column="quantity", free_text=False) == []


@pytest.mark.parametrize(
    "text,column,expected",
    [
        ('"Jane Doe" <+61 2 9374 4000>', "clid", ['"Jane Doe" <+61 2 9374 4000>']),
        ("Jane Doe <0412345678>", None, ["Jane Doe <0412345678>"]),
        ("VALENCIA SARA <0283516199>", "clid", ["VALENCIA SARA <0283516199>"]),
        ("0293744000", "ani", ["0293744000"]),
        ("0293744000", "notes", []),
        ("+14158675309", "src", ["+14158675309"]),
    ],
)
def test_caller_id(text, column, expected):
    assert spans(CallerIdDetector(), text, column, free_text=column is None) == expected


def test_caller_id_carries_name_and_number_in_one_match():
    (match,) = CallerIdDetector().find('"Jane Doe" <0412345678>', FieldContext("clid", False))
    assert match.detail == "name+number"


@pytest.mark.parametrize(
    "text,expected,scope",
    [
        ("client 8.8.8.8 connected", ["8.8.8.8"], "public"),
        ("from 192.168.1.20", ["192.168.1.20"], "private"),
        ("SIP/10.0.4.12-0000001a", ["10.0.4.12"], "private"),
        ("v6 2001:4860:4860::8888 ok", ["2001:4860:4860::8888"], "public"),
        ("link fe80::1ff:fe23:4567:890a", ["fe80::1ff:fe23:4567:890a"], "private"),
    ],
)
def test_ip_address(text, expected, scope):
    detector = IpAddressDetector()
    assert spans(detector, text) == expected
    assert detector.find(text)[0].detail == scope


@pytest.mark.parametrize("text", ["python 3.11.7", "release 10.2.3", "1.2.3.4.5", "at 10:30:22", "999.1.1.1"])
def test_ip_false_positives(text):
    assert spans(IpAddressDetector(), text) == []


def test_person_in_free_text():
    found = spans(PersonDetector(), "Hi, my name is Sarah Jones and I need help with my bill.")
    assert found == ["Sarah Jones"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hi, my name is Bruce Oneal. Following up on ticket #27796.", ["Bruce Oneal"]),  # spaCy: ORG
        ("Spoke to Oluwaseun Adeyemi regarding the refund.", ["Oluwaseun Adeyemi"]),
        ("Call transferred to Siobhán Ní Bhriain at 3pm.", ["Siobhán Ní Bhriain"]),
        ("Escalated by René Gonçalves after the second failed port.", ["René Gonçalves"]),
        ("Yesterday Marta Kowalczyk called about her bill.", ["Marta Kowalczyk"]),
        ("Mary Ann Okafor rang about porting.", ["Mary Ann Okafor"]),
        ("Élisabeth Nascimento rang twice about the invoice.", ["Élisabeth Nascimento"]),
        ("Jean-Luc Picard asked for a refund.", ["Jean-Luc Picard"]),
        ("Customer name: Priyanka Chaudhary", ["Priyanka Chaudhary"]),
        ("Left voicemail for Tomasz Zieliński.", ["Tomasz Zieliński"]),
        ("Kind regards, Freya Lindqvist", ["Freya Lindqvist"]),
        ("From: Ana Souza", ["Ana Souza"]),
        ("Customer Anouk de Vries called in.", ["Anouk de Vries"]),  # one name for the phrase before and the verb after
        ("Spoke with Customer Service about the outage.", []),
        ("Escalated to Tier Two Support.", []),
        ("Microsoft Teams called twice during the meeting.", []),
        ("The Customer said it was fine.", []),
        ("New York called it a success.", []),
        ("Assigned to Sales Queue.", []),
        ("I am Very Happy with this.", []),
        ("Dear Valued Customer,", []),
        ("Caller ID Blocked on the trunk.", []),  # an acronym is not a name
    ],
)
def test_a_name_that_a_phrase_introduces_is_a_name_whatever_the_model_says(text, expected):
    assert spans(PersonDetector(), text) == expected


def test_a_short_context_word_counts_only_as_a_word():
    assert not PersonDetector().mentions_context("Hi there. My desk phone keeps dropping calls")  # "dr"
    assert PersonDetector().mentions_context("Booked with Dr. Okafor")


def test_name_lists_are_read_without_accents():
    assert is_known_name("René") and is_known_name("Zoë") and not is_known_name("Consectetur")


def test_person_lone_word_without_context_is_not_a_name():
    assert spans(PersonDetector(), "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X)") == []


def test_name_column_confirmed_by_sample_then_shape():
    detector = PersonDetector()
    values = ["Sarah Jones", "John Smith", "Priya Raman", "Desk Phone T54W", "Michael O'Brien"]
    found = detector.find_many(values, FieldContext("full_name", free_text=False))
    assert [bool(m) for m in found] == [True, True, True, False, True]


def test_product_name_column_is_not_a_name_column():
    values = ["USB-C Headset H340", "Desk Phone T54W", "Conference Speaker"]
    assert not any(PersonDetector().find_many(values, FieldContext("product_name", free_text=False)))
    assert is_name_column("agentName") and is_name_column("customer.name")
    assert not is_name_column("hostname") and not is_name_column("queue_name")


@pytest.mark.parametrize(
    "detector,text,column,expected",
    [
        (UsSsnDetector(), "SSN 536-22-1234", None, ["536-22-1234"]),
        (UsSsnDetector(), "536221234", "notes", []),
        (UsSsnDetector(), "000-12-3456", None, []),
        (AuTfnDetector(), "TFN 123 456 782", None, ["123 456 782"]),
        (AuTfnDetector(), "123 456 789 tfn", None, []),  # bad check digit
        (AuTfnDetector(), "ref 123 456 782", None, []),  # no context
        (AuAbnDetector(), "ABN 51 824 753 556", None, ["51 824 753 556"]),
        (AuAbnDetector(), "ABN 51 824 753 557", None, []),
        (IbanDetector(), "pay GB82 WEST 1234 5698 7654 32 today", None, ["GB82 WEST 1234 5698 7654 32"]),
        (IbanDetector(), "DE89370400440532013000", None, ["DE89370400440532013000"]),
        (IbanDetector(), "GB82 WEST 1234 5698 7654 33", None, []),
        (AuBankAccountDetector(), "BSB 062-000 12345678", None, ["062-000 12345678"]),
        (AuBankAccountDetector(), "062-000 12345678", "bsb_account", ["062-000 12345678"]),
        (UsBankRoutingDetector(), "routing 021000021", None, ["021000021"]),
        (UsBankRoutingDetector(), "routing 021000022", None, []),
    ],
)
def test_checksummed_identifiers(detector, text, column, expected):
    assert spans(detector, text, column, free_text=column is None) == expected


def test_date_of_birth_only_with_birth_context():
    detector = DateOfBirthDetector()
    assert spans(detector, "I was born on 4 March 1985") == ["4 March 1985"]
    assert spans(detector, "DOB 1985-03-04") == ["1985-03-04"]
    assert spans(detector, "1985-03-04", column="birth_date", free_text=False) == ["1985-03-04"]
    assert spans(detector, "2026-03-04", column="created_at", free_text=False) == []
    assert spans(detector, "meeting on 4 March 1985") == []
    assert spans(detector, "born on 31 February 1985") == []


def test_date_of_birth_reports_an_age_bracket_not_the_age():
    (match,) = DateOfBirthDetector().find("born 2020-01-01")
    assert match.detail == "age:under-13"


def test_street_address():
    detector = StreetAddressDetector()
    assert spans(detector, "12 Smith Street", column="street_address", free_text=False) == ["12 Smith Street"]
    assert spans(detector, "my address is 4/27 King St, Sydney") == ["4/27 King St"]
    assert spans(detector, "we sold 3 Green Park tickets") == []


def test_twitter_handle():
    detector = TwitterHandleDetector()
    assert spans(detector, "DM me on twitter @jane_doe") == ["@jane_doe"]
    assert spans(detector, "mail jane@twitter.com") == []
    assert spans(detector, "cc @jane_doe in the ticket") == []
    assert spans(detector, "@jane_doe", column="twitter", free_text=False) == ["@jane_doe"]


def test_ner_reads_windows_around_possible_names_and_finds_what_it_finds_in_the_whole_text():
    padding = " ".join(["the order was shipped and the invoice was paid on time"] * 12)
    text = f"Margaret Okafor renewed the plan in June. {padding} The refund went to Daniel Whitfield yesterday."
    windows = name_windows(text, PersonDetector().mentions_context)
    assert len(windows) > 1 and sum(end - start for start, end in windows) < len(text) / 3
    assert all(text[start:end].strip() == text[start:end] for start, end in windows)  # whole words only
    found = [text[m.start : m.end] for m in PersonDetector().find(text, FREE_TEXT)]
    assert found == ["Margaret Okafor", "Daniel Whitfield"]
    assert name_windows(text, PersonDetector().mentions_context, width=len(text)) == [(0, len(text))]


@pytest.mark.parametrize(
    "text",
    [
        "Done. The new extension is requested under ticket #92991.",  # no word of the name lists
        "Restart Windows Update after the patch.",
        'user agent "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"',  # an acronym in the run
        "Spoke with Margaret Okafor about the renewal.",  # introduced, with a first name: no model needed
    ],
)
def test_ner_does_not_read_what_cannot_change_the_findings(text):
    assert name_windows(text, PersonDetector().mentions_context) == []
