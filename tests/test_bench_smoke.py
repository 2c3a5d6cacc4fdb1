"""The benchmark (bench/) in its smallest form, so that it cannot rot: CI runs it with the test suite."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from bench.corpus import GROUPS, SOURCES, build_pools, ensure_corpus, write_source
from bench.measure import first_rows
from piiaudit.scanner.model import FieldBatch
from piiaudit.scanner.sources import discover
from sample_data import generate as samples

from .conftest import ROOT

SMOKE_SIZE = "250KB"
SMOKE_PRESIDIO_ROWS = 20
ENGINES = ("piiaudit", "piiaudit_subset", "presidio_subset")


def test_benchmark_runs_end_to_end_and_writes_its_report(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", SMOKE_SIZE, "--out", str(out)]
    command += ["--presidio-rows", str(SMOKE_PRESIDIO_ROWS), "--cache-dir", str(cache), "--jobs", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]

    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "## Summary" in markdown and "piiaudit / Presidio per core" in markdown
    assert markdown.strip() in result.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["workers"]["measured"] and report["machine"]["cpus"] >= 1
    [size] = report["sizes"]
    assert size["size"] == SMOKE_SIZE and 200_000 < size["bytes"] < 400_000
    assert set(size["groups"]) == {"structured", "free_text"}
    for group in size["groups"].values():
        assert group["records"] > 0 and group["floor"]["mb_s_per_core"] > 0
        run = group["piiaudit"][0]
        assert run["mb_s"] > 0 and run["mb_s_per_core"] > 0 and run["peak_rss_mb"] > 50
        assert run["fraction_of_floor"] > 0 and run["speedup"] == 1.0 and not run["failed_sources"]
        assert group["presidio"]["bytes"] > 0 and group["piiaudit_over_presidio_per_core"] > 0
        assert all(s["rows"] == SMOKE_PRESIDIO_ROWS for s in group["presidio"]["sources"])
        for engine in ENGINES:
            scores = group["accuracy"][engine].values()
            assert scores and all(0 <= s["precision"] <= 1 and 0 <= s["recall"] <= 1 for s in scores)
        # labels name sources, containers and rows as piiaudit does: e-mail addresses are found where planted
        assert group["accuracy"]["piiaudit"]["EMAIL_ADDRESS"]["recall"] > 0.9

    again = ensure_corpus(250_000, size["seed"], cache, jobs=1)
    assert again.cached and str(again.folder) == size["corpus"]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[samples.Plant]]:
    """Every source of a 300 kB corpus (seed 7), and the occurrences planted in it, values included."""
    folder = tmp_path_factory.mktemp("corpus")
    pools = build_pools(seed=7)
    plants: list[samples.Plant] = []
    for spec in SOURCES:
        write_source(spec, folder, 300_000, 7, pools, plants.extend)
    return folder, plants


def test_generated_values_are_valid_and_mostly_unique(small_corpus) -> None:
    _, plants = small_corpus
    assert {p.source for p in plants} == {s.uri for s in SOURCES}
    invalid = [(p.source, p.container, p.row, p.entity) for p in plants if not samples.VALIDATORS[p.entity](p)]
    assert not invalid
    values = defaultdict(list)
    for p in plants:
        if p.source == "customers.csv":
            values[(p.container, p.entity)].append(p.value)
    for key in [("email", "EMAIL_ADDRESS"), ("phone", "PHONE_NUMBER"), ("street_address", "STREET_ADDRESS")]:
        assert len(set(values[key])) > 0.95 * len(values[key]) > 100, key


def test_presidio_gets_every_column_of_the_first_rows(small_corpus, tmp_path: Path) -> None:
    folder, _ = small_corpus
    payments = next(s for s in SOURCES if s.uri == "payments.parquet")  # >5,000 rows: batches of one column first
    write_source(payments, tmp_path, 5_000_000, 7, build_pools(seed=7), lambda plants: None)
    sources = [*discover([folder / group for group in GROUPS]), *discover([tmp_path / payments.group])]
    rows = 30
    for source in sources:
        everything = [
            (row, batch.container or "", value)
            for batch in source.read()
            if isinstance(batch, FieldBatch)
            for row, value in zip(batch.rows, batch.values, strict=True)
            if row <= rows
        ]
        taken = [(row, c, v) for row, cells in first_rows(source, rows).items() for c, v in cells]
        assert taken and sorted(taken) == sorted(everything), source.uri
