"""piiaudit benchmark: throughput, peak memory and accuracy against stock Presidio on generated corpora.

Run it through ``bench/run.py`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from bench.corpus import GROUPS, Corpus, ensure_corpus, size_label
from bench.measure import (
    PiiauditError,
    PiiauditRun,
    PresidioSource,
    Tally,
    cli_accepts_workers,
    floor_timing,
    group_sources,
    labels_of,
    piiaudit_code,
    predicted_cells,
    presidio_source,
    run_piiaudit,
    warm_cache,
    within,
)
from bench.report import (
    accuracy,
    floor_figures,
    machine,
    package_versions,
    piiaudit_figures,
    presidio_figures,
    ratio,
    render_markdown,
    with_speedups,
)
from piiaudit.scanner.model.storage import write_private

ROOT = Path(__file__).resolve().parents[1]

UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9}
T = TypeVar("T")
PRESIDIO_ENGINE = "BatchAnalyzerEngine over AnalyzerEngine() with default recognizers"


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", text.upper())
    if not match or match.group(2) not in UNITS:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 10MB, 1GB)")
    return int(float(match.group(1)) * UNITS[match.group(2)])


def parse_list(convert: Callable[[str], T]) -> Callable[[str], list[T]]:
    """An argparse type for a comma-separated list of ``convert``-ed items."""

    def parse(text: str) -> list[T]:
        try:
            return [convert(part) for part in text.split(",") if part.strip()]
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_list(parse_size), default=[10**7], help="corpus sizes, e.g. 10MB,1GB")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="where report.md/json go")
    parser.add_argument("--workers", type=parse_list(int), default=[1], help="piiaudit worker counts, e.g. 1,2")
    parser.add_argument("--presidio-rows", type=int, default=2000, help="first N rows per source (0: no Presidio)")
    parser.add_argument("--presidio-seconds", type=float, default=120.0, help="time bound per source for Presidio")
    parser.add_argument("--seed", type=int, default=2026, help="corpus seed (part of the cache key)")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "bench" / ".cache", help="generated corpora")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes generating a corpus")
    args = parser.parse_args(argv)
    if not args.sizes or min(args.sizes) < 1 or not args.workers or min(args.workers) < 1:
        parser.error("--sizes and --workers need at least one value, each at least 1")
    if args.presidio_rows < 0 or args.jobs < 1:
        parser.error("--jobs must be at least 1, --presidio-rows at least 0")
    return args


def scan_runs(corpus: Corpus, group: str, workers: list[int], work: Path) -> tuple[list[PiiauditRun], Path]:
    """One piiaudit run per worker count; the first run's occurrences are kept for scoring."""
    runs, occurrences = [], []
    for i, count in enumerate(workers):
        folder = work / f"{group}-{i}-w{count}"
        folder.mkdir()
        run, found = run_piiaudit(corpus.group_folder(group), count, folder)
        print(f"  piiaudit {group} workers={count}: {run.wall_s:.1f} s", file=sys.stderr)
        runs.append(run)
        occurrences.append(found)
    for extra in occurrences[1:]:
        extra.unlink(missing_ok=True)
    return runs, occurrences[0]


def run_presidio(corpus: Corpus, group: str, args: argparse.Namespace) -> list[PresidioSource]:
    results = []
    if args.presidio_rows:
        for source in group_sources(corpus, group):
            results.append(presidio_source(source, args.presidio_rows, args.presidio_seconds))
            print(f"  presidio {source.uri}: {results[-1].rows} rows, {results[-1].wall_s:.1f} s", file=sys.stderr)
    return results


def measure_group(corpus: Corpus, group: str, args: argparse.Namespace, workers: list[int], work: Path) -> dict:
    written = corpus.in_group(group)
    size, records = sum(s.bytes for s in written), sum(s.records for s in written)
    floor = floor_figures({s.uri: floor_timing(corpus.group_folder(group) / s.uri) for s in written}, size)
    runs, occurrences = scan_runs(corpus, group, workers, work)
    figures = with_speedups([piiaudit_figures(r, size, records, floor["mb_s_per_core"] or 0.0) for r in runs])
    presidio = run_presidio(corpus, group, args)
    presidio_fig = presidio_figures(presidio, {s.uri: s for s in written}, size) if presidio else None
    over_presidio = ratio(figures[0]["mb_s_per_core"], presidio_fig["mb_s_per_core"]) if presidio_fig else None
    return {
        "bytes": size,
        "records": records,
        "sources": [s.uri for s in written],
        "floor": floor,
        "piiaudit": figures,
        "presidio": presidio_fig,
        "piiaudit_over_presidio_per_core": round(over_presidio, 2) if over_presidio is not None else None,
        "accuracy": score_group(corpus, group, occurrences, presidio),
    }


def score_group(corpus: Corpus, group: str, occurrences: Path, presidio: list[PresidioSource]) -> dict:
    """piiaudit on the whole group and on Presidio's subset, Presidio on its subset, against the labels."""
    subset = {p.uri: p for p in presidio}
    full, piiaudit_subset, presidio_subset = Tally(), Tally(), Tally()
    for source in corpus.in_group(group):
        expected, found = labels_of(corpus, source), predicted_cells(occurrences, source.uri)
        full.add(expected, found)
        if source.uri in subset:
            rows = subset[source.uri].rows
            expected_subset = within(expected, rows)
            piiaudit_subset.add(expected_subset, within(found, rows))
            presidio_subset.add(expected_subset, subset[source.uri].predicted)
    return {
        "piiaudit": accuracy(full.scores()),
        "piiaudit_subset": accuracy(piiaudit_subset.scores()),
        "presidio_subset": accuracy(presidio_subset.scores()),
    }


def measure_size(size: int, args: argparse.Namespace, workers: list[int]) -> dict:
    label = size_label(size)
    print(f"{label}: preparing the corpus", file=sys.stderr)
    corpus = ensure_corpus(size, args.seed, args.cache_dir, args.jobs)
    warm_cache(corpus.group_folder(s.group) / s.uri for s in corpus.sources)
    groups = {}
    with tempfile.TemporaryDirectory(prefix="bench-", dir=args.out) as work:
        for group in GROUPS:
            groups[group] = measure_group(corpus, group, args, workers, Path(work))
    return {
        "size": label,
        "bytes": sum(s.bytes for s in corpus.sources),
        "seed": corpus.seed,
        "corpus": str(corpus.folder),
        "generation_s": corpus.generation_s,
        "cached": corpus.cached,
        "groups": groups,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    accepts = cli_accepts_workers()
    workers = args.workers if accepts else [1]
    if not accepts and args.workers != [1]:
        print("piiaudit scan has no --workers yet: measuring one process only", file=sys.stderr)
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)]),
        "machine": machine(),
        "versions": package_versions(),
        "piiaudit_code": piiaudit_code(),
        "workers": {"requested": args.workers, "measured": workers, "cli_accepts_workers": accepts},
        "presidio": {
            "engine": PRESIDIO_ENGINE,
            "rows": args.presidio_rows,
            "seconds_per_source": args.presidio_seconds,
        },
        "sizes": [],
    }
    for size in args.sizes:
        try:
            results["sizes"].append(measure_size(size, args, workers))
        except PiiauditError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        markdown = render_markdown(results)  # written after each size, so a long run leaves what it finished
        write_private(args.out / "report.json", (json.dumps(results, indent=2) + "\n").encode("utf-8"))
        write_private(args.out / "report.md", (markdown + "\n").encode("utf-8"))
    print(markdown)
    return 0
