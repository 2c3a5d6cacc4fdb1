"""Readers on real files, including the bad ones: each bad source or record is reported, never fatal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from piiaudit.scanner.engine.detection import COLUMN_SAMPLE, Engine
from piiaudit.scanner.model import FieldBatch, RecordError
from piiaudit.scanner.run.local import Scan
from piiaudit.scanner.sources import discover
from piiaudit.scanner.sources.batching import Batcher
from piiaudit.scanner.sources.documents import json_stream, read_json


def scan_dir(engine: Engine, root: Path):
    return Scan(engine).run(list(discover([root])), [root])


def items(path: Path):
    (source,) = discover([path])
    return list(source.read())


def test_csv_dialect_and_encoding_are_sniffed(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("name;email\nJosé Núñez;jose@example.com\n".encode("latin-1"))
    (names, emails) = [i for i in items(path) if isinstance(i, FieldBatch)]
    assert names.values == ["José Núñez"] and emails.values == ["jose@example.com"]


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("email\nann@example.com\n".encode("utf-16"))
    (batch,) = items(path)
    assert batch.container == "email" and batch.values == ["ann@example.com"]


def test_ragged_csv_row_is_a_record_error_and_the_rest_is_read(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,x@example.com\n2\n3,y@example.com\n")
    got = items(path)
    assert RecordError(2, "expected 2 fields, got 1") in got
    emails = next(i for i in got if isinstance(i, FieldBatch) and i.container == "b")
    assert emails.rows == [1, 3]


def test_jsonl_bad_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_text('{"a": {"email": "x@example.com"}}\n{broken\n{"a": {"email": "y@example.com"}}\n')
    got = items(path)
    (error,) = [i for i in got if isinstance(i, RecordError)]
    assert error.row == 2 and error.reason.startswith("invalid JSON")
    (batch,) = [i for i in got if isinstance(i, FieldBatch)]
    assert batch.container == "a.email" and batch.rows == [1, 3]


def test_nested_json_paths(tmp_path):
    path = tmp_path / "ctr.json"
    path.write_text(json.dumps([{"CustomerEndpoint": {"Address": "+61293744000"}, "Agent": {"ids": [1, 2]}}]))
    batch = next(i for i in items(path) if i.container == "CustomerEndpoint.Address")
    assert batch.values == ["+61293744000"] and batch.rows == [1]


def test_parquet_structs_are_flattened(tmp_path):
    path = tmp_path / "t.parquet"
    table = pa.table({"customer": [{"email": "a@example.com", "age": 3}], "amount": [1.5]})
    pq.write_table(table, path)
    containers = {i.container for i in items(path)}
    assert containers == {"customer.email"}


def test_a_containers_first_batch_holds_its_column_sample_wherever_batches_are_cut():
    batcher = Batcher(size=100)
    batches = []
    for row in range(1, 301):
        late = [("late", f"note {row}")] if row >= 90 else []  # a sparse column that starts just before the first cut
        batches += batcher.add_record(row, [("dense", f"value {row}"), *late])
    batches += batcher.flush()
    late = [b for b in batches if b.container == "late"]
    assert late[0].rows[:COLUMN_SAMPLE] == list(range(90, 90 + COLUMN_SAMPLE))
    assert [r for b in late for r in b.rows] == list(range(90, 301))
    assert max(len(b.values) for b in batches if b.container == "dense") <= 100


def test_a_record_keeps_its_own_date_in_every_batch_its_cells_reach(tmp_path):
    """A batch handed out in the middle of a record (its first cell filled a batch), or of a Parquet record batch
    (read column by column), leaves the records' dates with the cells that come after it."""
    started = [f"2014-03-{1 + row % 28:02d}T09:00:00Z" for row in range(12_000)]
    ids = [f"{row:08d}" for row in range(12_000)]
    batcher, batches = Batcher(size=10), []
    for row in range(1, 101):
        batches += batcher.add_record(row, [("started_at", started[row]), ("id", ids[row]), ("dob", "2003-02-01")])
    batches += batcher.flush()
    pq.write_table(pa.table({"started_at": started, "id": ids, "dob": ["2003-02-01"] * 12_000}), tmp_path / "t.pq")
    for found in (batches, list(items(tmp_path / "t.pq"))):
        dobs = [b for b in found if isinstance(b, FieldBatch) and b.container == "dob"]
        assert len(dobs) > 1 and all(b.record_dates and set(b.record_dates) == set(b.rows) for b in dobs)


