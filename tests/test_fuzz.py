"""Property-based fuzzing of every reader and the detectors: no input crashes or hangs a scan.

Each reader gets well-formed files with hostile content around one good record holding an e-mail
address (the property: the source is read, the good record is found, and a malformed record is a
``RecordError`` with its row), and real files from sample_data mutated (truncated, bytes injected or
flipped, lines dropped or repeated; the property: the scan ends, the file is read or is an error with
a one-line reason that is not a programming error, and a good file beside it is still scanned). The
call-centre exports also get one record's fields flipped, with a good record elsewhere in the file.
The detectors and the engine get arbitrary text with fragments of real personal data, in every kind
of field, and never leave a full value in masked evidence.

Hypothesis is derandomized (the same examples on every run, no example database); the harness bounds
each test's time. ``PIIAUDIT_FUZZ_SCALE=20 pytest tests/test_fuzz.py`` runs twenty times the examples.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from piiaudit.detectors.registry import load_detectors
from piiaudit.scanner.engine.detection import Engine
from piiaudit.scanner.model import FieldBatch, FieldContext, Occurrence, ScanResult, SourceResult, meanings
from piiaudit.scanner.run.local import Scan
from piiaudit.scanner.sources import discover, telephony
from piiaudit.scanner.sources.batching import looks_personal
from piiaudit.scanner.sources.tabular import header_names
from tests import corpus

DETECTORS = load_detectors()
SCALE = int(os.environ.get("PIIAUDIT_FUZZ_SCALE", "1"))
GOOD_EMAIL = "good.record@example.com"
SIBLING = "zz_sibling.csv"  # a good file scanned beside every fuzzed one
FILES, PLANTS = corpus.build()
# a reason like "KeyError: 'x'" is a reader's crash caught by the scan, not a reason a person can act on
PROGRAMMING_ERROR = re.compile(
    r"^(TypeError|AttributeError|KeyError|IndexError|NameError|UnboundLocalError|AssertionError|RecursionError"
    r"|ZeroDivisionError|StopIteration|RuntimeError|NotImplementedError|SystemError|MemoryError|ValueError):"
)


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# --- scanning and the properties every scan must have ---------------------------------------------------
@dataclass
class Outcome:
    """The fuzzed file's result and every occurrence of the scan."""

    source: SourceResult
    occurrences: list[Occurrence]

    def found(self, row: int, container: str | None) -> bool:
        """Whether the good e-mail address was found in ``row`` of ``container`` of the fuzzed file."""
        return any(
            o.entity == "EMAIL_ADDRESS" and o.row == row and o.container == container and o.masked == "g***@example.com"
            for o in self.occurrences
            if o.source == self.source.uri
        )

    def error_rows(self) -> set[int]:
        return {e.row for e in self.source.record_errors}


def one_line(reason: str | None) -> bool:
    return bool(reason) and "\n" not in reason and "\r" not in reason and "Traceback" not in reason


def assert_survived(result: ScanResult, occurrences: list[Occurrence]) -> None:
    """Every source ok or failed with a one-line reason; record errors with a row; the sibling file still scanned."""
    for source in result.sources:
        assert (source.status == "error") == (source.error is not None), source
        if source.error is not None:
            assert one_line(source.error), source.error
            assert not PROGRAMMING_ERROR.match(source.error), source.error
        for error in source.record_errors:
            assert error.row >= 1 and one_line(error.reason), error
    sibling = [(o.row, o.container, o.entity) for o in occurrences if o.source == SIBLING]
    assert sibling == [(1, "email", "EMAIL_ADDRESS")]


def scan_files(files: dict[str, bytes]) -> Outcome:
    """Scan the files (one of them fuzzed) and the good sibling in a fresh directory; check the common properties."""
    with tempfile.TemporaryDirectory(prefix="piiaudit-fuzz-") as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        (root / SIBLING).write_text(f"email\n{GOOD_EMAIL}\n")
        occurrences: list[Occurrence] = []
        result = Scan(Engine(DETECTORS), on_occurrences=occurrences.extend).run(list(discover([root])), [root])
    assert_survived(result, occurrences)
    (fuzzed,) = [s for s in result.sources if s.uri != SIBLING] or [SourceResult("(skipped)", "none")]
    return Outcome(fuzzed, occurrences)


