"""Opening text files whose encoding nobody wrote down, and refusing binaries that pretend to be text."""

from __future__ import annotations

import codecs
import contextlib
import io
from collections.abc import Iterator
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
UTF16_NUL_SHARE = 0.5  # UTF-16 without a BOM: at least this share of one byte of each pair is NUL
CHUNK_BYTES = 1024 * 1024


class UnreadableSource(ValueError):
    """A source that cannot be read as what its name says; the message is the one-line reason."""


def sniff_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: a BOM, else charset-normalizer's best guess."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        utf16 = utf16_without_bom(head)
        if utf16 is None:
            raise UnreadableSource("binary content (NUL bytes) in a text file")
        return utf16
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


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for mostly-ASCII UTF-16 text without a BOM (NUL in every other byte), else None."""
    for name, zero_half, other_half in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if zero_half.count(0) >= UTF16_NUL_SHARE * len(zero_half) and 0 not in other_half:
            text = codecs.getincrementaldecoder(name)(errors="replace").decode(head)
            if all(c.isprintable() or c in "\t\r\n" for c in text):
                return name
    return None


def first_undecodable(path: Path, encoding: str) -> str:
    """Where ``path`` first fails to decode in ``encoding``: the bytes, their offset and (ASCII newlines) line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    counts_lines = "\n".encode(encoding) == b"\n"
    offset, newlines = 0, 0
    with path.open("rb") as raw:
        while True:
            chunk = raw.read(CHUNK_BYTES)
            buffered = offset - len(decoder.getstate()[0])  # where the decoder's input starts in the file
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                at = buffered + exc.start
                newlines += chunk[: max(0, at - offset)].count(b"\n")
                line = f", line {newlines + 1}" if counts_lines else ""
                bad = " ".join(f"0x{b:02x}" for b in exc.object[exc.start : exc.end])
                return f"byte {bad} at offset {at}{line}"
            if not chunk:
                return "it changed while being read"
            offset += len(chunk)
            newlines += chunk.count(b"\n")


class StrictText(io.TextIOWrapper):
    """A text file whose undecodable bytes raise ``UnreadableSource`` saying where they are."""

    def __init__(self, path: Path, encoding: str) -> None:
        super().__init__(path.open("rb"), encoding=encoding, errors="strict", newline="")
        self.path = path

    @contextlib.contextmanager
    def _decoding(self) -> Iterator[None]:
        try:
            yield
        except UnicodeDecodeError as exc:
            where = first_undecodable(self.path, self.encoding)
            sniffed = f"not valid {self.encoding} text (the encoding sniffed from its start)"
            raise UnreadableSource(f"{sniffed}: {where}") from exc

    def read(self, size: int | None = -1) -> str:
        with self._decoding():
            return super().read(size)

    def readline(self, size: int = -1) -> str:  # type: ignore[override]  # typeshed also merges in _IOBase's bytes
        with self._decoding():
            return super().readline(size)

    def __next__(self) -> str:  # type: ignore[override]  # as readline
        with self._decoding():
            return super().__next__()


def open_text(path: Path) -> TextIO:
    """Open ``path`` read-only as text in its sniffed encoding; an undecodable byte raises ``UnreadableSource``."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    return StrictText(path, sniff_encoding(head))
