"""The Spark engine's driver: the same findings as the local engine, computed on a Spark cluster.

1. Spark reads every file it can read alike (see ``plan``): the lines of CSV, JSON Lines and text
   files are numbered in file order (``zipWithIndex``), Parquet rows by ``_metadata.row_index``, a
   JSON document is read whole; executors turn records into cells with the local readers' functions.
2. The cells are kept (memory, then disk) for two passes. The first brings the driver each
   container's first values, the record errors and each source's extent; the driver decides every
   container's context from its first ``COLUMN_SAMPLE`` values in file order, as the local engine
   does, and broadcasts the contexts.
3. The second pass runs the detectors on the executors (``mapInArrow``, one engine per Python
   worker) and summarises each partition's occurrences into finding parts that carry the places
   they were first met in; the driver merges them into the findings the local collector makes
   (``scanner.engine.aggregation``). No step shuffles data.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial, reduce
from typing import Any

from py4j.protocol import Py4JError
from pyspark import RDD, SparkContext, StorageLevel
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql import functions as F

from piiaudit.scanner.engine.aggregation import FindingCollector
from piiaudit.scanner.engine.detection import COLUMN_SAMPLE, profile
from piiaudit.scanner.model import FieldContext, Finding, Occurrence, RecordError, ScanResult, SourceResult, TableResult
from piiaudit.scanner.run.local import SPILL_CHUNK, EngineSpec, OccurrenceSink, Outcome, Scan, failed, scan_result
from piiaudit.scanner.run.spark import DEFAULT_MASTER
from piiaudit.scanner.run.spark.plan import JdbcRead, JdbcTable, SparkRead, plan_read
from piiaudit.scanner.run.spark.session import first_line, spark_session
from piiaudit.scanner.run.spark.tasks import (
    CELL_SCHEMA,
    ERROR,
    EXTENT,
    FILE_PATH,
    HEAD,
    OCCURRENCE_SCHEMA,
    PARTS_SCHEMA,
    ROW_INDEX,
    SPLIT,
    UNREADABLE,
    VALUE,
    FileCells,
    LineCells,
    csv_line_cells,
    ddl,
    detect,
    line_cells,
    parquet_cells,
    summarise,
    table_cells,
    text_line_cells,
    whole_file_cells,
)
from piiaudit.scanner.sources import Source
from piiaudit.scanner.sources.documents import jsonl_cells

SPANS_LINES = "a quoted CSV field spans lines, so Spark cannot split the file by line"
WHOLE_FILE_BYTES = 32 * 1024 * 1024  # the files of a dataset up to this size are read whole, one input together
ContainerKey = tuple[int, str | None]
Read = SparkRead | JdbcRead


@dataclass
class SparkScan:
    """A scan whose files Spark reads and scans; sources it cannot read alike go through the local ``scan``."""

    scan: Scan
    master: str = DEFAULT_MASTER
    on_local: Callable[[Source, str], None] | None = None  # told which source is scanned locally, and why

    def run(self, sources: list[Source], roots: Iterable[object]) -> ScanResult:
        started, clock = datetime.now(UTC), time.perf_counter()
        reads: dict[int, Read] = {}
        local: dict[int, str] = {}
        for index, source in enumerate(sources):
            read = plan_read(source, self.scan.sample)
            if isinstance(read, str):
                local[index] = read
            else:
                reads[index] = read
        done: dict[str, Outcome] = {}
        if reads:
            spark_results, findings = self.run_on_spark(list(reads.values()))
            by_file: dict[str, list[Finding]] = defaultdict(list)
            for finding in findings:
                by_file[finding.source].append(finding)
            for index, result in zip(reads, spark_results, strict=True):
                if isinstance(result, SourceResult):
                    done[sources[index].uri] = (result, by_file[sources[index].uri])
                else:
                    local[index] = result
        for index in sorted(local):
            if self.on_local:
                self.on_local(sources[index], local[index])
        scanned_locally, interrupted = self.scan.outcomes([sources[i] for i in sorted(local)])
        done.update(scanned_locally)
        seconds = time.perf_counter() - clock
        return scan_result(sources, done, roots, started, seconds, self.scan.sample, interrupted)

    def run_on_spark(self, reads: list[Read]) -> tuple[list[SourceResult | str], list[Finding]]:
        """Results (or why to scan locally) and findings of the Spark sources; a failed job fails them all."""
        if self.scan.spec is None:
            raise ValueError("the Spark engine needs the scan's EngineSpec to build engines on executors")
        with spark_session(self.master) as spark:
            try:
                outcome = SparkJob(spark, reads, self.scan.spec, self.scan.sample).run(self.scan.on_occurrences)
            except Exception as exc:  # a job that fails (a lost executor, a file gone) fails its sources, not the scan
                error = without_passwords(f"Spark job failed: {first_line(exc)}", reads)
                outcome = [failed(r.source, error) for r in reads], []
        if self.scan.on_source_done:
            for read in reads:
                self.scan.on_source_done(read.source, read.source.size)
        return outcome


def without_passwords(message: str, reads: Iterable[Read]) -> str:
    """An error message with the databases' passwords (if any slipped in) blanked."""
    for read in reads:
        if isinstance(read, JdbcRead) and read.password:
            message = message.replace(read.password, "***")
    return message


