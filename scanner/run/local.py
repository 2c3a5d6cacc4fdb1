"""Orchestration: sources → engine → findings, never stopping for a bad source; in parallel processes on request.

A scan survives its sources: a source that cannot be read, vanishes or changes while it is read
is reported as such and the scan goes on. Ctrl-C stops it cleanly: the result then says which
sources were scanned, which one was cut short and which were not reached. With a checkpoint,
finished sources are remembered and a later run skips them.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import os
import pickle
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from piiaudit.scanner.engine.aggregation import FindingCollector, Part, merge_into_datasets
from piiaudit.scanner.engine.detection import Engine, collections_spaced, profile
from piiaudit.scanner.model import (
    FieldBatch,
    FieldContext,
    Finding,
    FindingKey,
    Occurrence,
    RecordError,
    ScanResult,
    SourceResult,
    TableResult,
)
from piiaudit.scanner.model.settings import ScanConfig
from piiaudit.scanner.model.tables import OCCURRENCES_SCHEMA, occurrences_table
from piiaudit.scanner.run.checkpoint import Checkpoint
from piiaudit.scanner.sources import Source
from piiaudit.scanner.sources.base import Item
from piiaudit.scanner.sources.database import DatabaseSource
from piiaudit.scanner.sources.parts import FilePart, PartRead, known_containers, may_cut, read_jsonl_parts, source_parts
from piiaudit.scanner.sources.textio import UnreadableSource

log = logging.getLogger("piiaudit.scan")
OccurrenceSink = Callable[[list[Occurrence]], None]
OccurrenceTableSink = Callable[[pa.Table], None]  # occurrences as a table of ``OCCURRENCES_SCHEMA``
ProgressHook = Callable[[Source, int], None]  # (source, bytes done in it so far)
SPILL_CHUNK = 5000  # occurrences handed on at a time from a Spark run
NOT_REACHED = "not scanned: the scan was interrupted before this source"
CUT_SHORT = "interrupted while this source was read: its findings are incomplete"
PARTS_PER_WORKER = 8  # a large source is cut finer than the workers: one that finishes early takes the next part


def one_line(exc: BaseException) -> str:
    """An exception as a single readable line: ``UnicodeDecodeError: 'utf-8' codec can't decode …``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, UnreadableSource) else f"{type(exc).__name__}: {text}"


def failed(source: Source, error: str) -> SourceResult:
    """The result of a source that was not (fully) scanned, saying why."""
    return SourceResult(source.uri, source.kind, "error", error, dataset=source.dataset)


Outcome = tuple[SourceResult, list[Finding]]  # one file's result and findings (named by the file)


@dataclass(frozen=True)
class EngineSpec:
    """How to build the engine, so that worker processes can build the same one."""

    config: ScanConfig
    detector_names: tuple[str, ...] | None = None

    def build(self) -> Engine:
        from piiaudit.detectors.registry import load_detectors

        config = self.config
        return Engine(load_detectors(self.detector_names, config.detectors, config.regions), config)