def test_bad_sources_do_not_stop_the_scan(engine, tmp_path):
    (tmp_path / "good.csv").write_text("email\nann@example.com\n")
    (tmp_path / "binary.csv").write_bytes(b"\x00\x01\x02garbage\x00" * 10)
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    pq.write_table(pa.table({"email": ["bob@example.com"] * 100}), tmp_path / "cut.parquet")
    data = (tmp_path / "cut.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    (tmp_path / "bad.json").write_text('{"a": ')
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "wrong.txt").write_bytes(b"ok line\n" + "caf\u00e9 ".encode() * 30000 + b"\xff\xfe bad")
    result = scan_dir(engine, tmp_path)
    status = {s.uri: s for s in result.sources}
    assert status["good.csv"].status == "ok" and [f.entity for f in result.findings] == ["EMAIL_ADDRESS"]
    assert status["empty.csv"].status == "ok"
    for name in ("binary.csv", "broken.parquet", "cut.parquet", "bad.json", "bad.xlsx", "wrong.txt"):
        assert status[name].status == "error", name
        assert status[name].error and "\n" not in status[name].error
    assert "NUL" in status["binary.csv"].error


def test_scanner_never_writes_to_its_inputs(engine, tmp_path):
    (tmp_path / "a.csv").write_text("email\nann@example.com\n")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    scan_dir(engine, tmp_path)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()} == before


def test_hidden_and_unknown_files_are_skipped(tmp_path):
    (tmp_path / ".secret.csv").write_text("email\nann@example.com\n")
    (tmp_path / "notes.md").write_text("ann@example.com")
    (tmp_path / "x.log").write_text("ann@example.com")
    assert [s.uri for s in discover([tmp_path])] == ["x.log"]


def test_a_first_row_of_personal_data_is_data_not_a_header(engine, tmp_path):
    (tmp_path / "no-header.csv").write_text("ann.lee@example.com,+61 412 345 678\nbob@example.com,+61 412 345 679\n")
    (tmp_path / "keyed.json").write_text('{"carol.king@example.com": {"phone": "+61 412 345 680"}}')
    result = scan_dir(engine, tmp_path)
    found = {(f.source, f.container): f.occurrences for f in result.findings}
    assert found[("no-header.csv", "column_1")] == 2 and found[("no-header.csv", "column_2")] == 2
    assert found[("keyed.json", "*****.****@*******.***.phone")] == 1


def test_a_json_document_is_streamed_not_read_whole():
    records = [{"email": f"user{i}@example.com", "note": "x" * 200} for i in range(20_000)]
    handle = io.StringIO(json.dumps(records, indent=1))
    stream = json_stream(handle)
    assert next(stream) == (1, records[0])
    assert handle.tell() < len(handle.getvalue()) / 2  # the rest is still unread
    assert sum(1 for _ in stream) == len(records) - 1


def test_a_json_document_in_a_sniffed_encoding(tmp_path):
    path = tmp_path / "people.json"
    path.write_bytes(
        json.dumps([{"name": "José Núñez", "email": "jose@example.com"}], ensure_ascii=False).encode("cp1252")
    )
    (batch,) = [b for b in read_json(path) if isinstance(b, FieldBatch) and b.container == "name"]
    assert batch.values == ["José Núñez"]
    path.write_bytes(json.dumps({"wrapper": {"name": "Zoë"}}, ensure_ascii=False).encode("utf-16"))
    assert [b.values for b in read_json(path) if isinstance(b, FieldBatch)] == [["Zoë"]]


def test_a_last_record_with_an_unclosed_quote_is_a_record_error(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text('name,notes\nAda Byron,first\nAlan Kay,"runs on\nto the end\n')
    errors = [i for i in items(path) if isinstance(i, RecordError)]
    assert errors == [RecordError(2, "a quoted field is never closed: the record runs to the end of the file")]
    path.write_text('name,notes\nAda Byron,first\nAlan Kay,"no line break')
    assert [i for i in items(path) if isinstance(i, RecordError)] == errors
    for closed in ('"closed, and\nmultiline"\n', 'a stray " quote\n', '"with ""doubled""\nquotes"'):
        path.write_text(f"name,notes\nAda Byron,first\nAlan Kay,{closed}")
        assert not [i for i in items(path) if isinstance(i, RecordError)], closed
