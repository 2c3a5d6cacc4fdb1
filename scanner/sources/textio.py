"""Opening text files whose encoding nobody wrote down, and refusing binaries that pretend to be text."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

SNIFF_BYTES = 64 * 1024
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


PREFERRED_SINGLE_BYTE = ("cp1252", "latin_1", "iso8859_15", "mac_roman")
CHAOS_TOLERANCE = 0.01


class UnreadableSource(ValueError):
    """A source that cannot be read as what its name says; the message is the one-line reason."""


def sniff_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: a BOM, else charset-normalizer's best guess."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        raise UnreadableSource("binary content (NUL bytes) in a text file")
    if not head:
        return "utf-8"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte character cut by the sniff window
            return "utf-8"
    guesses = list(from_bytes(head))
    if not guesses:
        raise UnreadableSource("cannot determine the text encoding")
    least_chaos = min(g.chaos for g in guesses)
    tied = [g.encoding for g in guesses if g.chaos <= least_chaos + CHAOS_TOLERANCE]
    # On short samples several code pages tie; Western European text is the likely one here.
    return next((e for e in PREFERRED_SINGLE_BYTE if e in tied), tied[0])


def open_text(path: Path) -> TextIO:
    """Open ``path`` read-only as text in its sniffed encoding (strict: undecodable bytes raise)."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    encoding = sniff_encoding(head)
    return path.open("r", encoding=encoding, errors="strict", newline="")