@dataclass
class SparkJob:
    """One scan of ``reads`` on ``spark``; a source's index in ``reads`` is its ``source`` number in the cells.

    Results are a ``SourceResult`` per source, or why it is to be scanned by the local engine instead.
    """

    spark: SparkSession
    reads: list[Read]
    spec: EngineSpec
    sample: int | None = None

    @property
    def uris(self) -> list[str]:
        return [read.source.uri for read in self.reads]

    def run(self, sink: OccurrenceSink | None = None) -> tuple[list[SourceResult | str], list[Finding]]:
        frame, local = self.cells()
        if frame is None:
            return [local[i] for i in range(len(self.reads))], []
        cells = frame.persist(StorageLevel.MEMORY_AND_DISK)  # read and parsed once for both passes
        occurrences = None
        try:
            contexts, results = self.survey(cells, local)
            scanned = [
                i for i, result in enumerate(results) if isinstance(result, SourceResult) and result.status == "ok"
            ]
            shared = self.spark.sparkContext.broadcast((self.uris, contexts))
            values = cells.where((F.col("kind") == VALUE) & F.col("source").isin(scanned))
            occurrences = values.mapInArrow(partial(detect, self.spec, shared), ddl(OCCURRENCE_SCHEMA))
            if sink is not None:  # kept for the second use
                occurrences = occurrences.persist(StorageLevel.MEMORY_AND_DISK)
            findings = merge_parts(occurrences.mapInArrow(summarise, ddl(PARTS_SCHEMA)).collect(), self.uris)
            if sink is not None:
                for chunk in occurrence_chunks(occurrences, self.uris):
                    sink(chunk)
        finally:
            cells.unpersist()
            if occurrences is not None:
                occurrences.unpersist()
        return results, findings

    # --- pass 1: cells, and what the driver needs of them --------------------------------------
    def cells(self) -> tuple[DataFrame | None, dict[int, str]]:
        """Every source's cells as one DataFrame (``tasks.CELL_SCHEMA``), and why the sources Spark cannot
        plan a read of (a JDBC driver missing, a Parquet file it rejects) are left to the local engine.

        The files of one dataset are one Spark input: Parquet files one read, JSON documents (and line
        files, when each is small) one ``wholeTextFiles``; a large line file is read alone, split by lines.
        """
        context = self.spark.sparkContext
        frames: list[DataFrame] = []
        rdds: list[RDD[Any]] = []
        local: dict[int, str] = {}
        for indexes in self.inputs():
            read = self.reads[indexes[0]]
            try:
                if isinstance(read, JdbcRead):
                    frames += self.jdbc_cells(indexes[0], read)
                elif read.source.kind == "parquet":
                    frames.append(self.parquet_cells(indexes))
                elif read.source.kind == "json" or (len(indexes) > 1 and self.small(indexes)):
                    rdds.append(self.whole_file_cells(context, indexes))
                else:
                    rdds += [self.text_cells(context, index) for index in indexes]
            except (PySparkException, Py4JError) as exc:
                for index in indexes:
                    local[index] = without_passwords(f"Spark cannot read it: {first_line(exc)}", [read])
        if rdds:
            frames.append(self.spark.createDataFrame(context.union(rdds), ddl(CELL_SCHEMA), verifySchema=False))
        return (reduce(DataFrame.unionByName, frames) if frames else None), local

    def inputs(self) -> list[list[int]]:
        """The reads' indexes, one list per Spark input: the files of one dataset together, each database alone."""
        groups: dict[tuple[str, str], list[int]] = {}
        for index, read in enumerate(self.reads):
            key = (read.source.uri, "") if isinstance(read, JdbcRead) else (read.source.dataset, read.source.kind)
            groups.setdefault(key, []).append(index)
        return list(groups.values())

    def small(self, indexes: list[int]) -> bool:
        return all(self.reads[i].source.size <= WHOLE_FILE_BYTES for i in indexes)

    def files(self, indexes: list[int]) -> dict[str, int]:
        """Each file's index, by the absolute path Spark names it by."""
        return {str(self.file_read(i).source.path.resolve()): i for i in indexes}

    def file_read(self, index: int) -> SparkRead:
        read = self.reads[index]
        assert isinstance(read, SparkRead)
        return read

    def parquet_cells(self, indexes: list[int]) -> DataFrame:
        """The Parquet files of one dataset as one read; each row's file and row index say where it is."""
        uris = [self.file_read(i).uri for i in indexes]
        rows = self.spark.read.parquet(*uris).select(
            F.col("_metadata.file_path").alias(FILE_PATH), F.col("_metadata.row_index").alias(ROW_INDEX), "*"
        )
        if self.sample is not None:
            rows = rows.where(F.col(ROW_INDEX) < self.sample)
        return rows.mapInArrow(partial(parquet_cells, self.files(indexes)), ddl(CELL_SCHEMA))

    def jdbc_cells(self, index: int, read: JdbcRead) -> list[DataFrame]:
        """One frame per table: read by one task (rows numbered in the database's order), detected by many."""
        spread = self.spark.sparkContext.defaultParallelism
        frames = []
        for table in read.tables:
            if isinstance(table, JdbcTable):
                rows = self.spark.read.format("jdbc").options(url=read.url, query=table.sql, **read.options).load()
                cells = rows.mapInArrow(partial(table_cells, index, table.name, table.containers), ddl(CELL_SCHEMA))
                frames.append(cells.repartition(spread))
        return frames

    def whole_file_cells(self, context: SparkContext, indexes: list[int]) -> RDD[Any]:
        """The files of one dataset read whole by one ``wholeTextFiles`` (JSON documents, small line files),
        their cells spread for detection."""
        uris = ",".join(self.file_read(i).uri for i in indexes)
        readers = {path: (index, self.file_reader(index)) for path, index in self.files(indexes).items()}
        documents = context.wholeTextFiles(uris, minPartitions=1)
        cells = documents.mapPartitions(partial(whole_file_cells, readers, self.sample))
        return cells.repartition(context.defaultParallelism)

    def file_reader(self, index: int) -> FileCells:
        """How the cells of one file are made: its records' cells from its lines, or a JSON document's."""
        read = self.file_read(index)
        if read.source.kind == "json":
            return None
        if read.layout is not None:  # a CSV file
            return partial(csv_line_cells, read.layout), read.layout.header_lines
        to_cells: LineCells = {"jsonl": jsonl_cells, "text": text_line_cells}[read.source.kind]
        return to_cells, 0

    def text_cells(self, context: SparkContext, index: int) -> RDD[Any]:
        """A line file alone: split by lines (``textFile``), numbered in file order (``zipWithIndex``)."""
        read, reader = self.file_read(index), self.file_reader(index)
        assert reader is not None
        to_cells, header_lines = reader
        lines = context.textFile(read.uri, minPartitions=1).zipWithIndex()  # a job only for files of several splits
        return lines.mapPartitions(partial(line_cells, index, to_cells, header_lines, self.sample))

    def survey(
        self, cells: DataFrame, local: dict[int, str] | None = None
    ) -> tuple[dict[ContainerKey, FieldContext], list[SourceResult | str]]:
        """Pass 1: contexts per container, and results per source (or why to scan it locally), from the notes."""
        notes = cells.where(F.col("kind") != VALUE).collect()
        heads: dict[ContainerKey, list[tuple[int, int, str]]] = defaultdict(list)
        for note in notes:
            if note.kind == HEAD:
                heads[note.source, note.container].append((note.row, note.pos, note.value))
        contexts = {
            (source, container): profile(
                container, [value for *_, value in sorted(values)[:COLUMN_SAMPLE]], self.reads[source].free_text
            )
            for (source, container), values in heads.items()
        }
        return contexts, self.results(notes, local or {})

    def results(self, notes: list[Row], local: dict[int, str]) -> list[SourceResult | str]:
        """Each source's result (extent, record errors, tables) from the notes, or why to scan it locally."""
        results: list[SourceResult | str] = [
            local.get(i) or SourceResult(r.source.uri, r.source.kind, dataset=r.source.dataset)
            for i, r in enumerate(self.reads)
        ]
        table_rows: dict[tuple[int, str], int] = {}
        for note in notes:
            result = results[note.source]
            if note.kind == HEAD or not isinstance(result, SourceResult):
                continue
            if note.kind == SPLIT:
                results[note.source] = SPANS_LINES
            elif note.kind == UNREADABLE:
                result.status, result.error = "error", note.value
            elif note.kind == EXTENT and note.container is not None:
                table_rows[note.source, note.container] = note.row
            else:
                if note.kind == ERROR:
                    result.record_errors.append(RecordError(note.row, note.value))
                result.records = max(result.records, note.row)
        for index, (read, result) in enumerate(zip(self.reads, results, strict=True)):
            if isinstance(result, SourceResult):
                result.record_errors.sort(key=lambda e: e.row)
            if isinstance(result, SourceResult) and isinstance(read, JdbcRead):
                result.tables = [self.table_result(t, table_rows.get((index, t.name), 0)) for t in read.tables]
                result.records = sum(table.records for table in result.tables)
        return results

    def table_result(self, table: JdbcTable | TableResult, rows: int) -> TableResult:
        if isinstance(table, TableResult):
            return table
        total = table.total if table.total is not None else rows
        return TableResult(table.name, records=rows, total_records=total, sampled=self.sample is not None)


# --- pass 2: findings from the parts the partitions summarised ----------------------------------
def merge_parts(rows: list[Row], uris: list[str]) -> list[Finding]:
    """The findings of every partition's ``FindingParts``, merged as the local engine's collector makes them."""
    collector = FindingCollector()
    for row in rows:
        key = (uris[row.source], row.container, row.entity, row.detector)
        collector.merge(key, (row.part, row.label, row.n, row.confidence, row.first))
    return collector.findings()


def occurrence_chunks(occurrences: DataFrame, uris: list[str]) -> Iterator[list[Occurrence]]:
    """All occurrences, per source in row order, streamed to the driver in chunks."""
    chunk: list[Occurrence] = []
    for row in occurrences.orderBy("source", "row", "pos", "seq").toLocalIterator():
        chunk.append(
            Occurrence(
                uris[row.source],
                row.container,
                row.row,
                row.start,
                row.end,
                row.entity,
                row.detector,
                row.confidence,
                row.masked,
                tuple(row.reasons),
                row.detail,
            )
        )
        if len(chunk) >= SPILL_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
