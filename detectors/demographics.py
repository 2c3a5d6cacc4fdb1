"""Gender, decided per column: a ``gender``/``sex`` field most of whose values are gender values.

``M`` and ``F`` are sizes, grades and flags everywhere else, so a single value is never enough: the
field's name must say gender or sex and most of its sampled values must be gender values
(``M``/``F``/``X``, ``male``/``female``, ``non-binary``, ``woman``…, or ISO/IEC 5218's ``1``/``2``).
Values that state nothing (``unknown``, ``prefer not to say``, ``N/A``, ISO 5218's ``0``/``9``) are not
reported.
"""

from __future__ import annotations

from piiaudit.detectors.fields import FieldDetector
from piiaudit.detectors.masks import mask_secret

GENDER_VALUES = frozenset(
    {
        "m", "f", "x", "male", "female", "man", "woman", "men", "women", "boy", "girl", "non-binary", "nonbinary",
        "non binary", "nb", "enby", "genderqueer", "genderfluid", "agender", "bigender", "intersex", "transgender",
        "trans", "trans man", "trans woman", "transman", "transwoman", "other", "o", "another gender", "diverse", "d",
        "two-spirit", "cis man", "cis woman", "cisgender", "ftm", "mtf", "gender diverse", "self-described",
        "1", "2",  # ISO/IEC 5218: 1 male, 2 female
    }
)  # fmt: skip
UNSTATED = frozenset(
    {"u", "unknown", "unspecified", "not stated", "not specified", "prefer not to say", "n/a", "na", "none", "-"}
    | {"0", "9"}  # ISO/IEC 5218: not known, not applicable
)


def gender_value(value: str) -> bool:
    """Whether ``value`` states a gender (``F``, ``Female``, ``non-binary``)."""
    return value.strip().lower() in GENDER_VALUES


class GenderDetector(FieldDetector):
    """A gender value in a gender/sex column whose sample holds mostly gender values."""

    ENTITY = "GENDER"
    NAME = "gender"
    MASK = mask_secret
    FIELD_WORDS = ("gender", "sex", "gender identity")
    NOT_FIELD_WORDS = ("offender", "sexual", "sexuality", "preference", "pronoun", "size")
    SAMPLE_RATE = 0.8

    def sample_value(self, value: str) -> bool:
        return gender_value(value) or value.strip().lower() in UNSTATED

    def validate_result(self, pattern_text: str) -> bool:
        return gender_value(pattern_text)
