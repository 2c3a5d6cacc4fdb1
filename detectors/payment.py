"""Payment cards: Luhn-valid numbers in known issuer ranges, and card verification codes next to card context."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum import ean, luhn

from piiaudit.detectors.base import HAS_DIGIT, Detector
from piiaudit.detectors.masks import mask_all, mask_card

# Issuer identification number prefixes (first digits) and the lengths each network issues.
ISSUERS: tuple[tuple[str, range, frozenset[int]], ...] = (
    ("visa", range(4, 5), frozenset({13, 16, 19})),
    ("mastercard", range(51, 56), frozenset({16})),
    ("mastercard", range(2221, 2721), frozenset({16})),
    ("amex", range(34, 35), frozenset({15})),
    ("amex", range(37, 38), frozenset({15})),
    ("discover", range(6011, 6012), frozenset({16, 19})),
    ("discover", range(644, 650), frozenset({16, 19})),
    ("discover", range(65, 66), frozenset({16, 19})),
    ("diners", range(300, 306), frozenset({14, 16})),
    ("diners", range(36, 37), frozenset({14, 16})),
    ("diners", range(38, 40), frozenset({14, 16})),
    ("jcb", range(3528, 3590), frozenset({16, 19})),
    ("unionpay", range(62, 63), frozenset({16, 17, 18, 19})),
    ("maestro", range(6759, 6760), frozenset({12, 13, 16, 19})),
)
# Groupings people and systems write card numbers in: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4.
GROUPINGS = frozenset({(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4), (4, 4, 4, 1), (4, 4, 4, 2), (4, 4, 4, 3)})
SEPARATOR = re.compile(r"[ -]")


def card_network(digits: str) -> str | None:
    """The card network whose IIN range and length fit ``digits``, or None."""
    for network, prefixes, lengths in ISSUERS:
        width = len(str(prefixes.start))
        if len(digits) in lengths and int(digits[:width]) in prefixes:
            return network
    return None


def well_grouped(text: str) -> bool:
    """No separators, or one kind of separator splitting the digits into a known grouping."""
    separators = set(SEPARATOR.findall(text))
    if not separators:
        return True
    if len(separators) > 1:
        return False
    return tuple(len(g) for g in SEPARATOR.split(text)) in GROUPINGS


class CreditCardDetector(Detector):
    """13–19 digit card numbers; a 16-digit order number that fails Luhn, or a bare GTIN barcode, is not a card."""

    ENTITY = "CREDIT_CARD"
    NAME = "credit_card"
    MASK = mask_card
    PATTERNS = (Pattern("card_number", r"\b\d(?:[ -]?\d){11,18}\b", 0.3),)
    CONTEXT = ("card", "credit", "debit", "visa", "mastercard", "amex", "pan", "cc")
    PREFILTER = HAS_DIGIT
    NEGATIVE_COLUMNS = (
        "order", "invoice", "uuid", "guid", "version", "sku", "serial", "tracking", "ref", "reference",
        "timestamp", "epoch", "phone", "amount", "imei", "iccid", "barcode", "ean", "upc", "isbn",
    )  # fmt: skip
    STANDALONE = True

    def requires_context(self, candidate: str) -> bool:
        """A product barcode (GTIN-12/13/14 with its check digit) is a card only next to card context."""
        digits = SEPARATOR.sub("", candidate)
        return len(digits) in (12, 13, 14) and ean.is_valid(digits)

    def validate_result(self, pattern_text: str) -> bool:
        digits = SEPARATOR.sub("", pattern_text)
        return well_grouped(pattern_text) and luhn.is_valid(digits) and card_network(digits) is not None

    def detail(self, value: str) -> str | None:
        return card_network(SEPARATOR.sub("", value))


class CardVerificationCodeDetector(Detector):
    """A 3–4 digit CVV/CVC/CID, reported only in a card-code column or right after such words."""

    ENTITY = "CARD_VERIFICATION_CODE"
    NAME = "card_verification_code"
    MASK = mask_all
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("cvv", r"\b\d{3,4}\b", 0.4),)
    CONTEXT = (
        "cvv", "cvc", "cvv2", "cvc2", "cid", "csc", "security code", "securitycode", "card verification",
        "verification code", "card code", "cardcode",
    )  # fmt: skip
    REQUIRES_CONTEXT = True
    STANDALONE = True
