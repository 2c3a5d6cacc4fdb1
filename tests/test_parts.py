"""One large file cut into parts (scanner/sources/parts.py): the parts read what the whole file reads, and a
scan with two workers finds what one finds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bench.crm_table import COLUMNS, crm_rows
from piiaudit.scanner.engine.detection import profile
from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.model.settings import ScanConfig
from piiaudit.scanner.model.tables import occurrences_table
from piiaudit.scanner.run.local import EngineSpec, Scan, parts_with_contexts, submission_order
from piiaudit.scanner.sources import discover, parts
from piiaudit.scanner.sources.base import Source
from piiaudit.scanner.sources.database import DatabaseSource

ROWS = 400


def cells(source: Source) -> list[tuple]:
    """Every (row, container, value, meaning, free text) and record error a source reads, in row order."""
    found: list[tuple] = []
    for item in source.read():
        if isinstance(item, FieldBatch):
            tags = (item.meaning, item.free_text)
            found.extend((row, item.container, value, *tags) for row, value in zip(item.rows, item.values, strict=True))
        elif isinstance(item, RecordError):
            found.append((item.row, "error", item.reason))
    return sorted(found, key=lambda c: (c[0], str(c[1]), c[2]))


def write_files(folder: Path) -> list[Path]:
    """A CSV (byte-order mark, CRLF, line breaks in quoted fields, a short record), a log with lone CRs,
    JSON Lines with blank and broken lines, and Parquet of many row groups: unique values throughout."""
    rows = crm_rows(ROWS, seed=5)
    with (folder / "customers.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([*COLUMNS, "notes"])
        for i, row in enumerate(rows):
            writer.writerow([*row, f"called {row[0]}\nabout the bill" if i % 3 else "ok"] if i != 50 else row[:3])
    lines = [f"2026-11-30 INFO user {row[1]} from {row[6]} said hi to {row[0]}" for row in rows]
    (folder / "app.log").write_text("\n".join(lines[:40]) + "\r" + "\n".join(lines[40:]) + "\n", encoding="utf-8")
    records = [json.dumps(dict(zip(COLUMNS, row, strict=True))) for row in rows]
    records[7], records[90] = "", "{broken"
    (folder / "events.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(COLUMNS)})
    pq.write_table(table, folder / "payments.parquet", row_group_size=37)
    write_call_centre_files(folder, rows)
    return sorted(folder.iterdir())


def write_call_centre_files(folder: Path, rows: list[list[str]]) -> None:
    """Web-chat transcripts as JSON Lines (one record not a transcript) and an Asterisk CDR without a header (one
    short row): call-centre exports, cut as their syntax is and read in their format."""
    chats = [
        {"customer": {"name": row[0], "email": row[1]}, "messages": [{"text": f"Hi, {row[0]} here, call {row[2]}"}]}
        for row in rows
    ]
    chats[12] = {"customer": {"name": rows[12][0]}}
    (folder / "chats.jsonl").write_text("\n".join(json.dumps(chat) for chat in chats) + "\n", encoding="utf-8")
    with (folder / "Master.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for i, row in enumerate(rows):
            start = f"2026-10-{1 + i % 28:02d} 08:{i % 60:02d}:00"
            writer.writerow(
                ["acme", row[2], row[3], "from-trunk", f'"{row[0]}" <{row[2]}>', f"SIP/{row[6]}-ff88df82", "SIP/2389",
                 "Dial", "SIP/2041,30", start, start, start, 60, 50, "ANSWERED", "DOCUMENTATION", f"1790.{i}", ""]
                if i != 30 else ["acme", row[2]]
            )  # fmt: skip


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "MIN_PART_BYTES", 4_000)


def test_the_parts_of_a_file_read_what_the_whole_file_reads(tmp_path: Path, small_parts: None) -> None:
    write_files(tmp_path)
    sources = discover([tmp_path], datasets=False)
    assert {"webchat", "asterisk-cdr"} <= {source.kind for source in sources}
    for source in sources:
        cut = parts.file_parts(source, 4)
        assert cut is not None and len(cut) > 1, source.uri
        assert [p.rows_before for p in cut] == sorted(p.rows_before for p in cut)
        read = sorted((c for part in cut for c in cells(part)), key=lambda c: (c[0], str(c[1]), c[2]))
        assert read == cells(source), source.uri


def test_a_file_too_small_or_in_another_encoding_is_read_whole(tmp_path: Path, small_parts: None) -> None:
    (tmp_path / "small.log").write_text("one line\n", encoding="utf-8")
    (tmp_path / "wide.log").write_text("a line of text\n" * 2000, encoding="utf-16")
    for source in discover([tmp_path], datasets=False):
        assert parts.file_parts(source, 4) is None, source.uri


def test_two_workers_on_one_file_find_what_one_finds(tmp_path: Path, small_parts: None) -> None:
    """Findings (counts, examples, reasons), record errors and occurrences are those of one worker reading it."""
    files = write_files(tmp_path)
    for path in files:
        outcomes = []
        for workers in (1, 2):
            found: list[tuple] = []
            spec = EngineSpec(ScanConfig())
            scan = Scan(spec.build(), workers=workers, spec=spec)
            scan.on_occurrences = lambda occ, found=found: found.extend(occ)
            result = scan.run(list(discover([path])), [path])
            outcomes.append((result.findings, result.sources, sorted(found, key=str)))
        assert outcomes[0][0] and outcomes[1] == outcomes[0], path.name


def whole_file_contexts(source: Source) -> dict:
    """Each container's context as one reader of the whole file decides it: from its first batch."""
    contexts: dict = {}
    for item in source.read():
        if isinstance(item, FieldBatch) and item.container not in contexts:
            contexts[item.container] = profile(item.container, item.values, item.free_text, item.meaning)
    return contexts


