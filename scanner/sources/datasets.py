"""Datasets: files of one shape (many exports of one kind) scanned and reported as one.

Exports come as many files of one shape: one ``<uuid>.cdr.json`` per call, rotated logs
(``app.log``, ``app.log.1``, ``app-2026-11-30.log.gz``), Hive partitions
(``events/date=2026-11-30/part-00000.parquet``), dated exports (``export-2026-11-30.csv``).
Files are of one dataset when

- their names are the same once the parts that vary are taken out: dates and times, numbers,
  UUIDs and hexadecimal ids (each a whole part between separators ``- _ .`` or spaces), a
  rotation suffix after the format's suffix (``.1``, ``-20261130``) and a compression suffix;
- they lie in the same folder, where ``key=value`` folders (Hive partitions) count as one;
- they are of the same kind, and have the same columns where a format reads them cheaply
  (a CSV header, a Parquet schema): files of other columns stand alone.

A dataset is named by the pattern of its files' names, each varying part a ``*``
(``callcentre/freeswitch/json_cdr/*.cdr.json``, ``events/date=*/part*.parquet``, ``logs/app*.log``), so
its name stays when files join or leave. A file whose name has no varying part, alone, keeps its
own name. The name depends on names only: never on which files, or how many, there are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TypeVar

from piiaudit.scanner.sources import formats

COMPRESSION_SUFFIXES = (".gz",)  # what discovery decompresses
SEPARATORS = "-_. "
DATE = r"\d{4}[-_.]?\d{2}(?:[-_.]?\d{2})?"
TIME = r"\d{2}[-:.]?\d{2}(?:[-:.]?\d{2})?(?:[.,]\d+)?"
DATETIME = rf"{DATE}(?:[T_ -]?{TIME})?(?:Z|[+-]\d{{2}}:?\d{{2}})?"
UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
HEX_ID = r"(?=[a-fA-F]*\d)(?=\d*[a-fA-F])[0-9a-fA-F]{8,}"  # at least one digit and one letter
VARIABLE = re.compile(rf"(?<![^\W_])(?:{UUID}|{DATETIME}|{HEX_ID}|\d+)(?![^\W_])")
ROTATION = re.compile(rf"[-_.](?:{DATETIME}|\d+)$")
PARTITION = re.compile(r"[^=/]+=[^/]*")
SourceT = TypeVar("SourceT")


def without_compression(name: str) -> str:
    """``app.log.2.gz`` → ``app.log.2``."""
    lower = name.lower()
    return next((name[: -len(s)] for s in COMPRESSION_SUFFIXES if lower.endswith(s) and len(name) > len(s)), name)


def format_name(name: str) -> str:
    """The name that says a file's format: without compression and rotation (``Master.csv.1`` → ``Master.csv``)."""
    name = without_compression(name)
    rotation = ROTATION.search(name)
    if rotation and rotation.start() > 0 and formats.known_suffix(name[: rotation.start()]):
        return name[: rotation.start()]
    return name


@dataclass(frozen=True)
class NamePattern:
    """A file name with its varying parts taken out: the ``fixed`` text, and the places (``slots``) they were at."""

    fixed: str
    slots: frozenset[int]

    @classmethod
    def of(cls, name: str) -> NamePattern:
        base = format_name(name)
        rotated = base != without_compression(name)
        suffix = PurePosixPath(base).suffix if formats.known_suffix(base) else ""
        stem = base[: len(base) - len(suffix)] if suffix else base
        fixed, slots, position = [], set(), 0
        for match in VARIABLE.finditer(stem):
            start = match.start()
            kept = stem[position:start]
            if kept and kept[-1] in SEPARATORS:  # the separator before a varying part goes with it
                kept = kept[:-1]
            fixed.append(kept)
            slots.add(sum(map(len, fixed)))
            position = match.end()
        fixed.append(stem[position:])
        text = "".join(fixed)
        if rotated:
            slots.add(len(text))
        return cls(text + suffix, frozenset(slots))

    def glob(self, slots: frozenset[int]) -> str:
        """The name with a ``*`` at each of ``slots``."""
        out, last = [], 0
        for slot in sorted(slots):
            out += [self.fixed[last:slot], "*"]
            last = slot
        return "".join([*out, self.fixed[last:]])


def folder_pattern(uri: str) -> tuple[str, bool]:
    """A file's folder with Hive partition values as ``*`` (``events/date=*``), and whether it had any."""
    parts = PurePosixPath(uri).parts[:-1]
    pattern = [part.split("=", 1)[0] + "=*" if PARTITION.fullmatch(part) else part for part in parts]
    return "/".join(pattern), pattern != list(parts)


@dataclass(frozen=True)
class Shape:
    """What files of one dataset share: folder, name without its varying parts, and kind."""

    folder: str
    name: str
    kind: str


def dataset_uri(folder: str, pattern: str) -> str:
    return f"{folder}/{pattern}" if folder else pattern


def group(
    sources: Sequence[SourceT],
    uri_of: Callable[[SourceT], str],
    kind_of: Callable[[SourceT], str],
    columns_of: Callable[[SourceT], tuple[str, ...] | None],
) -> list[str]:
    """The dataset uri of each source (its own uri where it stands alone), in the order given."""
    shapes: dict[Shape, list[int]] = {}
    patterns = []
    for index, source in enumerate(sources):
        uri = uri_of(source)
        folder, partitioned = folder_pattern(uri)
        pattern = NamePattern.of(PurePosixPath(uri).name)
        patterns.append((folder, pattern, partitioned))
        shapes.setdefault(Shape(folder, pattern.fixed, kind_of(source)), []).append(index)
    names = [uri_of(source) for source in sources]
    taken: set[str] = set(names)
    for members in shapes.values():
        members = same_columns(members, lambda i: columns_of(sources[i]))
        folder, pattern, _ = patterns[members[0]]
        slots = frozenset().union(*(patterns[i][1].slots for i in members))
        varies = bool(slots) or any(patterns[i][2] for i in members)
        if len(members) == 1 and not varies:
            continue
        uri = dataset_uri(folder, pattern.glob(slots))
        if uri in taken:
            continue  # another dataset has this name already: its files stand alone
        taken.add(uri)
        for i in members:
            names[i] = uri
    return names


def same_columns(members: list[int], columns_of: Callable[[int], tuple[str, ...] | None]) -> list[int]:
    """The members whose columns are the most common (first met on a tie); unknown columns fit any."""
    if len(members) < 2:
        return members
    columns = {i: safe_columns(columns_of, i) for i in members}
    known = Counter(c for c in columns.values() if c is not None)
    if not known:
        return members
    best = max(known.values())
    common = next(c for c in (columns[i] for i in members) if c is not None and known[c] == best)
    return [i for i in members if columns[i] in (None, common)]


def safe_columns(columns_of: Callable[[int], tuple[str, ...] | None], index: int) -> tuple[str, ...] | None:
    """The columns, or None where they cannot be read (the file's reader will say why)."""
    try:
        return columns_of(index)
    except Exception:  # a file that cannot be read is reported when it is scanned
        return None
