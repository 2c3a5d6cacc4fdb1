"""Device identifiers: IMEI/MEID, MAC addresses, advertising ids (IDFA/GAID) and Android ids.

An IMEI (15 digits, Luhn) or MEID (14 hex digits) is validated with ``python-stdnum`` and reported
next to device context only, since any 15-digit Luhn number would pass. A MAC address has a shape
of its own. A UUID or a 16-hex-digit Android id is a device identifier only in a field named for
one (``idfa``, ``advertising_id``, ``device_id``, ``android_id``) or right after such a word:
products, orders and requests carry UUIDs too.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum import imei, meid

from piiaudit.detectors.base import HAS_DIGIT, Detector
from piiaudit.detectors.masks import mask_digits

DEVICE_ENTITY = "DEVICE_ID"
HEX = "[0-9A-Fa-f]"
UUID = rf"{HEX}{{8}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{12}}"
NOT_DEVICE_FIELDS = (
    "product", "order", "request", "session", "trace", "transaction", "build", "commit", "invoice", "ticket",
    "message", "correlation", "span", "event", "job",
)  # fmt: skip


class ImeiDetector(Detector):
    """A handset's IMEI (15 digits, Luhn) or MEID (14 hex digits) next to IMEI/MEID/device context."""

    ENTITY = DEVICE_ENTITY
    NAME = "imei"
    MASK = mask_digits
    PATTERNS = (
        Pattern("imei", r"\b\d{2}[ -]?\d{6}[ -]?\d{6}[ -]?\d\b", 0.4),
        Pattern("meid", r"\b[A-Fa-f0-9]{14}\b", 0.3),
    )
    CONTEXT = ("imei", "meid", "device", "handset", "equipment id", "esn")
    NEGATIVE_COLUMNS = NOT_DEVICE_FIELDS
    PREFILTER = HAS_DIGIT
    REQUIRES_CONTEXT = True
    STANDALONE = True

    def validate_result(self, pattern_text: str) -> bool:
        compact = re.sub(r"[ -]", "", pattern_text)
        if len(compact) == 15:
            return imei.is_valid(compact)
        return not compact.isdigit() and meid.is_valid(compact)


class MacAddressDetector(Detector):
    """A MAC address (``3c:22:fb:12:a0:5e``, ``3C-22-FB-…``, ``3c22.fb12.a05e``); broadcast and zero excepted."""

    ENTITY = DEVICE_ENTITY
    NAME = "mac_address"
    MASK = mask_digits
    PATTERNS = (
        Pattern("mac", rf"(?<![\w:.-]){HEX}{{2}}([:-]){HEX}{{2}}(?:\1{HEX}{{2}}){{4}}(?![\w:-]|\.\w)", 0.6),
        Pattern("cisco_mac", rf"(?<![\w.]){HEX}{{4}}\.{HEX}{{4}}\.{HEX}{{4}}(?![\w.])", 0.4),
    )
    CONTEXT = ("mac", "hwaddr", "hardware address", "bssid", "wifi", "ethernet", "device")
    PREFILTER = re.compile(rf"{HEX}{{2}}[:-]{HEX}{{2}}[:-]|{HEX}{{4}}\.{HEX}{{4}}")

    def validate_result(self, pattern_text: str) -> bool:
        digits = re.sub(r"[:.-]", "", pattern_text).lower()
        return digits not in ("000000000000", "ffffffffffff") and (
            "." not in pattern_text or any(c.isalpha() for c in digits)
        )


class AdvertisingIdDetector(Detector):
    """A UUID (IDFA, GAID, IDFV) or 16-hex Android id in a field named for device or advertising ids."""

    ENTITY = DEVICE_ENTITY
    NAME = "device_id"
    MASK = mask_digits
    PATTERNS = (
        Pattern("uuid", rf"(?<![\w-]){UUID}(?![\w-])", 0.3),
        Pattern("android_id", rf"(?<![\w-]){HEX}{{16}}(?![\w-])", 0.2),
    )
    CONTEXT = (
        "idfa", "idfv", "gaid", "aaid", "adid", "ad id", "advertising id", "advertisingid", "advertiser id",
        "android id", "androidid", "device id", "deviceid", "device uuid", "ifa", "maid", "mobile ad id", "udid",
        "vendor id", "install id", "installation id",
    )  # fmt: skip
    NEGATIVE_COLUMNS = NOT_DEVICE_FIELDS
    PREFILTER = re.compile(rf"{HEX}{{16}}|{HEX}{{8}}-")
    REQUIRES_CONTEXT = True

    def validate_result(self, pattern_text: str) -> bool:
        """Not the all-zero id an opted-out device reports, and not a decimal number."""
        digits = pattern_text.replace("-", "")
        return set(digits) != {"0"} and not digits.isdigit()
