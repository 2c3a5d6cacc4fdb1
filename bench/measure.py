"""What the benchmark measures: piiaudit's CLI from outside, the read-and-parse floor, stock Presidio, accuracy."""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from presidio_analyzer import BatchAnalyzerEngine

from bench.corpus import Corpus, Written
from piiaudit.scanner.app.evaluation import PRESIDIO_ENTITIES, Cell, Score, cell_counts, load_labels, score_cells
from piiaudit.scanner.model import FieldBatch
from piiaudit.scanner.sources import DatabaseSource, Source, discover

MB = 1e6
SAMPLE_INTERVAL_S = 0.1
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
PR_SET_CHILD_SUBREAPER = 36
ORPHAN_TIMEOUT_S = 30.0
PRESIDIO_BLOCK_ROWS = 25
PRESIDIO_BATCH_SIZE = 64
PIIAUDIT = [sys.executable, "-m", "piiaudit.scanner.cli"]


# --------------------------------------------------------------------------
# A process measured from outside: wall time, CPU time and peak resident memory of its whole tree
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessStats:
    returncode: int
    wall_s: float
    cpu_s: float  # user + system time of the process and every descendant
    peak_rss: int  # bytes: the larger of the sampled tree total and the process's own high-water mark


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree[parent].append(int(entry.name))
    return tree


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (worker processes included)."""
    tree, pending, total = children_of(), [root], 0
    while pending:
        pid = pending.pop()
        pending.extend(tree.get(pid, []))
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError):
            continue
    return total


def high_water(pid: int) -> int:
    """The most resident bytes the process's own memory has had (``VmHWM``; 0 once it is gone).

    Not ``wait4``'s ``ru_maxrss``: Linux carries into it the parent's size at the fork before ``exec``, so
    a child of a large benchmark process would report the benchmark's memory, not its own.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) * 1024 if found else 0


def become_subreaper() -> None:
    """Have orphaned descendants re-parented to this process (Linux), so that their CPU time is counted.

    piiaudit's workers may be children of a fork server that the scanning process never waits for; as
    their subreaper we reap them, and ``RUSAGE_CHILDREN`` then holds the CPU time of the whole tree.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reap_orphans(timeout_s: float = ORPHAN_TIMEOUT_S) -> None:
    """Wait for re-parented descendants to exit and reap them."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            time.sleep(SAMPLE_INTERVAL_S)


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sampled(command: list[str], log: Path) -> ProcessStats:
    """Run ``command`` (output to ``log``), sampling its tree's memory until it exits."""
    become_subreaper()
    cpu_before, started = children_cpu_s(), time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(process.pid), high_water(process.pid))
            time.sleep(SAMPLE_INTERVAL_S)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    reap_orphans()
    cpu = children_cpu_s() - cpu_before
    return ProcessStats(process.returncode, wall, cpu, peak)


# --------------------------------------------------------------------------
# piiaudit
# --------------------------------------------------------------------------


@cache
def cli_accepts_workers() -> bool:
    """Whether this piiaudit's ``scan`` takes ``--workers`` (read from its help)."""
    help_text = subprocess.run([*PIIAUDIT, "scan", "--help"], capture_output=True, text=True, check=True).stdout
    return "--workers" in help_text


def piiaudit_code() -> dict[str, str]:
    """Where the scanning subprocess takes piiaudit's code from, and its git commit when it is a checkout."""
    where = [sys.executable, "-c", "import piiaudit.scanner as s; print(s.__file__)"]
    folder = Path(subprocess.run(where, capture_output=True, text=True, check=True).stdout.strip()).parents[1]
    describe = ["git", "-C", str(folder), "describe", "--always", "--dirty"]
    commit = subprocess.run(describe, capture_output=True, text=True)
    return {"path": str(folder), "commit": commit.stdout.strip() if commit.returncode == 0 else "not a git checkout"}


@dataclass(frozen=True)
class PiiauditRun:
    workers: int
    wall_s: float
    scan_s: float  # the report's duration: reading and detection, without start-up
    cpu_s: float
    peak_rss: int
    occurrences: int
    failed_sources: list[str]


