"""E-mail addresses: RFC-plausible local part and a domain with a real public suffix."""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.base import Detector
from scanner import meanings
from scanner.offline import domain_suffix

LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"


class EmailDetector(Detector):
    """An address like ``jane.doe@example.com``; ``image@2x.png`` fails because ``png`` is no public suffix."""

    ENTITY = "EMAIL_ADDRESS"
    NAME = "email"
    PATTERNS = (Pattern("email", rf"(?<![\w.+-]){LOCAL}@{LABEL}(?:\.{LABEL})+", 0.5),)
    CONTEXT = ("email", "e-mail", "mail", "contact")
    MEANINGS = (meanings.EMAIL,)

    def validate_result(self, pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        if len(local) > 64 or len(pattern_text) > 254:
            return False
        return bool(domain_suffix(domain))
