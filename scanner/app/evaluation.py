"""Precision and recall per entity on a labelled corpus, for piiaudit and for stock Presidio side by side.

Labels are a CSV of ``source,container,row,entity`` with one line per planted occurrence (see
``sample_data/expected_findings.csv``). A prediction counts as correct when the same entity is
found in the same cell (source, container, row); several occurrences in one cell count separately.
Stock Presidio runs as shipped (``AnalyzerEngine`` with its default recognizers and score
threshold) on exactly the same values, with its entity names mapped onto piiaudit's.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from piiaudit.detectors.registry import load_detectors
from piiaudit.scanner.engine.detection import Engine
from piiaudit.scanner.model import FieldBatch, Occurrence
from piiaudit.scanner.run.local import Scan
from piiaudit.scanner.sources import Source, discover

Cell = tuple[str, str, int, str]  # source, container ("" for none), row, entity
PRESIDIO_ENTITIES = {
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "IP_ADDRESS": "IP_ADDRESS",
    "PERSON": "PERSON",
    "US_SSN": "US_SSN",
    "AU_TFN": "AU_TFN",
    "AU_ABN": "AU_ABN",
    "IBAN_CODE": "IBAN_CODE",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
    "US_PASSPORT": "PASSPORT",
    "US_DRIVER_LICENSE": "DRIVERS_LICENSE",
}


@dataclass(frozen=True)
class Score:
    entity: str
    expected: int
    found: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class Evaluation:
    name: str
    scores: dict[str, Score]
    seconds: float
    values: int


def load_labels(path: Path) -> Counter[Cell]:
    with path.open(newline="", encoding="utf-8") as handle:
        return Counter((r["source"], r["container"] or "", int(r["row"]), r["entity"]) for r in csv.DictReader(handle))


def score(expected: Counter[Cell], predicted: Counter[Cell]) -> dict[str, Score]:
    """Per-entity counts; a cell's occurrences are matched up to the smaller of the two counts."""
    entities = sorted({c[3] for c in expected} | {c[3] for c in predicted})
    out = {}
    for entity in entities:
        exp = Counter({c: n for c, n in expected.items() if c[3] == entity})
        pred = Counter({c: n for c, n in predicted.items() if c[3] == entity})
        out[entity] = Score(entity, sum(exp.values()), sum(pred.values()), sum((exp & pred).values()))
    return out


def stock_presidio() -> Callable[[str], list[tuple[str, int, int]]]:
    """Presidio's ``AnalyzerEngine`` as shipped, on the same offline spaCy model piiaudit uses."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from piiaudit.detectors.names import SPACY_MODEL

    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    return lambda text: [(r.entity_type, r.start, r.end) for r in analyzer.analyze(text=text, language="en")]


def batches(sources: Iterable[Source]) -> Iterable[tuple[str, FieldBatch]]:
    for source in sources:
        for item in source.read():
            if isinstance(item, FieldBatch):
                yield source.uri, item


def evaluate_presidio(sources: list[Source]) -> tuple[float, int, Counter[Cell]]:
    analyze = stock_presidio()
    predicted: Counter[Cell] = Counter()
    values = 0
    started = time.perf_counter()
    for uri, batch in batches(sources):
        for row, value in zip(batch.rows, batch.values, strict=True):
            values += 1
            for entity, _, _ in analyze(value):
                if entity in PRESIDIO_ENTITIES:
                    predicted[(uri, batch.container or "", row, PRESIDIO_ENTITIES[entity])] += 1
    return time.perf_counter() - started, values, predicted


def labels_uri(corpus: Path, labels: Path) -> str | None:
    """The labels file's uri among the corpus' sources (None when it lies outside the corpus)."""
    try:
        return labels.resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        return None


def evaluate_corpus(
    corpus: Path, labels: Path, engine: Engine | None = None, with_presidio: bool = True
) -> tuple[list[Evaluation], int]:
    """Evaluate piiaudit (every installed detector, unless ``engine`` is given) and stock Presidio on every
    labelled file of ``corpus``; returns the evaluations and the total bytes read."""
    engine = engine or Engine(load_detectors())
    expected = load_labels(labels)
    sources = [s for s in discover([corpus]) if s.uri != labels_uri(corpus, labels)]
    size = sum(s.size for s in sources)
    results = []
    predicted: Counter[Cell] = Counter()

    def collect(occurrences: list[Occurrence]) -> None:
        predicted.update((o.source, o.container or "", o.row, o.entity) for o in occurrences)

    started = time.perf_counter()
    Scan(engine, on_occurrences=collect).run(sources, [corpus])
    results.append(Evaluation("piiaudit", score(expected, predicted), time.perf_counter() - started, 0))
    if with_presidio:
        seconds, values, presidio_predicted = evaluate_presidio(sources)
        results.append(Evaluation("presidio", score(expected, presidio_predicted), seconds, values))
    return results, size