# --- strategies ---------------------------------------------------------------------------------------------
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")  # NUL: a binary file
TEXT = st.text(ANY_CHARACTER, max_size=40)
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"), max_size=80)
FRAGMENTS = sorted({p.value for p in PLANTS})
HOSTILE_BYTES = [b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\x80", b'"', b"'", b",", b";",
                 b"\t", b"\r", b"\n", b"\r\n", b"\\", b"{", b"}", b"[", b"]", b"[" * 3000, b"\xe2\x80\xa8", b"@",
                 b"\x1a"]  # fmt: skip
TEXT_WITH_PII = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), TEXT, st.sampled_from(" ,;:@.-+/()<>\n\t")), max_size=12
).map("".join)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(ANY_CHARACTER, max_size=30),
    st.sampled_from(FRAGMENTS),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(ANY_CHARACTER, max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after one to three mutations: truncation, inserted or flipped bytes, lines dropped or repeated."""
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["truncate", "insert", "flip", "drop_line", "repeat_line"]))
        at = draw(st.integers(0, len(data)))
        if operation == "truncate":
            data = data[:at]
        elif operation == "insert":
            data = (
                data[:at]
                + draw(st.one_of(st.sampled_from(HOSTILE_BYTES), st.binary(min_size=1, max_size=16)))
                + data[at:]
            )
        elif operation == "flip" and at < len(data):
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif operation in ("drop_line", "repeat_line"):
            lines = data.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(0, len(lines) - 1))
                lines[index : index + 1] = [] if operation == "drop_line" else [lines[index]] * 2
                data = b"".join(lines)
    return data


# --- detectors and engine ---------------------------------------------------------------------------------
COLUMNS = st.one_of(
    st.none(),
    st.sampled_from(["email", "phone", "notes", "order_number", "version", "clid", "CustomerEndpoint.Address"]),
    TEXT,
)
MEANINGS = st.one_of(
    st.none(), st.sampled_from(sorted(v for k, v in vars(meanings).items() if k.isupper() and isinstance(v, str)))
)
WHERE = st.builds(
    FieldContext,
    column=COLUMNS,
    free_text=st.booleans(),
    sample=st.lists(TEXT_WITH_PII, max_size=3).map(tuple),
    meaning=MEANINGS,
)


@pytest.mark.timeout(120)
@fuzz(300)
@given(text=TEXT_WITH_PII, where=WHERE)
def test_every_detector_finds_only_spans_inside_any_text(text, where):
    for detector in DETECTORS:
        for match in detector.find(text, where):
            assert 0 <= match.start < match.end <= len(text), (detector.NAME, match)
            assert 0.0 <= match.score <= 1.0 and match.entity == detector.ENTITY


@pytest.mark.timeout(120)
@fuzz(200)
@given(values=st.lists(TEXT_WITH_PII, max_size=6), container=COLUMNS, free_text=st.one_of(st.none(), st.booleans()),
       meaning=MEANINGS)  # fmt: skip
def test_engine_masks_every_occurrence_and_finds_the_good_value(values, container, free_text, meaning):
    values = [*values, GOOD_EMAIL]
    batch = FieldBatch(container, list(range(1, len(values) + 1)), values, free_text, meaning)
    occurrences = Engine(DETECTORS).scan("fuzz", batch)
    for o in occurrences:
        raw = values[o.row - 1][o.start : o.end]
        assert raw and o.masked, o
        assert len(raw) < 6 or raw not in o.masked, (o.entity, o.masked)
    if meaning in meanings.NOT_PERSONAL_MEANINGS:
        assert not occurrences  # the system's own endpoint: nothing in it is reported
    else:
        assert any(o.row == len(values) and o.entity == "EMAIL_ADDRESS" for o in occurrences)


# --- CSV ------------------------------------------------------------------------------------------------------
CELL = st.one_of(TEXT, st.sampled_from(FRAGMENTS))


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.timeout(120)
@fuzz(200)
@given(header=st.lists(CELL, min_size=1, max_size=6), rows=st.lists(st.lists(CELL, max_size=7), max_size=8))
def test_csv_with_hostile_cells(header, rows):
    good = [GOOD_EMAIL] + [""] * (len(header) - 1)
    outcome = scan_files({"fuzzed.csv": csv_bytes([header, *rows, good])})
    assert outcome.source.status == "ok", outcome.source.error
    if any(looks_personal(cell) for cell in header):  # a first row of personal-looking values is data
        data, columns = [header, *rows], [f"column_{i}" for i in range(1, len(header) + 1)]
    else:
        data, columns = rows, header_names(header)
    ragged = {n for n, row in enumerate(data, 1) if len(row) != len(header) and any(c.strip() for c in row)}
    assert outcome.error_rows() == ragged
    assert outcome.found(len(data) + 1, columns[0])


# --- JSON Lines and JSON documents ----------------------------------------------------------------------------
def json_error(line: str) -> bool:
    try:
        json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return True
    return False


@pytest.mark.timeout(120)
@fuzz(200)
@given(lines=st.lists(st.one_of(JSON_VALUES.map(json_text), LINE_TEXT), max_size=8))
def test_jsonl_with_hostile_lines(lines):
    text = "\n".join([*lines, json_text({"email": GOOD_EMAIL})]) + "\n"
    outcome = scan_files({"fuzzed.jsonl": text.encode("utf-8")})
    assert outcome.source.status == "ok", outcome.source.error
    assert outcome.error_rows() == {n for n, line in enumerate(lines, 1) if line.strip() and json_error(line)}
    assert outcome.found(len(lines) + 1, "email")


@pytest.mark.timeout(120)
@fuzz(150)
@given(records=st.lists(JSON_VALUES, max_size=6))
def test_json_document_with_hostile_records(records):
    document = json_text([*records, {"email": GOOD_EMAIL}])
    outcome = scan_files({"fuzzed.json": document.encode("utf-8")})
    assert outcome.source.status == "ok", outcome.source.error
    assert outcome.found(len(records) + 1, "email")


# --- text and log files ---------------------------------------------------------------------------------------
@pytest.mark.timeout(120)
@fuzz(200)
@given(lines=st.lists(LINE_TEXT, max_size=10), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_log_with_hostile_lines(lines, encoding):
    text = "\n".join([*lines, f"mail sent to {GOOD_EMAIL} ok"]) + "\n"
    outcome = scan_files({"fuzzed.log": text.encode(encoding)})
    assert outcome.source.status == "ok", outcome.source.error
    assert outcome.found(len(lines) + 1, None)


# --- Parquet ------------------------------------------------------------------------------------------------------
def typed_column(rows: int) -> st.SearchStrategy[pa.Array]:
    """One Parquet column of ``rows`` values of a drawn type (nulls anywhere)."""
    values: dict[str, st.SearchStrategy] = {
        "string": CELL,
        "int64": st.integers(-(2**63), 2**63 - 1),
        "double": st.floats(),
        "bool": st.booleans(),
        "binary": st.binary(max_size=20),
        "date": st.dates(),
        "timestamp": st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
        "list": st.lists(CELL, max_size=3),
        "struct": st.fixed_dictionaries({"name": CELL, "n": st.integers(-1000, 10**12)}),
    }
    return st.sampled_from(sorted(values)).flatmap(
        lambda kind: st.lists(st.none() | values[kind], min_size=rows, max_size=rows).map(
            lambda cells: pa.array(cells, type=pa.binary() if kind == "binary" else None)
        )
    )


@st.composite
def parquet_tables(draw: st.DrawFn) -> tuple[pa.Table, int]:
    rows = draw(st.integers(0, 6))
    names = draw(st.lists(st.text(ANY_CHARACTER, max_size=12).filter(lambda n: n != "email"), unique=True, max_size=5))
    columns = {name: draw(typed_column(rows)) for name in names}
    table = pa.table({**columns, "email": pa.array([None] * rows, type=pa.string())})
    good = pa.table({**{n: pa.nulls(1, c.type) for n, c in columns.items()}, "email": [GOOD_EMAIL]})
    return pa.concat_tables([table, good]), draw(st.integers(1, rows + 1))


@pytest.mark.timeout(120)
@fuzz(150)
@given(drawn=parquet_tables())
def test_parquet_with_hostile_columns(drawn):
    table, row_group = drawn
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=row_group)
    outcome = scan_files({"fuzzed.parquet": buffer.getvalue()})
    assert outcome.source.status == "ok", outcome.source.error
    assert outcome.found(table.num_rows, "email")


# --- XLSX ----------------------------------------------------------------------------------------------------------
XLSX_CELL = st.one_of(
    st.none(),
    CELL.map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
)
SHEET_TITLE = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="[]:*?/\\'"), min_size=1,
                      max_size=20).filter(lambda t: t.strip() == t and t.lower() != "history")  # fmt: skip


@pytest.mark.timeout(120)
@fuzz(100)
@given(
    title=SHEET_TITLE,
    header=st.lists(XLSX_CELL, max_size=5),
    rows=st.lists(st.lists(XLSX_CELL, max_size=7), max_size=6),
)
def test_xlsx_with_hostile_cells(title, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [["email", *header], *[[None, *row] for row in rows], [GOOD_EMAIL]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = scan_files({"fuzzed.xlsx": buffer.getvalue()})
    assert outcome.source.status == "ok", outcome.source.error
    assert outcome.found(len(rows) + 1, f"{title}.email")


# --- every reader on mutated real files ---------------------------------------------------------------------------
def first_lines(name: str, count: int) -> bytes:
    return b"".join(FILES[name].splitlines(keepends=True)[:count])


CUSTOMERS = list(csv.DictReader(io.StringIO(FILES["crm_customers.csv"].decode("utf-8"))))
PLAIN_FILES = {  # short files: the time goes into the variety of mutations, not into scanning long ones
    "crm_customers.csv": first_lines("crm_customers.csv", 30),
    "chat_transcripts.jsonl": first_lines("chat_transcripts.jsonl", 8),
    "app.log": first_lines("app.log", 40),
    "customers.json": json.dumps(CUSTOMERS[:5], indent=1).encode("utf-8"),
    "payments.parquet": FILES["payments.parquet"],
    "staff.xlsx": FILES["staff.xlsx"],
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", PLAIN_FILES)
@fuzz(100)
@given(data=st.data())
def test_mutated_sample_files(name, data):
    scan_files({name: data.draw(mutated(PLAIN_FILES[name]))})


# --- call-centre exports ------------------------------------------------------------------------------------------
CALLCENTRE = [
    "callcentre/asterisk/Master.csv",
    "callcentre/asterisk/freepbx_cdr.csv",
    "callcentre/freeswitch/Master.csv",
    "callcentre/freeswitch/json_cdr/24955345-eb12-4ef6-b083-f60e411888ee.cdr.json",
    "callcentre/twilio/calls.json",
    "callcentre/twilio/messages.csv",
    "callcentre/amazon_connect/ctr.jsonl",
    "callcentre/genesys/conversation_details.json",
    "callcentre/webchat/chats.json",
    "callcentre/twitter/data/tweets.js",
]


def export_format(name: str, data: bytes) -> telephony.CallCentreFormat:
    """The format an export is recognised as."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        fmt = telephony.recognise(path)
    assert fmt is not None, name
    return fmt


def json_export(name: str, data: bytes) -> tuple[str, object, list]:
    """(``window.YTD… =`` prefix or "", the document, its records: the list inside the document, or [document])."""
    text = data.decode("utf-8")
    assignment = telephony.JS_ASSIGNMENT.match(text)
    prefix = assignment.group() if assignment else ""
    document = json.loads(text[len(prefix) :])
    return prefix, document, records_of(export_format(name, data), document)


def records_of(fmt: telephony.CallCentreFormat, document: object) -> list[object]:
    """The records of a whole JSON document: an array, a wrapper's record list, or the document itself."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        listed = next((document[key] for key in fmt.record_lists if isinstance(document.get(key), list)), None)
        if listed is not None:
            return listed
    return [document]


def shortened(name: str, count: int = 6) -> bytes:
    """A JSON export cut to its first ``count`` records; CSV exports stay whole (they are recognised by 20 rows)."""
    if name.endswith(".csv"):
        return FILES[name]
    if name.endswith(".jsonl"):
        return first_lines(name, count)
    prefix, document, records = json_export(name, FILES[name])
    records[count:] = []
    return (prefix + json.dumps(document, indent=2, ensure_ascii=False)).encode("utf-8")


EXPORTS = {name: shortened(name) for name in CALLCENTRE}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", CALLCENTRE, ids=lambda n: n.removeprefix("callcentre/"))
@fuzz(60)
@given(data=st.data())
def test_mutated_callcentre_exports(name, data):
    scan_files({Path(name).name: data.draw(mutated(EXPORTS[name]))})


@st.composite
def flipped(draw: st.DrawFn, record: object) -> object:
    """A copy of ``record`` with one value somewhere inside it (or the whole record) replaced by fuzzed JSON."""
    record = copy.deepcopy(record)
    parent, key, node = None, None, record
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        key = draw(st.sampled_from(list(node)) if isinstance(node, dict) else st.integers(0, len(node) - 1))
        parent, node = node, node[key]
    replacement = draw(JSON_VALUES)
    if parent is None:
        return replacement
    parent[key] = replacement
    return record


def flip_csv_record(draw: st.DrawFn, name: str) -> tuple[bytes, int, int, str]:
    """The export with a good e-mail in the last cell of one record and another record's cells fuzzed.

    Records after the rows a format is recognised by are fuzzed, so the file is still recognised.
    """
    fmt = export_format(name, EXPORTS[name])
    lines = EXPORTS[name].decode("utf-8").splitlines(keepends=True)
    rows = [next(csv.reader([line])) for line in lines]
    header = 1 if fmt.csv_columns(rows[: telephony.HEAD_ROWS])[0] is None else 0
    good, bad = 2, draw(st.integers(telephony.HEAD_ROWS + 1, len(rows) - header))
    rows[header + good - 1][-1] = GOOD_EMAIL
    cells = rows[header + bad - 1]
    if draw(st.booleans()):
        cells = draw(st.lists(CELL, max_size=len(cells) + 2))
    else:
        cells[draw(st.integers(0, len(cells) - 1))] = draw(CELL)
    lines[header + good - 1] = csv_bytes([rows[header + good - 1]]).decode("utf-8")
    lines[header + bad - 1] = csv_bytes([cells]).decode("utf-8")
    container = rows[0][-1] if header else fmt.columns[-1]
    return "".join(lines).encode("utf-8"), good, bad, container


def flip_json_record(draw: st.DrawFn, name: str) -> tuple[bytes, int | None, int, str]:
    """The export with one field of a record (or all of it) fuzzed and a good e-mail added to another record.

    An export of one record (a FreeSWITCH JSON CDR) gets the good e-mail in the fuzzed record, where it still is one.
    """
    if name.endswith(".jsonl"):
        records = [json.loads(line) for line in EXPORTS[name].splitlines()]
        prefix, document = "", None
    else:
        prefix, document, records = json_export(name, EXPORTS[name])  # changing the records changes the document
        if records[0] is document:
            document = None
    good: int | None = 2 if len(records) > 1 else 1
    bad = draw(st.integers(min(3, len(records)), len(records)))  # the first record is what the format is known by
    records[bad - 1] = draw(flipped(records[bad - 1]))
    if isinstance(records[good - 1], dict):
        records[good - 1]["FuzzNote"] = GOOD_EMAIL
    else:
        good = None
    if name.endswith(".jsonl"):
        lines = [json_text(r) for r in records]
        if draw(st.booleans()):
            lines[bad - 1] = draw(LINE_TEXT)
            good = None if good == bad else good
        return ("\n".join(lines) + "\n").encode("utf-8"), good, bad, "FuzzNote"
    return (prefix + json_text(records[0] if document is None else document)).encode("utf-8"), good, bad, "FuzzNote"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", CALLCENTRE, ids=lambda n: n.removeprefix("callcentre/"))
@fuzz(40)
@given(data=st.data())
def test_callcentre_record_with_flipped_fields(name, data):
    flip: Callable = flip_csv_record if name.endswith(".csv") else flip_json_record
    content, good, bad, container = flip(data.draw, name)
    outcome = scan_files({Path(name).name: content})
    assert outcome.source.status == "ok", outcome.source.error
    assert outcome.error_rows() <= {bad}
    if good is not None and good not in outcome.error_rows():
        assert outcome.found(good, container)
