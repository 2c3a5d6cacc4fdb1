"""E-mail addresses: RFC-plausible local part and a domain with a real public suffix.

What only looks like one is not: the user information of a URL (``https://user:secret@host``, whose
"local part" is a password) and a SIP address (``sip:jdoe@pbx.example.net``, found by ``sip_address``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from presidio_analyzer import Pattern

from piiaudit.detectors.base import HAS_AT, Detector
from piiaudit.detectors.masks import mask_email
from piiaudit.detectors.offline import OFFLINE_EXTRACTOR, domain_suffix
from piiaudit.scanner.model import meanings
from piiaudit.scanner.model.qualifiers import PERSONAL_MAILBOX

LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
TOKEN_BREAK = re.compile(r"[\s\"'<>(\[{,;]")  # what ends the token a match sits in
NOT_MAIL_PREFIXES = ("sip:", "sips:")


def inside_other_address(text: str, start: int, end: int) -> bool:
    """Whether the match ``text[start:end]`` is part of a URL's authority (``scheme://user:pass@``) or a SIP URI.

    Either way a ``:`` or ``/`` comes right before the match or ``://`` inside it; other matches are not looked at.
    """
    if (start == 0 or text[start - 1] not in ":/") and "://" not in text[start:end]:
        return False
    before = TOKEN_BREAK.split(text[max(0, start - 256) : start])[-1].lower()
    return "://" in before + text[start:end] or before.endswith(NOT_MAIL_PREFIXES)


@lru_cache(maxsize=1)
def free_mail_providers() -> frozenset[str]:
    """Registrable domains (``gmail.com``) and provider names under any suffix (``yahoo``) of personal mail."""
    text = resources.files("piiaudit.detectors").joinpath("data/free_mail_domains.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_personal_mailbox(address: str) -> bool:
    """Whether ``address`` is at a free or consumer mail provider: a private person's, not a business's."""
    return is_free_mail_domain(address.rpartition("@")[2].lower())


@lru_cache(maxsize=65536)
def is_free_mail_domain(domain: str) -> bool:
    """Whether mail to ``domain`` (lower case) goes to a free or consumer provider; remembered per domain (a few
    providers serve most people's addresses)."""
    parts = OFFLINE_EXTRACTOR(domain)
    providers = free_mail_providers()
    return parts.domain in providers or f"{parts.domain}.{parts.suffix}" in providers


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

    def detail(self, value: str) -> str | None:
        """``mailbox:personal`` for an address at a free-mail provider; a business's own domain is not told."""
        return PERSONAL_MAILBOX if is_personal_mailbox(value) else None
