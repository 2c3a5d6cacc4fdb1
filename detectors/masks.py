"""Masked evidence: the only form in which a found value ever leaves the engine.

Each mask keeps just enough to recognise the kind of value and tell two apart in a report
(``j***@example.com``, ``**** **** **** 1111``, ``+61 *** *** *78``) and hides the rest. Word masks
have a fixed length so they do not reveal how long a name is. A detector names its mask
(``Detector.MASK``); ``mask_default`` serves those that name none.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WORD = re.compile(r"[^\W\d_]+")


ASCII_DIGITS = b"0123456789"
ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
HIDE_ALNUM = bytes.maketrans(ASCII_DIGITS + ASCII_LETTERS, b"*" * (len(ASCII_DIGITS) + len(ASCII_LETTERS)))
HIDE_LETTERS = bytes.maketrans(ASCII_LETTERS, b"*" * len(ASCII_LETTERS))


def mask_digits(text: str, keep_last: int = 2) -> str:
    """Replace every digit but the last ``keep_last`` with ``*``, keeping separators and ``+``; letters are ``*``.

    ASCII text (nearly every value) is masked by byte translation; other text character by character.
    """
    if not text.isascii():
        return mask_digits_of_any(text, keep_last)
    raw = text.encode()
    total = len(raw) - len(raw.translate(None, ASCII_DIGITS))
    if total <= keep_last * 3:
        return raw.translate(HIDE_ALNUM).decode()
    cut, kept = len(raw), 0
    while kept < keep_last:  # back to the first digit kept
        cut -= 1
        if raw[cut] in ASCII_DIGITS:
            kept += 1
    return (raw[:cut].translate(HIDE_ALNUM) + raw[cut:].translate(HIDE_LETTERS)).decode()


def mask_digits_of_any(text: str, keep_last: int) -> str:
    """``mask_digits`` of any text: every character ``str.isdigit`` or ``str.isalpha`` calls one counts."""
    total = sum(c.isdigit() for c in text)
    keep_from = total - keep_last if total > keep_last * 3 else total
    out, seen = [], 0
    for c in text:
        if c.isdigit():
            out.append(c if seen >= keep_from else "*")
            seen += 1
        elif c.isalpha():
            out.append("*")
        else:
            out.append(c)
    return "".join(out)


def mask_words(text: str) -> str:
    """First letter of each word followed by ``***``; digits masked: ``Jane Doe`` → ``J*** D***``."""
    return WORD.sub(lambda m: m[0][0] + "***", re.sub(r"\d", "*", text))


def mask_email(text: str) -> str:
    local, _, domain = text.rpartition("@")
    return f"{local[:1]}***@{domain}"


def mask_card(text: str) -> str:
    digits = [c for c in text if c.isdigit()]
    return "**** **** **** " + "".join(digits[-4:])


def mask_ip(text: str) -> str:
    if ":" in text:
        return text.split(":", 1)[0] + ":****:****"
    return text.split(".", 1)[0] + ".***.***.***"


def mask_recording(text: str) -> str:
    """A media path or URL down to its scheme, host and extension: ``https://rec.example.com/****.wav``."""
    parts = urlsplit(text)
    host = parts.hostname if "://" in text else None
    prefix = f"{parts.scheme}://{host}/" if host else ""
    extension = text.rpartition(".")[2]
    return f"{prefix}****.{extension}" if re.fullmatch(r"[A-Za-z0-9]{1,5}", extension) else f"{prefix}****"


def mask_handle(text: str) -> str:
    return text[:2] + "***"


def mask_secret(text: str) -> str:
    """A fixed ``********``: no character, and not the length, of a secret or of a value as short as a gender."""
    return "********"


def mask_all(text: str) -> str:
    return re.sub(r"[A-Za-z0-9]", "*", text)


def mask_iban(text: str) -> str:
    return text[:2] + mask_digits(text[2:])


def mask_default(text: str) -> str:
    """The last two digits of a value with digits (``****-**78``), else each word's first letter (``J*** D***``)."""
    return mask_digits(text) if any(map(str.isdigit, text)) else mask_words(text)


def mask_sip(text: str) -> str:
    """A SIP address down to its scheme, the user's first character and its host: ``sip:j***@pbx.example.net``."""
    scheme, _, rest = text.partition(":")
    user, at, host = rest.partition("@")
    return f"{scheme}:{user[:1]}***{at}{host}"
