"""Caller ID as telephony writes it, and SIP addresses.

A Caller ID is ``"Display Name" <number>``, ``Name <number>``, ``"" <number>`` (no name), ``"Name" <user>``
(a SIP user instead of a number) or a bare CLID/ANI number. A SIP address (``sip:jdoe@pbx.example.net``,
a Twilio Client identity ``client:kevin``) is a contact identifier of its own, never an e-mail address.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from piiaudit.detectors.base import Detector
from piiaudit.detectors.masks import mask_digits, mask_sip, mask_words
from piiaudit.detectors.phone import RegionalDetector, digits_of, parse_phone
from piiaudit.scanner.model import meanings

NAMED = re.compile(r'^"?(?P<name>[^"<>]*?)"?\s*<(?P<number>[^<>]+)>$')
NUMBER = r"\+?[\d \-.()]{3,24}"
SIP_URI = r"sips?:[A-Za-z0-9._~%!$&'*+=;,\-]+(?:@[A-Za-z0-9.\-]+)?(?::\d{1,5})?"
SIP_USER = r"[A-Za-z][\w.+\-]{0,63}"
ANGLE_NUMBER = re.compile(rf"^{NUMBER}$")
ANGLE_USER = re.compile(rf"^(?:{SIP_URI}|{SIP_USER})$")
WITHHELD = frozenset({"anonymous", "unknown", "restricted", "private", "unavailable", "withheld", "blocked"})


def split_caller_id(value: str) -> tuple[str, str]:
    """(display name, number or SIP user) of a Caller ID; the name is empty for a bare number or ``""``."""
    m = NAMED.match(value.strip())
    if not m:
        return "", value.strip()
    return m["name"].strip(), m["number"].strip()


def mask_caller_id(text: str) -> str:
    """The name's initials and the number's last two digits: ``"J*** D***" <+** *** *** *78>``."""
    name, number = split_caller_id(text)
    masked_number = mask_digits(number)
    return f'"{mask_words(name)}" <{masked_number}>' if "<" in text else masked_number


class CallerIdDetector(RegionalDetector):
    """One finding carrying both the caller's display name and number; a bare number only in a CLID/ANI field.

    In angle brackets any 3–15 digits (an extension, a number of any country) or a SIP user count; a bare
    number in a caller field counts when it is phone-shaped (``RegionalDetector.phone_field``).
    """

    ENTITY = "CALLER_ID"
    NAME = "caller_id"
    MASK = mask_caller_id
    PATTERNS = (
        Pattern("quoted_name_number", rf'"[^"<>\n]{{0,64}}"[ \t]*<(?:{NUMBER}|{SIP_URI}|{SIP_USER})>', 0.9),
        Pattern("name_number", rf"\b[A-Za-z][A-Za-z .'\-]{{0,63}}[ \t]*<(?:{NUMBER}|{SIP_URI})>", 0.85),
        Pattern("bare_number", r"(?:\+|\(|\b)\d[\d \-.()]{4,22}\d\b", 0.5),
    )
    FIELD_PATTERNS = ("bare_number",)
    CONTEXT_PATTERNS = ("bare_number",)  # a number without its angle brackets (``requires_context``)
    PREFILTER = re.compile(r"[\d<]")
    CONTEXT = ("caller id", "callerid", "clid", "ani", "cli", "calling number", "caller number")
    COLUMN_HINTS = ("caller", "calling", "src", "from")
    MEANINGS = (meanings.CALLER_ID,)
    VALIDATED_SCORE = 0.9

    def validate_result(self, pattern_text: str) -> bool:
        address = split_caller_id(pattern_text)[1]
        if "<" in pattern_text:  # the angle brackets are the evidence: an extension, any country's number, a user
            if ANGLE_NUMBER.match(address):
                return 3 <= len(digits_of(address)) <= 15
            user = address.removeprefix("sips:").removeprefix("sip:").partition("@")[0].lower()
            return ANGLE_USER.match(address) is not None and user not in WITHHELD  # a withheld number is nobody's
        return parse_phone(address, self.regions) is not None

    def requires_context(self, candidate: str) -> bool:
        return "<" not in candidate

    def detail(self, value: str) -> str | None:
        name, address = split_caller_id(value)
        kind = "number" if ANGLE_NUMBER.match(address) else "sip_user"
        return f"name+{kind}" if name else kind


class SipAddressDetector(Detector):
    """A SIP URI (``sip:jdoe@pbx.example.net``, ``sips:+61…@host``) or a Twilio Client identity (``client:kevin``)."""

    ENTITY = "SIP_ADDRESS"
    NAME = "sip_address"
    CATEGORY = "user.contact"
    MASK = mask_sip
    PATTERNS = (
        Pattern("sip_uri", rf"(?<![\w.]){SIP_URI}", 0.85),
        Pattern("client_identity", r"(?<![\w.])client:[A-Za-z][\w.\-]{0,63}", 0.6),
    )
    CONTEXT = ("sip", "caller", "from", "to", "contact", "client", "identity")
    MEANINGS = (meanings.CALLER_ID, meanings.PHONE_NUMBER)
    PREFILTER = re.compile(r"(?:sips?|client):", re.IGNORECASE)
