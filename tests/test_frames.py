"""DataFrames for analysts: the findings of a result and the occurrences file of a scan, with Arrow types."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from piiaudit.reports import occurrences as occurrences_module
from piiaudit.reports.occurrences import OccurrenceWriter
from piiaudit.scanner.app import Hooks, ScanRequest, occurrences_frame, prepare
from piiaudit.scanner.model import Finding, Occurrence
from piiaudit.scanner.model.tables import FINDINGS_SCHEMA, OCCURRENCES_SCHEMA


def test_findings_frame_has_the_csv_columns_and_sums_like_the_findings(cytrack_result):
    frame = cytrack_result.findings_frame()
    assert list(frame.columns) == FINDINGS_SCHEMA.names and len(frame) == len(cytrack_result.findings)
    assert all(isinstance(dtype, pd.ArrowDtype) for dtype in frame.dtypes)
    expected: Counter[str] = Counter()
    for f in cytrack_result.findings:
        expected[f.disclosure] += f.occurrences
    assert frame.groupby("disclosure")["occurrences"].sum().to_dict() == dict(expected)
    first = cytrack_result.findings[0]
    row = frame.iloc[0]
    assert (row["source"], row["entity"], row["example"]) == (first.source, first.entity, first.examples[0].masked)


def test_a_finding_without_examples_leaves_an_empty_integer_cell(cytrack_result):
    bare = Finding("gone.csv", "phone", "PHONE_NUMBER", "phone")
    frame = replace(cytrack_result, findings=[cytrack_result.findings[0], bare]).findings_frame()
    assert frame["example_row"].dtype == pd.ArrowDtype(pa.int64())
    assert frame["example_row"].isna().tolist() == [False, True]


def test_occurrences_frame_reads_both_file_formats_alike(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    rows = [f"user{n}.name@example.org,+61 2 9374 {4000 + n},ok" for n in range(40)]
    (folder / "people.csv").write_text("email,phone,status\n" + "\n".join(rows) + "\n", encoding="utf-8")
    jsonl, parquet = tmp_path / "occ.jsonl", tmp_path / "occ.parquet"
    with OccurrenceWriter(jsonl) as as_jsonl, OccurrenceWriter(parquet) as as_parquet:
        hooks = Hooks(on_occurrences=lambda found: (as_jsonl.write(found), as_parquet.write(found)))
        result = prepare(ScanRequest((str(folder),)), hooks).run()

    frame = occurrences_frame(jsonl)
    pd.testing.assert_frame_equal(frame, occurrences_frame(parquet))
    assert list(frame.columns) == OCCURRENCES_SCHEMA.names
    per_finding = frame.groupby(["container", "entity"])["row"].count().to_dict()
    assert per_finding == {(f.container, f.entity): f.occurrences for f in result.findings}
    assert per_finding[("email", "EMAIL_ADDRESS")] == 40
    assert not frame["masked"].str.contains("user|9374").any()  # masked evidence only


def test_occurrences_frame_of_a_scan_that_found_nothing(tmp_path: Path):
    (tmp_path / "plain.csv").write_text("status\nok\n", encoding="utf-8")
    path = tmp_path / "occ.jsonl"
    with OccurrenceWriter(path) as writer:
        prepare(ScanRequest((str(tmp_path / "plain.csv"),)), Hooks(on_occurrences=writer.write)).run()
    frame = occurrences_frame(path)
    assert frame.empty and list(frame.columns) == OCCURRENCES_SCHEMA.names


def test_occurrences_frame_names_the_formats_it_reads(tmp_path: Path):
    with pytest.raises(ValueError, match=r"\.jsonl or \.parquet"):
        occurrences_frame(tmp_path / "occ.csv")


def test_parquet_occurrences_are_written_in_row_groups_not_one_per_batch(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(occurrences_module, "ROW_GROUP_ROWS", 100)
    batches = [
        [Occurrence("a.csv", "email", 7 * b + i, 0, 9, "EMAIL_ADDRESS", "email", 1.0, "u***@x.org") for i in range(7)]
        for b in range(50)
    ]
    jsonl, parquet = tmp_path / "occ.jsonl", tmp_path / "occ.parquet"
    with OccurrenceWriter(jsonl) as as_jsonl, OccurrenceWriter(parquet) as as_parquet:
        for batch in batches:
            as_jsonl.write(batch)
            as_parquet.write(batch)
    assert pq.ParquetFile(parquet).metadata.num_row_groups == 4  # 350 rows, not 50 row groups of 7
    pd.testing.assert_frame_equal(occurrences_frame(parquet), occurrences_frame(jsonl))
    assert occurrences_frame(parquet)["row"].tolist() == list(range(350))