@dataclass
class Scan:
    """One scan over a set of sources with one engine (and, with ``workers`` > 1, one per process)."""

    engine: Engine
    sample: int | None = None
    on_occurrences: OccurrenceSink | None = None
    # Given with ``on_occurrences`` (which still takes what is found in this process), worker processes hand their
    # occurrences to the parent as Arrow tables, passed on here: no object per occurrence is made again.
    on_occurrence_tables: OccurrenceTableSink | None = None
    on_source_done: ProgressHook | None = None
    workers: int = 1
    spec: EngineSpec | None = None
    checkpoint: Checkpoint | None = None

    def scan_source(
        self, source: Source, collector: FindingCollector | None = None
    ) -> tuple[SourceResult, list[Finding]]:
        """Read and scan one source; ``collector`` (given by the caller) keeps what was found if it is cut short."""
        collector = collector if collector is not None else FindingCollector()
        result = SourceResult(source.uri, source.kind, dataset=source.dataset)
        before = source.fingerprint()
        started = time.perf_counter()
        log.info("scanning %s (%s)", source.uri, source.kind)
        last_row = 0
        try:
            with collections_spaced():
                for item in source.read(self.sample):
                    last_row = max(last_row, self._take(source, item, result, collector))
        except Exception as exc:  # any reader failure is this source's error, never the scan's
            result.status, result.error = "error", one_line(exc)
            log.warning("%s: %s", source.uri, result.error)
        finally:
            self.engine.forget(source.uri)
        if result.tables:
            result.records = sum(table.records for table in result.tables)
        else:
            result.records = max([last_row, *(e.row for e in result.record_errors)])
        if result.status == "ok" and before is not None and source.fingerprint() != before:
            result.status = "error"
            result.error = "the file changed while it was read: its findings may be incomplete; scan it again"
        findings = collector.findings()
        log.info(
            "%s: %s, %d records, %d findings in %.2f s",
            source.uri, result.status, result.records, len(findings), time.perf_counter() - started,
        )  # fmt: skip
        return result, findings

    def _take(self, source: Source, item: Item, result: SourceResult, collector: FindingCollector) -> int:
        """Take one item of a source's reading; returns the last row of a batch of values (else 0)."""
        if isinstance(item, RecordError):
            result.record_errors.append(item)
            log.debug("%s: row %d: %s", source.uri, item.row, item.reason)
            return 0
        if isinstance(item, TableResult):
            result.tables.append(item)
            if item.status == "error":
                log.warning("%s: table %s: %s", source.uri, item.name, item.error)
            return 0
        occurrences = self.engine.scan(source.uri, item)
        log.debug("%s › %s: %d values, %d matches", source.uri, item.container, len(item.values), len(occurrences))
        collector.add(occurrences)
        if self.on_occurrences and occurrences:
            self.on_occurrences(occurrences)
        return item.rows[-1] if item.rows else 0

    def run(self, sources: Iterable[Source], roots: Iterable[object]) -> ScanResult:
        """Scan every source; findings are per dataset (``merge_into_datasets``), results per file."""
        started = datetime.now(UTC)
        clock = time.perf_counter()
        sources = list(sources)
        done, interrupted = self.outcomes(sources)
        return scan_result(sources, done, roots, started, time.perf_counter() - clock, self.sample, interrupted)

    def outcomes(self, sources: list[Source]) -> tuple[dict[str, Outcome], bool]:
        """Each scanned source's outcome by uri, and whether Ctrl-C stopped the scan."""
        done: dict[str, Outcome] = {}
        try:
            if self.workers > 1 and self.spec is not None and (len(sources) > 1 or may_cut(sources[0])):
                self._run_in_workers(sources, done, self.spec)
            else:
                self._run_here(sources, done)
        except KeyboardInterrupt:
            log.warning("interrupted after %d of %d sources", len(done), len(sources))
            return done, True
        return done, False

    def _resume(self, source: Source, done: dict[str, Outcome]) -> bool:
        stored = self.checkpoint.finished(source) if self.checkpoint else None
        if stored is not None:
            log.info("%s: finished in an earlier run (checkpoint)", source.uri)
            done[source.uri] = stored
        return stored is not None

    def _finish(self, source: Source, outcome: Outcome, done: dict[str, Outcome]) -> None:
        done[source.uri] = outcome
        if self.checkpoint is not None:
            self.checkpoint.record(source, *outcome)
        if self.on_source_done:
            self.on_source_done(source, source.size)

    def _run_here(self, sources: list[Source], done: dict[str, Outcome]) -> None:
        for source in sources:
            if self._resume(source, done):
                continue
            collector = FindingCollector()
            try:
                outcome = self.scan_source(source, collector)
            except KeyboardInterrupt:
                done[source.uri] = (failed(source, CUT_SHORT), collector.findings())
                raise
            self._finish(source, outcome, done)

    def _run_in_workers(self, sources: list[Source], done: dict[str, Outcome], spec: EngineSpec) -> None:
        """Sources across a process pool, a large file cut into parts that workers read side by side
        (``scanner.sources.parts``); occurrences come back through spill files, in order."""
        todo = [s for s in sources if not self._resume(s, done)]
        context = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(self.workers, context, initializer=_start_worker, initargs=(spec, self.sample))
        for _ in range(self.workers):
            pool.submit(int)  # each worker starts now (a pool starts one per task), while the parent cuts the files
        with tempfile.TemporaryDirectory(prefix="piiaudit-") as spill_dir:
            os.chmod(spill_dir, 0o700)
            spill = (spill_dir, self.on_occurrence_tables is not None) if self.on_occurrences else None
            try:
                submitted = {id(source): self._submit(pool, source, spill) for source in submission_order(todo)}
                for source in todo:
                    results = [future.result() for future in submitted[id(source)]]
                    if len(results) > 1 and any(result.status != "ok" for result, _, _ in results):
                        _discard(results)  # a part failed: the file is read whole, as one worker reads it
                        results = [pool.submit(_scan_in_worker, source, spill).result()]
                    for _, _, spill_path in results:
                        if spill_path:
                            self._pass_on(Path(spill_path))
                    self._finish(source, _merged(source, results), done)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)

    def _pass_on(self, spill_path: Path) -> None:
        """A worker's spilled occurrences, to the sink they were spilled for (their file says which)."""
        if spill_path.suffix == TABLE_SPILL:
            assert self.on_occurrence_tables is not None, "tables are spilled only for a table sink"
            for table in _read_table_spill(spill_path):
                self.on_occurrence_tables(table)
        else:
            assert self.on_occurrences is not None, "occurrences are spilled only for a sink"
            for chunk in _read_spill(spill_path):
                self.on_occurrences(chunk)

    def _submit(self, pool: ProcessPoolExecutor, source: Source, spill: Spill | None) -> list[Future[WorkerOutcome]]:
        """One task for the source, or one per part of a large file or of a database, each handed out as soon as its
        containers' contexts are decided (``parts_with_contexts``)."""
        parts = source_parts(source, self.workers * PARTS_PER_WORKER) if self.sample is None else None
        futures: list[Future[WorkerOutcome]] = []
        try:
            for part, contexts in parts_with_contexts(source, parts or []):
                futures.append(pool.submit(_scan_part_in_worker, part, contexts, spill))
        except Exception:  # the file is read whole: that reader reports the problem
            for future in futures:
                future.cancel()  # those already read spill into the scan's temporary folder, removed at its end
            futures = []
        return futures or [pool.submit(_scan_in_worker, source, spill)]


