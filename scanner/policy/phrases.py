"""Words → data categories: the phrase book ``policy draft`` reads an item's words with.

The book is data: every taxonomy category's own name, the curated phrases of
``scanner/data/category_phrases.yaml`` and any ``--phrases`` files (docs/policy-draft.md). Matching
ignores case, spaces and punctuation, so words a saved page ran together ("IPaddress",
"Yourtelephone number") are still found; the longest phrase wins, and a narrower key inside a
broader phrase wins over it ("browser type" → the browser key where the taxonomy has one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from piiaudit.scanner.policy.sentences import words as word_list
from piiaudit.scanner.policy.taxonomy import ROOT_TERMS, Taxonomy, package_data

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
NAME_PREFIXES = ("User Contact ", "User's ", "User ")
BRITISH = (("ization", "isation"), ("behavior", "behaviour"), ("license", "licence"), ("center", "centre"))


class PhraseError(ValueError):
    """A phrase file that cannot be used (unreadable, wrong layout, unknown category)."""


@dataclass(frozen=True)
class Phrase:
    text: str
    keys: tuple[str, ...]  # the drafted key first, then the other candidates; empty: names no category
    origin: str  # "taxonomy", or the phrase file it came from


@dataclass(frozen=True)
class Match:
    start: int  # offsets into the text searched
    end: int
    phrase: Phrase
    glued: bool = False  # found only by reading run-together words apart

    @property
    def key(self) -> str:
        return self.phrase.keys[0]

    @property
    def ambiguous(self) -> bool:
        return len(self.phrase.keys) > 1


def compact(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass
class Compacted:
    """A text with everything but letters and digits removed, mapped back to the original offsets."""

    text: str
    offsets: list[int]  # original offset of each compact character
    word_starts: set[int]  # compact positions where a word of the original begins

    @classmethod
    def of(cls, text: str) -> Compacted:
        chars: list[str] = []
        offsets: list[int] = []
        starts: set[int] = set()
        previous = ""
        for i, ch in enumerate(text):
            if not ch.isalnum():
                previous = ch
                continue
            if not previous or not previous.isalnum() or (previous.islower() and ch.isupper()):
                starts.add(len(chars))
            chars.append(ch.lower())
            offsets.append(i)
            previous = ch
        return cls("".join(chars), offsets, starts)

    def word_start_before(self, position: int) -> int:
        return max((s for s in self.word_starts if s <= position), default=0)

    def word_end_after(self, position: int) -> int:
        return min((s for s in self.word_starts if s > position), default=len(self.text))


@dataclass
class PhraseBook:
    """Phrases by their compact form; ``find`` returns the category phrases in a text."""

    phrases: dict[str, Phrase]
    generic: frozenset[str]
    taxonomy: Taxonomy
    longest: int = field(init=False)

    def __post_init__(self) -> None:
        self.longest = max((len(p) for p in self.phrases), default=0)

    def find(self, text: str) -> list[Match]:
        """Category phrases in ``text``, longest first; ignore-phrases block the words inside them."""
        packed = Compacted.of(text)
        found = []
        for start in range(len(packed.text)):
            for end in range(min(len(packed.text), start + self.longest), start, -1):
                phrase = self.phrases.get(packed.text[start:end])
                if phrase is None:
                    continue
                glued = self._glued_start(packed, start)
                tail = self._end_ok(packed, end)
                if glued is None or tail is None:
                    continue
                match = Match(packed.offsets[start], packed.offsets[end - 1] + 1, phrase, glued or tail)
                found.append(match)
        return [m for m in self._resolve(found) if m.phrase.keys]

    def _glued_start(self, packed: Compacted, start: int) -> bool | None:
        """False: a word starts here; True: after a short word run into it ("Yourtelephone"); None: neither."""
        if start in packed.word_starts:
            return False
        return True if packed.text[packed.word_start_before(start) : start] in word_list("glue_before") else None

    def _end_ok(self, packed: Compacted, end: int) -> bool | None:
        word_end = packed.word_end_after(end - 1)
        rest = packed.text[end:word_end]
        if rest in ("", "s", "es"):
            return False
        for plural in ("es", "s", ""):
            if rest.startswith(plural) and rest[len(plural) :] in word_list("glue_after"):
                return True
        return None

    def _resolve(self, found: list[Match]) -> list[Match]:
        """Drop a match inside a longer one, unless it names a narrower key than the longer one."""
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        dropped: set[int] = set()
        for i, outer in enumerate(found):
            for j, inner in enumerate(found):
                if i == j or not (outer.start <= inner.start and inner.end <= outer.end):
                    continue
                if (outer.start, outer.end) == (inner.start, inner.end) and j < i:
                    continue
                if outer.phrase.keys and inner.phrase.keys and self._narrower(inner.key, outer.key):
                    dropped.add(i)
                else:
                    dropped.add(j)
        return [m for i, m in enumerate(found) if i not in dropped]

    @staticmethod
    def _narrower(key: str, than: str) -> bool:
        return key != than and key.startswith(than + ".")

    def content_words(self, text: str, matches: Sequence[Match] = ()) -> list[str]:
        """Words of ``text`` outside ``matches`` that are neither minor nor generic: what no phrase explained."""
        covered = [(m.start, m.end) for m in matches]
        words = []
        for word in WORD.finditer(text):
            if any(s <= word.start() < e for s, e in covered):
                continue
            low = compact(word.group())
            if low and low not in word_list("minor_words") and low not in self.generic and not low.isdigit():
                words.append(word.group())
        return words


def phrase_variants(text: str) -> set[str]:
    variants = {text}
    for american, british in BRITISH:
        variants |= {v.replace(american, british) for v in variants if american in v}
    return variants


def taxonomy_phrases(taxonomy: Taxonomy, excluded: set[str]) -> Iterable[tuple[str, str]]:
    """Each category's own name ("Fax Number"), an acronym in it ("(ABN)"), its key's last part if two words
    (any last part of an extension key)."""
    for key, category in taxonomy.categories.items():
        if key in ROOT_TERMS:
            continue
        name = category.name
        for prefix in NAME_PREFIXES:
            name = name.removeprefix(prefix)
        for acronym in re.findall(r"\(([A-Z]{2,6})\)", name):
            yield acronym, key
        name = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if name and compact(name) not in excluded:
            yield name, key
        last = key.rsplit(".", 1)[-1]
        if "_" in last or category.extension:  # piiaudit's own keys are nouns ("browser"); fideslang's may not be
            yield last.replace("_", " "), key


def read_phrase_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PhraseError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PhraseError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("categories", {}), dict):
        raise PhraseError(f"{path}: expected a mapping with `categories: {{key: [phrases]}}`")
    return data


def load_phrase_book(taxonomy: Taxonomy, extra: Sequence[Path] = ()) -> PhraseBook:
    """The shipped phrase book, the taxonomy's own names, then each ``extra`` file (whose phrases win)."""
    shipped = package_data("category_phrases.yaml")
    excluded = {compact(t) for t in shipped.get("exclude_taxonomy_names") or []}
    phrases: dict[str, Phrase] = {}
    generic: set[str] = set()
    sources: list[tuple[dict[str, Any], str]] = [(shipped, "category_phrases.yaml")]
    sources += [(read_phrase_file(path), str(path)) for path in extra]
    for data, origin in sources:
        add_file(phrases, generic, data, origin, taxonomy, override=origin != "category_phrases.yaml")
        if origin == "category_phrases.yaml":
            for text, key in taxonomy_phrases(taxonomy, excluded):
                add(phrases, text, (key,), "taxonomy", override=False)
    return PhraseBook(phrases, frozenset(generic), taxonomy)


