"""Detection stage: runs the detectors over field batches and yields masked, located occurrences.

Per container the engine decides once, from a sample of its first values, whether the values are
prose (free text, scanned with positions and named-entity recognition) or structured cells, unless
the source knows; the sample, the column name and the field's meaning, where a recognised format
knows it, are passed to every detector as context. Repeated values in a container are analysed once.
Where detectors overlap on the same characters the most confident match wins (a Caller ID over the
phone number inside it; a Luhn-valid card over a phone-shaped digit run). A structured column has an
owner where one detector matches most of its sample whole (the e-mail detector in an e-mail column): a
value the owner matches whole is the owner's, whatever else matches inside it. The owner is asked
first, and a value it matches whole, or that any detector matches whole with full confidence, is not
offered to the detectors after it (``Engine.turns``); between equal matches the earlier detector wins.
A qualifier that depends on when the record was made (a date of birth's age) is taken at the record's
own date where the batch knows it (``FieldBatch.record_dates``). An occurrence carries the value only
as the detector that found it masks it (``Detector.MASK``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress

from piiaudit.detectors.base import Detector, resolve_overlaps
from piiaudit.detectors.column import Column
from piiaudit.scanner.model import FieldBatch, FieldContext, Match, Occurrence
from piiaudit.scanner.model.settings import ScanConfig

COLUMN_SAMPLE = 50
FREE_TEXT_MIN_WORDS = 4.0
PROSE_LOWER_SHARE = 1 / 3  # of a sample's words that are lower-case words in sentences, not in names or addresses
WORD_EDGES = ".,;:!?\"'()[]"
VALUE_CACHE = 4096  # distinct values per container whose matches are remembered
TURNS_KEPT = 4096  # containers whose detector order is remembered
OWNER_SHARE = 0.8  # of a column's sample that one detector matches whole for it to own the column
CACHED_VALUE_CHARS = 256  # longer values (prose) rarely repeat and are not remembered


def column_sample(values: Sequence[str]) -> tuple[str, ...]:
    """The first non-empty values of a container: what column-level decisions are made from."""
    sample = []
    for value in values:
        if value.strip():
            sample.append(value)
            if len(sample) == COLUMN_SAMPLE:
                break
    return tuple(sample)


YOUNG_COLLECTION_ALLOCATIONS = 20_000  # net new objects between two collections of the youngest generation


@contextmanager
def collections_spaced() -> Iterator[None]:
    """Python's garbage collector runs less often inside (every ``YOUNG_COLLECTION_ALLOCATIONS`` new objects, not
    700): a scan makes and drops objects by the million (values, matches, occurrences), none in reference cycles,
    and most of those a collection walks are still in use, to be walked again by the older generations' collections
    (a full one walks everything alive). Cycles are still collected, a little later."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_COLLECTION_ALLOCATIONS), middle, old)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic garbage collection inside: detection makes objects by the hundred thousand (matches, their
    reasons), none in a reference cycle, and collections that ran among them walked every one still alive,
    more of them the larger the batch. Cycles made meanwhile are collected by the first collection after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def whole(match: Match, value: str) -> bool:
    """Whether ``match`` covers all of ``value``."""
    return match.start == 0 and match.end == len(value)


@dataclass(frozen=True)
class Turns:
    """The order in which detectors are asked about one container's values, and the column's owner, if any."""

    order: list[Detector]
    owner: str | None = None  # the detector whose whole-value matches are final in this column

    def claims(self, match: Match, value: str) -> bool:
        """Whether ``match`` settles ``value``: the owner's whole-value match, or any whole-value match with full
        confidence (no match in the value could outrank it)."""
        return whole(match, value) and (match.score >= 1.0 or match.detector == self.owner)

    def resolve(self, value: str, hits: list[Match]) -> list[Match]:
        """The matches that stand in ``value``: the owner's whole-value match alone, else ``resolve_overlaps``."""
        if len(hits) < 2:
            return hits
        for m in hits:
            if m.detector == self.owner and whole(m, value):
                return [m]
        return resolve_overlaps(hits)


def looks_like_free_text(sample: Sequence[str]) -> bool:
    """Prose rather than cells: four or more words a value on average, and they read like sentences.

    Sentences are held together by lower-case words ("asked for a callback"); a street address, a
    title or a user agent has as many words but few of them, and is scanned as cells.
    """
    words = [w.strip(WORD_EDGES) for v in sample for w in v.split()]
    if not sample or len(words) < FREE_TEXT_MIN_WORDS * len(sample):
        return False
    return sum(w.isalpha() and w.islower() for w in words) >= PROSE_LOWER_SHARE * len(words)


