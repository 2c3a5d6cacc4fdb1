"""E-mail addresses: RFC-plausible local part and a domain with a real public suffix.

What only looks like one is not: the user information of a URL (``https://user:secret@host``, whose
"local part" is a password) and a SIP address (``sip:jdoe@pbx.example.net``, found by ``sip_address``).
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_AT, Detector
from piiaudit.detectors.masks import mask_email
from piiaudit.detectors.offline import domain_suffix
from piiaudit.scanner.model import meanings

LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
TOKEN_START = re.compile(r"[^\s\"'<>(\[{,;]*$")  # the part of a token that runs up to a match
NOT_MAIL_PREFIXES = ("sip:", "sips:")


def inside_other_address(text: str, start: int, end: int) -> bool:
    """Whether the match ``text[start:end]`` is part of a URL's authority (``scheme://user:pass@``) or a SIP URI."""
    token = TOKEN_START.search(text, max(0, start - 256), start)
    before = token[0].lower() if token else ""
    return "://" in before + text[start:end] or before.endswith(NOT_MAIL_PREFIXES)


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
        """``user=jane@example.com`` in a log line is ``jane@example.com``: a key before ``=`` is not the address;
        a URL's user information and a SIP URI are no e-mail address (``inside_other_address``)."""
        hits = []
        for name, start, end, pattern in super().candidates(text):
            if inside_other_address(text, start, end):
                continue
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
