"""E-mail addresses: RFC-plausible local part and a domain with a real public suffix."""

from __future__ import annotations

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_AT, Detector
from piiaudit.detectors.masks import mask_email
from piiaudit.detectors.offline import domain_suffix
from piiaudit.scanner.model import meanings

LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"


class EmailDetector(Detector):
    """An address like ``jane.doe@example.com``; ``image@2x.png`` fails because ``png`` is no public suffix."""

    ENTITY = "EMAIL_ADDRESS"
    NAME = "email"
    MASK = mask_email
    PATTERNS = (Pattern("email", rf"(?<![\w.+-]){LOCAL}@{LABEL}(?:\.{LABEL})+", 0.5),)
    CONTEXT = ("email", "e-mail", "mail", "contact")
    PREFILTER = HAS_AT
    MEANINGS = (meanings.EMAIL,)

    def candidates(self, text: str) -> list[tuple[str, int, int, Pattern]]:
        """``user=jane@example.com`` in a log line is ``jane@example.com``: a key before ``=`` is not the address."""
        hits = []
        for name, start, end, pattern in super().candidates(text):
            local = text[start:end].rpartition("@")[0]
            if "=" in local:
                start += local.rindex("=") + 1
            hits.append((name, start, end, pattern))
        return hits

    def validate_result(self, pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        if len(local) > 64 or len(pattern_text) > 254:
            return False
        return bool(domain_suffix(domain))