def test_a_json_lines_file_s_parts_get_the_contexts_one_reader_of_the_whole_file_decides(
    tmp_path: Path, small_parts: None
) -> None:
    """Fields met only late in the file, or too rarely to fill a first batch before its end, included."""
    rows = crm_rows(ROWS, seed=9)
    records: list[dict] = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    for i in range(ROWS - 60, ROWS):
        records[i]["note"] = f"called back on {rows[i][2]}"
    records[3]["alias"] = rows[4][0]
    (tmp_path / "late.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    write_call_centre_files(tmp_path, rows)
    for name in ("late.jsonl", "chats.jsonl"):
        (source,) = discover([tmp_path / name], datasets=False)
        cut = parts.file_parts(source, 4)
        assert cut is not None and len(cut) > 2
        whole = whole_file_contexts(source)
        handed = list(parts_with_contexts(source, cut))
        assert [part for part, _ in handed] == cut
        for part, contexts in handed:
            met = {c[1] for c in cells(part) if c[1] != "error"}
            assert met <= contexts.keys() and all(contexts[c] == whole[c] for c in contexts), (name, part.number)
    assert {"note", "alias"} <= whole_file_contexts(next(discover([tmp_path / "late.jsonl"]))).keys()


def test_a_json_lines_file_s_first_parts_are_handed_out_before_its_read_ends(tmp_path: Path, small_parts: None) -> None:
    """The read that decides the contexts goes part by part: a byte that is not UTF-8 in the last part stops it only
    after the first parts are out, and a scan then reads the file whole (the same outcome as one worker's)."""
    rows = crm_rows(6000, seed=11)  # more than a batch's values: the first batches are out before the read ends
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"".join(json.dumps({"email": row[1], "mobile": row[2]}).encode() + b"\n" for row in rows))
    with path.open("ab") as handle:
        handle.write(b'{"name": "caf\xe9"}\n')
    (source,) = discover([path], datasets=False)
    cut = parts.file_parts(source, 4)
    assert cut is not None and len(cut) > 2
    handed = []
    with pytest.raises(UnicodeDecodeError):
        for part, _ in parts_with_contexts(source, cut):
            handed.append(part)
    assert handed and len(handed) < len(cut)
    outcomes = []
    for workers in (1, 2):
        spec = EngineSpec(ScanConfig())
        result = Scan(spec.build(), workers=workers, spec=spec).run([source], [path])
        outcomes.append((result.findings, result.sources))
    assert outcomes[0][1][0].status != "ok" and outcomes[1] == outcomes[0]


def test_workers_are_handed_the_sources_read_whole_first_then_those_cut_into_parts_each_largest_first(
    tmp_path: Path, small_parts: None
) -> None:
    write_files(tmp_path)
    (tmp_path / "small.log").write_text("one line\n", encoding="utf-8")
    (tmp_path / "export.json").write_text(json.dumps([{"email": "a@example.com"}] * 500), encoding="utf-8")
    server = DatabaseSource.from_url("sqlite:///:memory:")  # a database whose size is not known
    sources = [*discover([tmp_path], datasets=False), server]
    order = submission_order(sources)
    whole = [s.uri for s in order if not parts.may_cut(s)]
    assert sorted(whole) == ["export.json", "small.log"] and order[0].uri == "export.json"
    cut = order[len(whole) :]
    assert cut[0] is server and len(cut) == len(sources) - 2
    assert [s.size for s in cut[1:]] == sorted((s.size for s in cut[1:]), reverse=True)


def test_workers_hand_a_table_sink_the_occurrences_as_the_occurrences_file_holds_them(
    tmp_path: Path, small_parts: None
) -> None:
    files = write_files(tmp_path)
    spec = EngineSpec(ScanConfig())
    one: list = []
    Scan(spec.build(), spec=spec, on_occurrences=one.extend).run(list(discover(files)), files)
    listed: list = []
    tables: list[pa.Table] = []
    scan = Scan(spec.build(), workers=2, spec=spec, on_occurrences=listed.extend, on_occurrence_tables=tables.append)
    scan.run(list(discover(files)), files)
    assert one and not listed and len(tables) > len(files)  # every part's occurrences came as tables
    both = [sorted(t.to_pylist(), key=str) for t in (pa.concat_tables(tables), occurrences_table(one))]
    assert both[0] == both[1]


def test_a_last_record_with_an_unclosed_quote_is_an_error_in_its_part_too(tmp_path: Path, small_parts: None) -> None:
    rows = crm_rows(ROWS, seed=7)
    with (tmp_path / "open.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([COLUMNS, *rows])
        handle.write(f'{rows[0][0]},"never closed\n')
    (source,) = discover([tmp_path], datasets=False)
    cut = parts.file_parts(source, 4)
    assert cut is not None and len(cut) > 1
    read = sorted((c for part in cut for c in cells(part)), key=lambda c: (c[0], str(c[1]), c[2]))
    assert read == cells(source)
    assert (ROWS + 1, "error", "a quoted field is never closed: the record runs to the end of the file") in read