def add_file(
    phrases: dict[str, Phrase],
    generic: set[str],
    data: dict[str, Any],
    origin: str,
    taxonomy: Taxonomy,
    override: bool,
) -> None:
    for key, texts in (data.get("categories") or {}).items():
        check_key(key, taxonomy, origin)
        for text in texts or []:
            add(phrases, str(text), (key,), origin, override)
    for text, keys in (data.get("ambiguous") or {}).items():
        for key in keys:
            check_key(key, taxonomy, origin)
        for variant in phrase_variants(str(text).lower()):
            phrases[compact(variant)] = Phrase(str(text), tuple(keys), origin)
    for text in data.get("ignore") or []:
        for variant in phrase_variants(str(text).lower()):
            phrases.setdefault(compact(variant), Phrase(str(text), (), origin))
    generic.update(compact(str(t)) for t in data.get("generic") or [])


def check_key(key: str, taxonomy: Taxonomy, origin: str) -> None:
    if key not in taxonomy:
        raise PhraseError(f"{origin}: unknown data category {key!r}")
    if key in ROOT_TERMS:
        raise PhraseError(f"{origin}: root term {key!r} names no data category")


def add(phrases: dict[str, Phrase], text: str, keys: tuple[str, ...], origin: str, override: bool) -> None:
    """Add a phrase; the same words under another key make it ambiguous (the earlier key stays first)."""
    for variant in phrase_variants(text.lower()):
        packed = compact(variant)
        if not packed:
            continue
        known = phrases.get(packed)
        if known is None or (not known.keys and override):
            phrases[packed] = Phrase(text, keys, origin)
        elif override:
            rest = tuple(k for k in known.keys if k not in keys)
            phrases[packed] = Phrase(text, keys + rest, origin)
        elif known.keys:
            extra = tuple(k for k in keys if k not in known.keys)
            if extra and extra[0].startswith(known.keys[0] + "."):
                # a category's own name beats a phrase for its parent: "browser" → the browser key, if any
                phrases[packed] = Phrase(text, extra + known.keys, "taxonomy")
            elif extra:
                phrases[packed] = Phrase(known.text, known.keys + extra, known.origin)
