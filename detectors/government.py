"""Travel and driving documents: US and Australian passport numbers, Australian and US driver licence numbers.

None of these carries a check digit, and their shapes (nine digits, a letter and seven digits) are
shared with order numbers and product codes, so each is reported only with passport or licence
context: a field named for the document, or such a word just before the number.

Shapes: a US passport is nine digits or a letter and eight digits; an Australian passport one or
two letters and seven digits. Australian licences are 6–10 digits or a letter and 5–9 digits by
state (NSW 8 alphanumerics, VIC up to 10 digits, QLD 8–9 digits, WA 7 digits, SA a letter and 5
digits, TAS a letter and 5 digits, ACT and NT up to 10 digits); US licences a letter and 4–14
digits (CA, IL, FL, NY…), 7–9 digits (TX, NY), Florida's grouped ``A123-456-78-901-0`` or
Washington's ``WDL`` followed by nine letters and digits.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_DIGIT
from piiaudit.detectors.fields import QualifiedDetector
from piiaudit.detectors.masks import mask_digits


class PassportDetector(QualifiedDetector):
    """A US (``123456789``, ``A12345678``) or Australian (``PA1234567``) passport number with passport context."""

    ENTITY = "PASSPORT"
    NAME = "passport"
    MASK = mask_digits
    PATTERNS = (
        Pattern("us_passport", r"\b(?:\d{9}|[A-Z]\d{8})\b", 0.3),
        Pattern("au_passport", r"\b[A-Z]{1,2}\d{7}\b", 0.3),
    )
    CONTEXT = ("passport", "travel document", "passport no", "passportnumber")
    EXCLUDED_COLUMNS = ("expiry", "expires", "issued", "country", "nationality", "date", "place", "authority")
    PREFILTER = HAS_DIGIT
    REQUIRES_CONTEXT = True
    STANDALONE = True


class DriversLicenceDetector(QualifiedDetector):
    """An Australian or US driver licence number with licence context (a ``licence_number`` field, "DL#")."""

    ENTITY = "DRIVERS_LICENSE"
    NAME = "drivers_licence"
    MASK = mask_digits
    PATTERNS = (
        Pattern("digits", r"\b\d{6,10}\b", 0.2),
        Pattern("letter_digits", r"\b[A-Z]{1,2}\d{4,14}\b", 0.2),
        Pattern("nsw_alphanumeric", r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,8}\b", 0.1),
        Pattern("florida", r"\b[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d\b", 0.4),
        Pattern("washington", r"\bWDL[A-Z0-9]{9}\b", 0.4),
    )
    CONTEXT = (
        "licence", "license", "driver", "drivers", "driving", "dl", "dln", "dl#", "licence no", "license no",
        "licence number", "license number",
    )  # fmt: skip
    EXCLUDED_COLUMNS = (
        "expiry", "expires", "issued", "class", "state", "type", "date", "software", "plate", "key", "vehicle",
        "registration", "rego", "business", "liquor", "trade", "contractor", "builder", "seat", "product",
    )  # fmt: skip
    PREFILTER = HAS_DIGIT
    REQUIRES_CONTEXT = True
    STANDALONE = True