def profile(
    container: str | None, values: Sequence[str], free_text: bool | None, meaning: str | None = None
) -> FieldContext:
    """A container's context from its first values (free text or not: unless the source already knows)."""
    sample = column_sample(values)
    return FieldContext(container, looks_like_free_text(sample) if free_text is None else free_text, sample, meaning)


@dataclass
class Engine:
    """Applies ``detectors`` to batches under one scan configuration."""

    detectors: list[Detector]
    config: ScanConfig = field(default_factory=ScanConfig)
    thorough: bool = False  # every detector on every value, one at a time: the reference the fast path must equal
    _contexts: dict[tuple[str, str | None], FieldContext] = field(default_factory=dict)
    _cache: dict[tuple[str, str | None], dict[str, Sequence[Match]]] = field(default_factory=dict)
    _masks: dict[str, Callable[[str], str]] = field(init=False)  # detector name → its mask
    _dated: dict[str, Callable[[str, str], str | None]] = field(init=False)  # name → its detail at a record's date
    _turns: dict[FieldContext, Turns] = field(default_factory=dict)  # per container context
    _settled: bool = field(default=False, init=False)  # whether what the detectors load on first use has been frozen

    def __post_init__(self) -> None:
        self._masks = {d.NAME: d.mask for d in self.detectors}
        self._dated = {d.NAME: d.detail_on for d in self.detectors if d.dated()}

    def field_context(self, source: str, batch: FieldBatch) -> FieldContext:
        """The container's context, decided from its first batch and kept for the rest."""
        key = (source, batch.container)
        if key not in self._contexts:
            self._contexts[key] = profile(batch.container, batch.values, batch.free_text, batch.meaning)
        return self._contexts[key]

    def matches(self, source: str, batch: FieldBatch, where: FieldContext) -> Mapping[str, Sequence[Match]]:
        """Matches of the batch's distinct values that have any; values seen before in the container are not
        re-analysed (a container whose batches bring more new values than the cache holds is not remembered)."""
        if self.thorough:
            return {v: hits for v in batch.values if (hits := self.analyse_one(v, where))}
        cache = self._cache.setdefault((source, batch.container), {})
        distinct = dict.fromkeys(batch.values)
        fresh = [v for v in distinct if v not in cache] if cache else list(distinct)
        found: dict[str, list[Match]] = {}
        if fresh:
            turns = self.turns(where)
            with collection_paused():
                self._detect(fresh, where, turns, found)
            for value, hits in found.items():
                if len(hits) > 1:
                    found[value] = turns.resolve(value, hits)
            self._settle()
        if len(fresh) > VALUE_CACHE // 2:
            return found  # mostly new values: a cache would only hold them until the next batch
        result: dict[str, Sequence[Match]] = {v: known for v in distinct if (known := cache.get(v))} if cache else {}
        result.update(found)
        if len(cache) + len(fresh) > VALUE_CACHE:
            cache.clear()
        cache.update((v, found.get(v, ())) for v in fresh if len(v) <= CACHED_VALUE_CHARS)
        return result

    def _detect(self, values: list[str], where: FieldContext, turns: Turns, found: dict[str, list[Match]]) -> None:
        """Every detector's matches above the floor in distinct ``values``, added to ``found``.

        A value that a detector claims (``Turns.claims``) is not offered to the detectors after it: none of their
        matches in it could outlast that one when overlaps are resolved (``Turns.resolve``: it would share characters
        with it and score no higher, and ties go to the earlier detector). What the detectors share about the values
        still open is worked out once per narrowing (``Column``).
        """
        floor = self.config.min_confidence
        column = Column(values)
        for detector in turns.order:
            claimed = set()
            open_values, results = column.values, detector.find_column(column, where)
            if len(results) != len(open_values):
                raise ValueError(f"detector {detector.NAME!r} answered {len(results)} of {len(open_values)} values")
            for i in compress(range(len(open_values)), results):  # only the values with hits, picked out in C
                value = open_values[i]
                for m in results[i]:
                    if m.score >= floor:
                        hits = found.get(value)
                        if hits is None:
                            found[value] = [m]
                        else:
                            hits.append(m)
                        if turns.claims(m, value):
                            claimed.add(value)
            if claimed:
                column = Column([v for v in column.values if v not in claimed])
                if not column.values:
                    return

    def _settle(self) -> None:
        """Once the first values are analysed, the models detectors load on first use (spaCy) are loaded and
        live as long as the process: they are frozen out of the garbage collector's sight (``gc.freeze``), so
        that its full collections, run every few hundred thousand new objects, stop walking them."""
        if not self._settled:
            gc.freeze()
            self._settled = True

    def turns(self, where: FieldContext) -> Turns:
        """Who is asked first about a structured container, decided once from its sample: the detectors that match
        more of its values whole go first (the others keep registry order), and one that matches at least
        ``OWNER_SHARE`` of them owns the column. Prose has no owner: registry order."""
        turns = self._turns.get(where)
        if turns is None:
            structured = not where.free_text and len(where.sample) > 1
            turns = self._rank(where) if structured else Turns(self.detectors)
            if len(self._turns) >= TURNS_KEPT:
                self._turns.clear()
            self._turns[where] = turns
        return turns

    def _rank(self, where: FieldContext) -> Turns:
        floor = self.config.min_confidence
        column = Column(where.sample)
        wholes = []  # per detector: how many sampled values it matches whole
        for detector in self.detectors:
            found = detector.find_column(column, where)
            wholes.append(
                sum(
                    any(m.score >= floor and whole(m, v) for m in hits)
                    for v, hits in zip(where.sample, found, strict=True)
                )
            )
        ranked = sorted(range(len(wholes)), key=lambda i: -wholes[i])  # stable: ties keep registry order
        first = ranked[0]
        owner = self.detectors[first].NAME if wholes[first] >= OWNER_SHARE * len(where.sample) else None
        return Turns([self.detectors[i] for i in ranked], owner)

    def analyse_one(self, value: str, where: FieldContext) -> list[Match]:
        floor = self.config.min_confidence
        turns = self.turns(where)
        return turns.resolve(value, [m for d in turns.order for m in d.find(value, where) if m.score >= floor])

    def scan(self, source: str, batch: FieldBatch, where: FieldContext | None = None) -> list[Occurrence]:
        """All occurrences in one batch (masked by their detectors), above the minimum confidence, not allow-listed."""
        return [occurrence for _, occurrence in self.locate(source, batch, where)]

    def locate(
        self, source: str, batch: FieldBatch, where: FieldContext | None = None
    ) -> Iterator[tuple[int, Occurrence]]:
        """Each occurrence with the index of the batch value it was found in, in batch order.

        ``where`` is the container's context when it was decided elsewhere (by a Spark driver);
        by default it is decided from the container's first batch.
        """
        allow = self.config.allow
        container = batch.container
        if allow.allows_container(source, container):
            return
        where = where or self.field_context(source, batch)
        per_value = self.matches(source, batch, where)
        dates = batch.record_dates if self._dated else None
        value_rules, masks, dated = allow.has_value_rules, self._masks, self._dated
        rows, values = batch.rows, batch.values
        if len(rows) != len(values):
            raise ValueError(f"a batch of {len(values)} values has {len(rows)} rows")
        for index in compress(range(len(values)), map(per_value.__contains__, values)):  # values with matches
            row, value = rows[index], values[index]
            for m in per_value[value]:
                text = value[m.start : m.end]
                if value_rules and allow.allows_value(text):
                    continue
                detail = m.detail
                if dates and row in dates and m.detector in dated:
                    detail = dated[m.detector](text, dates[row]) or detail
                yield (
                    index,
                    Occurrence(
                        source,
                        container,
                        row,
                        m.start,
                        m.end,
                        m.entity,
                        m.detector,
                        m.score,
                        masks[m.detector](text),
                        m.reasons,
                        detail,
                    ),
                )

    def assume(self, source: str, contexts: dict[str | None, FieldContext]) -> None:
        """Take the containers' contexts decided elsewhere (from the whole file, for a worker reading a part)."""
        self._contexts.update(((source, container), where) for container, where in contexts.items())

    def forget(self, source: str) -> None:
        """Drop per-container decisions and caches of a finished source."""
        for key in [k for k in self._contexts if k[0] == source]:
            del self._contexts[key]
            self._cache.pop(key, None)