class PiiauditError(RuntimeError):
    """piiaudit exited with a usage error or crashed."""


def run_piiaudit(folder: Path, workers: int, work: Path) -> tuple[PiiauditRun, Path]:
    """Scan ``folder`` with the CLI; returns the run and its occurrences file."""
    report, occurrences, log = work / "report.json", work / "occurrences.parquet", work / "piiaudit.log"
    command = [*PIIAUDIT, "scan", str(folder), "--format", "json", "-o", str(report)]
    command += ["--occurrences", str(occurrences), "--quiet", "--no-progress"]
    if cli_accepts_workers():
        command += ["--workers", str(workers)]
    stats = run_sampled(command, log)
    if stats.returncode not in (0, 1, 3) or not report.is_file():
        tail = log.read_text(errors="replace")[-2000:]
        raise PiiauditError(f"piiaudit exited with {stats.returncode} scanning {folder}:\n{tail}")
    data = json.loads(report.read_text(encoding="utf-8"))
    failed = [f"{s['uri']}: {s['error']}" for s in data["sources"] if s["status"] != "ok"]
    run = PiiauditRun(
        workers=workers,
        wall_s=stats.wall_s,
        scan_s=float(data["scan"]["duration_s"]),
        cpu_s=stats.cpu_s,
        peak_rss=stats.peak_rss,
        occurrences=int(data["summary"]["occurrences"]),
        failed_sources=failed,
    )
    return run, occurrences


def predicted_cells(occurrences: Path, uri: str) -> Counter[Cell]:
    """piiaudit's occurrences in one source, as labelled cells (one source at a time keeps memory bounded)."""
    columns = ["container", "row", "entity"]
    table = pq.read_table(occurrences, columns=columns, filters=[("source", "=", uri)])
    cells = zip(*(table.column(n).to_pylist() for n in columns), strict=True)
    return Counter((uri, container or "", row, entity) for container, row, entity in cells)


# --------------------------------------------------------------------------
# Accuracy
# --------------------------------------------------------------------------


def within(cells: Counter[Cell], rows: int) -> Counter[Cell]:
    """The cells of the first ``rows`` rows."""
    return Counter({c: n for c, n in cells.items() if c[2] <= rows})


def by_entity(cells: Counter[Cell]) -> dict[str, Counter[Cell]]:
    split: dict[str, Counter[Cell]] = defaultdict(Counter)
    for cell, n in cells.items():
        split[cell[3]][cell] = n
    return split


@dataclass
class Tally:
    """Per-entity counts summed over sources; scored one entity at a time to keep large corpora fast."""

    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    def add(self, expected: Counter[Cell], predicted: Counter[Cell]) -> None:
        wanted, found = by_entity(expected), by_entity(predicted)
        for entity in wanted.keys() | found.keys():
            for s in score_cells(wanted.get(entity, Counter()), found.get(entity, Counter())).values():
                totals = self.counts[s.entity]
                totals[:] = [t + n for t, n in zip(totals, (s.expected, s.found, s.correct), strict=True)]

    def scores(self) -> dict[str, Score]:
        return {e: Score(e, *self.counts[e]) for e in sorted(self.counts)}


def labels_of(corpus: Corpus, source: Written) -> Counter[Cell]:
    return cell_counts(load_labels(corpus.labels(source.uri)))


# --------------------------------------------------------------------------
# Stock Presidio on the first rows of each source
# --------------------------------------------------------------------------


