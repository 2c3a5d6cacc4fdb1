"""Checksummed identifiers the seed policies make relevant, validated with ``python-stdnum``."""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import Pattern
from stdnum import iban
from stdnum.au import abn, tfn
from stdnum.us import rtn, ssn

from piiaudit.detectors.base import HAS_DIGIT, Detector
from piiaudit.detectors.masks import mask_iban

COMPACT = re.compile(r"[ \-]")


class UsSsnDetector(Detector):
    """US Social Security numbers (``123-45-6789``); nine bare digits only with SSN context."""

    ENTITY = "US_SSN"
    NAME = "us_ssn"
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("ssn", r"\b\d{3}([- ]?)\d{2}\1\d{4}\b", 0.5),)
    CONTEXT = ("ssn", "social security", "socialsecurity", "ss#")
    STANDALONE = True

    def validate_result(self, pattern_text: str) -> bool:
        return ssn.is_valid(COMPACT.sub("", pattern_text))

    def requires_context(self, candidate: str) -> bool:
        return candidate.isdigit()


class AuTfnDetector(Detector):
    """Australian Tax File Numbers (8–9 digits with the ATO check digit), next to TFN context."""

    ENTITY = "AU_TFN"
    NAME = "au_tfn"
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("tfn", r"\b\d{3}[ -]?\d{3}[ -]?\d{2,3}\b", 0.4),)
    CONTEXT = ("tfn", "tax file", "taxfile")
    REQUIRES_CONTEXT = True
    STANDALONE = True

    def validate_result(self, pattern_text: str) -> bool:
        return tfn.is_valid(COMPACT.sub("", pattern_text))


class AuAbnDetector(Detector):
    """Australian Business Numbers (11 digits, modulus 89), next to ABN context."""

    ENTITY = "AU_ABN"
    NAME = "au_abn"
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("abn", r"\b\d{2}[ -]?\d{3}[ -]?\d{3}[ -]?\d{3}\b", 0.4),)
    CONTEXT = ("abn", "business number", "businessnumber")
    REQUIRES_CONTEXT = True
    STANDALONE = True

    def validate_result(self, pattern_text: str) -> bool:
        return abn.is_valid(COMPACT.sub("", pattern_text))


@lru_cache(maxsize=4096)
def valid_iban(text: str) -> bool:
    """``stdnum``'s IBAN check (mod 97 and the country's BBAN format), remembered: a candidate is checked while
    it is trimmed and again when it is validated."""
    return bool(iban.is_valid(text))


class IbanDetector(Detector):
    """International Bank Account Numbers, grouped or not, with the ISO 13616 mod-97 check."""

    ENTITY = "IBAN_CODE"
    NAME = "iban"
    MASK = mask_iban
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("iban", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b", 0.5),)
    CONTEXT = ("iban", "bank", "account")
    STANDALONE = True

    def candidates(self, text: str) -> list[tuple[str, int, int, Pattern]]:
        """Trim trailing groups the pattern swallowed from following words until the check passes."""
        hits = []
        for name, start, end, pattern in super().candidates(text):
            span = text[start:end]
            while span and not valid_iban(span) and " " in span:
                span = span.rsplit(" ", 1)[0]
            hits.append((name, start, start + len(span), pattern))
        return hits

    def validate_result(self, pattern_text: str) -> bool:
        return valid_iban(pattern_text)


class AuBankAccountDetector(Detector):
    """An Australian BSB (``062-000``) followed by a 5–9 digit account number, next to bank context."""

    ENTITY = "BANK_ACCOUNT"
    NAME = "au_bsb_account"
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("bsb_account", r"\b\d{3}-?\d{3}[ /,]+\d{5,9}\b", 0.4),)
    CONTEXT = ("bsb", "bank", "account", "acct")
    REQUIRES_CONTEXT = True
    STANDALONE = True


class UsBankRoutingDetector(Detector):
    """US ABA routing numbers (nine digits with the 3-7-1 checksum), next to routing context."""

    ENTITY = "BANK_ACCOUNT"
    NAME = "us_bank_routing"
    PREFILTER = HAS_DIGIT
    PATTERNS = (Pattern("aba_routing", r"\b\d{9}\b", 0.4),)
    CONTEXT = ("routing", "aba", "rtn", "transit")
    REQUIRES_CONTEXT = True
    STANDALONE = True

    def validate_result(self, pattern_text: str) -> bool:
        return rtn.is_valid(pattern_text)