def submission_order(sources: list[Source]) -> list[Source]:
    """The order in which workers are handed the sources: those read whole first, then those cut into parts
    (``may_cut``), each largest first (a database server, whose size is not known, first of its group). The
    longest tasks start first and the parts, short and many, come last, so workers finish together; and the
    sources read whole keep the workers busy while the parent cuts the others."""
    return sorted(sources, key=lambda source: (may_cut(source), -(source.size or math.inf)))


TABLE_SPILL = ".arrow"
Spill = tuple[str, bool]  # (the folder of spill files, whether occurrences are spilled as Arrow tables)
Exported = list[tuple[FindingKey, list[Part]]]  # a worker's findings as parts, for the parent to merge
WorkerOutcome = tuple[SourceResult, Exported, str | None]  # (result, findings, spill file of occurrences)


def parts_with_contexts(
    source: Source, parts: list[FilePart] | list[DatabaseSource]
) -> Iterator[tuple[Source, dict[str | None, FieldContext]]]:
    """Each part with its containers' contexts as one reader of the whole file decides them (from each one's first
    batch), as soon as they are known: a JSON Lines file's part once the read has passed its end and every container
    met so far has its first batch; another file's parts once every container known in advance has one. Raises
    where the file cannot be read. (A database's parts are whole tables, whose containers' contexts each part
    decides as one reader does: none are needed.)"""
    file_parts = [part for part in parts if isinstance(part, FilePart)]
    if not file_parts:  # a database's parts, or none
        yield from ((part, {}) for part in parts)
        return
    contexts: dict[str | None, FieldContext] = {}
    expected = known_containers(file_parts[0])
    items = read_jsonl_parts(file_parts) if expected is None else source.read()
    waiting: deque[PartRead] = deque()
    for item in items:
        if isinstance(item, PartRead):
            waiting.append(item)
        elif isinstance(item, FieldBatch) and item.container not in contexts:
            contexts[item.container] = profile(item.container, item.values, item.free_text, item.meaning)
            if expected is not None and expected <= contexts.keys():
                break
        while waiting and waiting[0].containers <= contexts.keys():
            yield waiting.popleft().part, dict(contexts)  # a copy: the pool pickles it later, as this read goes on
    rest = file_parts if expected is not None else [read.part for read in waiting]
    yield from ((part, contexts) for part in rest)


