"""Precision and recall per entity on a labelled corpus, for piiaudit and for stock Presidio side by side.

Labels are a CSV of ``source,container,row,entity[,start,end]`` with one line per planted occurrence
(see ``sample_data/expected_findings.csv``); ``start`` and ``end`` are the occurrence's character
offsets in its value. A finding is correct when it has the label's entity, in the label's cell
(source, container, row), with exactly the label's span: a finding that covers a little more or less
(``206) 285-3867`` for ``(206) 285-3867``), of another entity, or found twice counts as a false
positive, and the label it missed as a false negative. Each finding matches one label at most. A
label without a span (a labels file of four columns) matches any finding of its entity in its cell.

Presidio runs with its own recognizers on exactly the same values, on equal terms: the same minimum
score as piiaudit's (``min_confidence``), its phone recognizer reading the same regions
(``DEFAULT_REGIONS``), and its Australian recognizers (ABN, TFN; off in its defaults) switched on;
its entity names are mapped onto piiaudit's.
"""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from piiaudit.detectors.registry import load_detectors
from piiaudit.scanner.engine.detection import Engine
from piiaudit.scanner.model import FieldBatch, Occurrence
from piiaudit.scanner.model.settings import DEFAULT_REGIONS
from piiaudit.scanner.run.local import Scan
from piiaudit.scanner.sources import Source, discover

Cell = tuple[str, str, int, str]  # source, container ("" for none), row, entity
Span = tuple[int, int]
Labels = dict[Cell, list[Span | None]]  # a label's span, or None where the labels file gives none
Found = dict[Cell, list[Span]]
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


def load_labels(path: Path) -> Labels:
    labels: Labels = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            span = (int(r["start"]), int(r["end"])) if r.get("start") and r.get("end") else None
            labels[(r["source"], r["container"] or "", int(r["row"]), r["entity"])].append(span)
    return dict(labels)


def matched(labels: list[Span | None], found: list[Span]) -> int:
    """How many findings of one cell and entity match its labels: same span, each finding and label once."""
    left = Counter(found)
    correct = 0
    for span in labels:
        if span is not None and left[span] > 0:
            left[span] -= 1
            correct += 1
    return correct + min(labels.count(None), left.total())


def score(expected: Labels, predicted: Found) -> dict[str, Score]:
    """Per-entity counts of labels, findings and findings that match a label (``matched``)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cell in expected.keys() | predicted.keys():
        labels, found = expected.get(cell, []), predicted.get(cell, [])
        counts = totals[cell[3]]
        counts[0] += len(labels)
        counts[1] += len(found)
        counts[2] += matched(labels, found)
    return {entity: Score(entity, *totals[entity]) for entity in sorted(totals)}


def cell_counts(labels: Labels) -> Counter[Cell]:
    """How many labels each cell has, spans set aside."""
    return Counter({cell: len(spans) for cell, spans in labels.items()})


def score_cells(expected: Counter[Cell], predicted: Counter[Cell]) -> dict[str, Score]:
    """``score`` by cell alone, for labels without spans (the benchmark's): a cell's findings match its labels up
    to the smaller count."""
    return score({c: [None] * n for c, n in expected.items()}, {c: [(0, 0)] * n for c, n in predicted.items()})


def stock_presidio(min_score: float) -> Callable[[str], list[tuple[str, int, int]]]:
    """Presidio's ``AnalyzerEngine`` with its own recognizers, on the same offline spaCy model piiaudit uses,
    at piiaudit's minimum score, reading phone numbers of piiaudit's default regions, with its Australian
    recognizers on."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import AuAbnRecognizer, AuTfnRecognizer, PhoneRecognizer

    from piiaudit.detectors.names import SPACY_MODEL

    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    )
    nlp_engine = provider.create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("PhoneRecognizer")
    for recognizer in (PhoneRecognizer(supported_regions=DEFAULT_REGIONS), AuAbnRecognizer(), AuTfnRecognizer()):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=["en"], default_score_threshold=min_score
    )
    return lambda text: [(r.entity_type, r.start, r.end) for r in analyzer.analyze(text=text, language="en")]


def batches(sources: Iterable[Source]) -> Iterable[tuple[str, FieldBatch]]:
    for source in sources:
        for item in source.read():
            if isinstance(item, FieldBatch):
                yield source.uri, item


def evaluate_presidio(sources: list[Source], min_score: float) -> tuple[float, int, Found]:
    analyze = stock_presidio(min_score)
    predicted: Found = defaultdict(list)
    values = 0
    started = time.perf_counter()
    for uri, batch in batches(sources):
        for row, value in zip(batch.rows, batch.values, strict=True):
            values += 1
            for entity, start, end in analyze(value):
                if entity in PRESIDIO_ENTITIES:
                    predicted[(uri, batch.container or "", row, PRESIDIO_ENTITIES[entity])].append((start, end))
    return time.perf_counter() - started, values, dict(predicted)


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
    predicted: Found = defaultdict(list)

    def collect(occurrences: list[Occurrence]) -> None:
        for o in occurrences:
            predicted[(o.source, o.container or "", o.row, o.entity)].append((o.start, o.end))

    started = time.perf_counter()
    Scan(engine, on_occurrences=collect).run(sources, [corpus])
    results.append(Evaluation("piiaudit", score(expected, predicted), time.perf_counter() - started, 0))
    if with_presidio:
        seconds, values, presidio_predicted = evaluate_presidio(sources, engine.config.min_confidence)
        results.append(Evaluation("presidio", score(expected, presidio_predicted), seconds, values))
    return results, size