@cache
def presidio_analyzer() -> BatchAnalyzerEngine:
    """Presidio's ``AnalyzerEngine`` as shipped (default recognizers, the offline spaCy model piiaudit uses),
    fed in batches so that spaCy runs ``nlp.pipe``: the same results as one call per value, 2-3x faster."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from piiaudit.detectors.names import SPACY_MODEL

    configuration = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    return BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=engine, supported_languages=["en"]))


def first_rows(source: Source, rows: int) -> dict[int, list[tuple[str, str]]]:
    """(container, value) pairs of the first ``rows`` rows (of every table, for a database), by row.

    Files are read with the reader's own limit; a database's limit samples at random, so a database is
    read whole and its first rows of each table kept.
    """
    cells: dict[int, list[tuple[str, str]]] = defaultdict(list)
    items = source.read() if isinstance(source, DatabaseSource) else source.read(rows)
    for batch in items:
        if not isinstance(batch, FieldBatch):
            continue
        for row, value in zip(batch.rows, batch.values, strict=True):
            if row <= rows:
                cells[row].append((batch.container or "", value))
    return cells


@dataclass(frozen=True)
class PresidioSource:
    uri: str
    rows: int  # rows analysed (the first N of the source, or of each table)
    values: int
    wall_s: float
    cpu_s: float
    predicted: Counter[Cell]


def presidio_source(source: Source, rows: int, budget_s: float) -> PresidioSource:
    """Analyse the first ``rows`` rows in blocks until done or ``budget_s`` is spent; count whole blocks only."""
    analyzer = presidio_analyzer()
    cells = first_rows(source, rows)
    last = max(cells, default=0)
    predicted: Counter[Cell] = Counter()
    done = values = 0
    wall = cpu = 0.0
    for start in range(1, last + 1, PRESIDIO_BLOCK_ROWS):
        block = [(row, c, v) for row in range(start, start + PRESIDIO_BLOCK_ROWS) for c, v in cells.get(row, [])]
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        results = analyzer.analyze_iterator([v for *_, v in block], "en", batch_size=PRESIDIO_BATCH_SIZE)
        wall += time.perf_counter() - wall_start
        cpu += time.process_time() - cpu_start
        for (row, container, _), found in zip(block, results, strict=True):
            for r in found:
                if r.entity_type in PRESIDIO_ENTITIES:
                    predicted[(source.uri, container, row, PRESIDIO_ENTITIES[r.entity_type])] += 1
        values += len(block)
        done = min(last, start + PRESIDIO_BLOCK_ROWS - 1)
        if wall >= budget_s:
            break
    return PresidioSource(source.uri, done, values, wall, cpu, predicted)


def subset_bytes(source: Written, rows: int) -> float:
    """Bytes of the first ``rows`` rows (of each table), pro rata of the source's size."""
    counts = list(source.tables.values()) or [source.records]
    return source.bytes * sum(min(rows, n) for n in counts) / max(1, source.records)


# --------------------------------------------------------------------------
# The floor: the same bytes merely read and parsed, on one thread
# --------------------------------------------------------------------------


def read_csv(path: Path) -> None:
    options = pacsv.ReadOptions(use_threads=False)
    for _ in pacsv.open_csv(path, read_options=options):
        pass


def read_parquet(path: Path) -> None:
    for _ in pq.ParquetFile(path).iter_batches(use_threads=False):
        pass


def read_sqlite(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            while cursor.fetchmany(10_000):
                pass
    finally:
        connection.close()


def read_jsonl(path: Path) -> None:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            json.loads(line)


def read_lines(path: Path) -> None:
    with path.open(encoding="utf-8") as handle:
        for _ in handle:
            pass


FLOOR_READERS: dict[str, Callable[[Path], None]] = {
    ".csv": read_csv,
    ".parquet": read_parquet,
    ".db": read_sqlite,
    ".jsonl": read_jsonl,
    ".log": read_lines,
}


@dataclass(frozen=True)
class Timing:
    wall_s: float
    cpu_s: float


def floor_timing(path: Path) -> Timing:
    """Reading and parsing ``path`` on one thread: pyarrow for CSV and Parquet, ``sqlite3`` ``SELECT *``,
    ``json.loads`` per line, plain line iteration for logs."""
    wall, cpu = time.perf_counter(), time.process_time()
    FLOOR_READERS[path.suffix](path)
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def warm_cache(paths: Iterable[Path]) -> None:
    """Read every file once so that all measurements start from the same warm page cache."""
    for path in paths:
        with path.open("rb") as handle:
            while handle.read(1 << 23):
                pass


def group_sources(corpus: Corpus, group: str) -> list[Source]:
    return list(discover([corpus.group_folder(group)]))