def _merged(source: Source, results: list[WorkerOutcome]) -> Outcome:
    """One outcome from the task of a source, or from the tasks of its parts: their findings' parts merged."""
    collector = FindingCollector()
    if len(results) == 1:
        merged = results[0][0]
    else:
        merged = SourceResult(source.uri, source.kind, dataset=source.dataset)
        for result, _, _ in results:
            merged.records = max(merged.records, result.records)
            merged.record_errors.extend(result.record_errors)
            merged.tables.extend(result.tables)
        if merged.tables:  # a database's parts: their tables' rows
            merged.records = sum(table.records for table in merged.tables)
    for _, exported, _ in results:
        for key, parts in exported:
            for part in parts:
                collector.merge(key, part)
    return merged, collector.findings()


def _discard(results: list[WorkerOutcome]) -> None:
    for _, _, spill_path in results:
        if spill_path:
            Path(spill_path).unlink(missing_ok=True)


def scan_result(
    sources: list[Source],
    done: dict[str, Outcome],
    roots: Iterable[object],
    started: datetime,
    seconds: float,
    sample: int | None,
    interrupted: bool,
) -> ScanResult:
    """The result of a scan: a result per source (not reached: saying so), findings per dataset."""
    return ScanResult(
        root=", ".join(str(r) for r in roots),
        sources=[done[s.uri][0] if s.uri in done else failed(s, NOT_REACHED) for s in sources],
        findings=merge_into_datasets((s.dataset, done[s.uri][1]) for s in sources if s.uri in done),
        started_at=started.isoformat(timespec="seconds"),
        duration_s=round(seconds, 3),
        sample=sample,
        interrupted=interrupted,
    )


_worker_scan: Scan | None = None


def _start_worker(spec: EngineSpec, sample: int | None) -> None:
    global _worker_scan
    _worker_scan = Scan(spec.build(), sample=sample)


def _scan_in_worker(source: Source, spill: Spill | None) -> WorkerOutcome:
    """A source, or a part of one (``source_parts``), read by a worker; its findings go back as parts to merge,
    its occurrences in a spill file: as Arrow tables where the parent passes tables on, else pickled."""
    assert _worker_scan is not None, "worker not initialised"
    scan, collector, spill_path = _worker_scan, FindingCollector(), None
    if not spill:
        result, _ = scan.scan_source(source, collector)
        return result, collector.export(), None
    spill_dir, as_tables = spill
    fd, spill_path = tempfile.mkstemp(dir=spill_dir, suffix=TABLE_SPILL if as_tables else ".pickle")
    with open(fd, "wb") as handle, spill_writer(handle, as_tables) as write:
        scan.on_occurrences = write
        result, _ = scan.scan_source(source, collector)
    scan.on_occurrences = None
    return result, collector.export(), spill_path


@contextlib.contextmanager
def spill_writer(handle: BinaryIO, as_tables: bool) -> Iterator[OccurrenceSink]:
    """Where a worker's occurrences go: an Arrow stream of tables, or pickled lists (four times cheaper to write
    than JSON, and twice to read; they keep every field, where the tables keep those of the occurrences file)."""
    if not as_tables:
        yield lambda occurrences: pickle.dump(list(occurrences), handle, pickle.HIGHEST_PROTOCOL)
        return
    with pa.ipc.new_stream(handle, OCCURRENCES_SCHEMA) as stream:
        yield lambda occurrences: stream.write_table(occurrences_table(occurrences))


def _scan_part_in_worker(part: Source, contexts: dict[str | None, FieldContext], spill: Spill | None) -> WorkerOutcome:
    """A part of a file or a database, with the containers' contexts decided for the whole source."""
    assert _worker_scan is not None, "worker not initialised"
    _worker_scan.engine.assume(part.uri, contexts)
    return _scan_in_worker(part, spill)


def _read_spill(path: Path) -> Iterator[list[Occurrence]]:
    """The occurrences a worker spilled, chunk by chunk. Only this scan's own workers write these files, in
    its private (0700) temporary folder, so unpickling them loads nothing from outside."""
    with path.open("rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                break
    path.unlink()


def _read_table_spill(path: Path) -> Iterator[pa.Table]:
    """The occurrence tables a worker spilled, one by one (see ``_read_spill`` for where they come from)."""
    with pa.ipc.open_stream(path) as stream:
        for batch in stream:
            yield pa.Table.from_batches([batch])
    path.unlink()
