"""Named hostile inputs, each with the outcome it must have: read, or an error for that source or record alone.

Huge inputs run the CLI in a subprocess with a time limit, inside a small wrapper process whose only child is
the scan, so that ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is the scan's own peak memory.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.sources.batching import as_text
from tests.conftest import ROOT, SAMPLE
from tests.test_databases import ADMIN, SERVERS

EMAIL = "ann.lee@example.com"
GiB = 1024**3
MEASURED_SCAN = """
import json, resource, subprocess, sys
timeout, *command = sys.argv[1:]
done = subprocess.run(command, capture_output=True, text=True, timeout=float(timeout))
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"status": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "peak_bytes": peak}))
"""


def scan_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["scan", *args, "--format", "json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


def sources_of(report: dict) -> dict[str, dict]:
    return {s["uri"]: s for s in report["sources"]}


def found(report: dict, source: str) -> set[tuple[str | None, str]]:
    return {(f["container"], f["entity"]) for f in report["findings"] if f["source"] == source}


def measured_scan(args: list[str], timeout_s: float, **options) -> tuple[int, dict, int]:
    """(exit status, JSON report, peak resident bytes) of ``python -m piiaudit.scanner.cli scan ARGS --format json``."""
    command = [sys.executable, "-m", "piiaudit.scanner.cli", "scan", *args, "--format", "json", "--quiet"]
    wrapper = [sys.executable, "-c", MEASURED_SCAN, str(timeout_s), *command]
    done = subprocess.run(wrapper, capture_output=True, text=True, check=True, cwd=ROOT, **options)
    outcome = json.loads(done.stdout)
    assert "Traceback" not in outcome["stderr"], outcome["stderr"]
    return outcome["status"], json.loads(outcome["stdout"]), outcome["peak_bytes"]


# --- empty files ----------------------------------------------------------------------------------------------
EMPTY_OK = (
    "empty.csv",
    "empty.tsv",
    "empty.json",
    "blank.json",
    "empty.jsonl",
    "empty.ndjson",
    "empty.txt",
    "empty.log",
)
EMPTY_BROKEN = {  # a binary format has a structure even without rows: an empty file is not one
    "empty.parquet": "not a readable Parquet file: Parquet file size is 0 bytes",
    "empty.pq": "not a readable Parquet file: Parquet file size is 0 bytes",
    "empty.xlsx": "not a readable XLSX workbook: File is not a zip file",
    "empty.xlsm": "not a readable XLSX workbook: File is not a zip file",
}
EMPTY_NOT_SCANNED = ("empty.db", "empty.sqlite", "empty.js")  # no SQLite header; a .js file only when recognised


def test_empty_files_of_every_kind(tmp_path):
    for name in (*EMPTY_OK, *EMPTY_BROKEN, *EMPTY_NOT_SCANNED):
        (tmp_path / name).write_bytes(b" \n\t\n" if name == "blank.json" else b"")
    status, report = scan_json(str(tmp_path))
    sources = sources_of(report)
    assert set(sources) == {*EMPTY_OK, *EMPTY_BROKEN}
    for name in EMPTY_OK:
        assert (sources[name]["status"], sources[name]["records"], sources[name]["error"]) == ("ok", 0, None), name
    for name, reason in EMPTY_BROKEN.items():
        assert (sources[name]["status"], sources[name]["error"]) == ("error", reason)
    assert status == 3 and report["findings"] == []


# --- 200 MB on one line ---------------------------------------------------------------------------------------
FILLER = ("x" * 63 + " ") * 16384  # 1 MiB that the detectors pass over quickly


def write_one_line(path: Path, mebibytes: int, header: str = "") -> None:
    """A file of ``mebibytes`` MiB on one line (no newline after ``header``), an e-mail address near its end."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        for _ in range(mebibytes):
            handle.write(FILLER)
        handle.write(f"contact {EMAIL} thanks")


@pytest.mark.timeout(90)
@pytest.mark.parametrize(
    ("name", "header", "container", "peak_limit"),
    [
        ("huge.log", "", None, 1 * GiB),  # read in pieces of 100,000 characters
        ("huge.csv", "note\n", "note", 1.5 * GiB),  # one 200 MB cell, which Python's csv module builds 4 bytes a char
    ],
)
def test_a_200_mb_line_without_newline(tmp_path, name, header, container, peak_limit):
    write_one_line(tmp_path / name, 200, header)
    assert (tmp_path / name).stat().st_size > 200 * 1024**2
    status, report, peak = measured_scan([str(tmp_path / name)], timeout_s=60)
    (source,) = report["sources"]
    assert status == 0 and source["status"] == "ok" and source["records"] == 1
    assert found(report, name) == {(container, "EMAIL_ADDRESS")}
    assert peak < peak_limit, f"peak memory {peak / 2**20:.0f} MiB"


def test_a_value_across_the_cut_of_a_long_line_is_read_whole(tmp_path):
    before = "word " * 19_998 + "abcd "  # 99,995 characters: the address runs over the 100,000th
    (tmp_path / "long.log").write_text(f"{before}{EMAIL} and more\n")
    _, report = scan_json(str(tmp_path / "long.log"))
    (finding,) = report["findings"]
    assert (finding["occurrences"], finding["examples"][0]["masked"]) == (1, "a***@example.com")


def test_numbers_that_are_not_finite(tmp_path):
    (tmp_path / "numbers.json").write_text(f'[{{"n": Infinity, "m": -Infinity, "o": NaN, "email": "{EMAIL}"}}]')
    pq.write_table(pa.table({"n": [float("inf"), float("nan")], "email": [EMAIL, None]}), tmp_path / "numbers.parquet")
    status, report = scan_json(str(tmp_path))
    assert status == 0 and [s["status"] for s in report["sources"]] == ["ok", "ok"]
    assert {f["source"] for f in report["findings"]} == {"numbers.json", "numbers.parquet"}
    for database_value in (Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"), Decimal("sNaN")):  # NUMERIC
        assert as_text(database_value) is None


# --- encodings ------------------------------------------------------------------------------------------------
CSV_TEXT = f"name,email,note\nJosé Müller,{EMAIL},“Straße” café — naïve\n"
SEED = (ROOT / "docs" / "seed-policies" / "cytracom-privacy-policy-2019-08-09.txt").read_text(encoding="utf-8")
SEED_BYTES = SEED.encode("mac_latin2")  # the seed text is UTF-8 once shown as Mac text: these are its bytes again
REPAIRED = SEED_BYTES.decode("utf-8", errors="replace").replace("\ufffd", "’")  # the policy as its authors wrote it
POLICY_LINE = f"\nQuestions: write to {EMAIL}.\n"


ENCODED = {
    "utf16-bom.csv": CSV_TEXT.encode("utf-16"),
    "utf16le-no-bom.csv": CSV_TEXT.encode("utf-16-le"),
    "utf16be-no-bom.csv": CSV_TEXT.encode("utf-16-be"),
    "latin1.csv": CSV_TEXT.replace("“", '"').replace("”", '"').replace("—", "-").encode("latin-1"),
    "cp1252.csv": CSV_TEXT.encode("cp1252"),
    "mac-roman.csv": CSV_TEXT.encode("mac_roman"),
    "seed-mojibake.txt": (SEED + POLICY_LINE).encode("utf-8"),  # UTF-8 of text once read in the wrong code page
    "seed-mixed.txt": SEED_BYTES + POLICY_LINE.encode("ascii"),  # UTF-8 with Mac Roman bytes inside
    "seed-mac-roman.txt": (REPAIRED + POLICY_LINE).encode("mac_roman"),  # every byte valid Mac Roman
}


@pytest.mark.parametrize("name", ENCODED)
def test_encodings_are_read(tmp_path, name):
    (tmp_path / name).write_bytes(ENCODED[name])
    status, report = scan_json(str(tmp_path / name))
    (source,) = report["sources"]
    assert status == 0 and source["status"] == "ok", source
    assert (None if name.endswith(".txt") else "email", "EMAIL_ADDRESS") in found(report, name)


def test_the_single_byte_cases_are_not_utf8():
    for name in ("latin1.csv", "cp1252.csv", "mac-roman.csv", "seed-mixed.txt", "seed-mac-roman.txt"):
        with pytest.raises(UnicodeDecodeError):
            ENCODED[name].decode("utf-8")
    assert "@" not in SEED  # the e-mail address found is the one planted


def test_an_invalid_utf8_byte_in_the_middle_is_a_clear_error(tmp_path):
    rows = "".join(f"{i},user{i}@example.com\n" for i in range(6000))  # beyond the 64 KiB the encoding is sniffed from
    data = f"id,email\n{rows}".encode() + b"6000,caf\xe9@example.com\n" + b"6001,last@example.com\n"
    (tmp_path / "broken.csv").write_bytes(data)
    (tmp_path / "good.csv").write_text(f"email\n{EMAIL}\n")
    status, report = scan_json(str(tmp_path))
    broken = sources_of(report)["broken.csv"]
    offset = data.index(b"\xe9")
    assert broken["status"] == "error" and broken["error"] == (
        f"not valid utf-8 text (the encoding sniffed from its start): byte 0xe9 at offset {offset}, line 6002"
    )
    assert status == 3 and found(report, "good.csv") == {("email", "EMAIL_ADDRESS")}


# --- NUL bytes and binaries with a text name --------------------------------------------------------------------
def test_nul_bytes_and_binaries_named_csv(tmp_path):
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
    (tmp_path / "nul-early.csv").write_bytes(b"email,note\n" + EMAIL.encode() + b",a\x00b\n")
    (tmp_path / "image.csv").write_bytes(png)
    (tmp_path / "noise.csv").write_bytes(random.Random(7).randbytes(100_000))
    (tmp_path / "parquet.csv").write_bytes((SAMPLE / "payments.parquet").read_bytes())
    late = b"email,note\n" + f"{EMAIL},ok\n".encode() * 5000 + b"x,\x00\x00\n" + b"late@example.com,ok\n"
    (tmp_path / "nul-late.csv").write_bytes(late)  # a NUL after the first 64 KiB: a cell like any other
    status, report = scan_json(str(tmp_path))
    sources = sources_of(report)
    for name in ("nul-early.csv", "image.csv", "noise.csv", "parquet.csv"):
        assert sources[name]["status"] == "error", name
        assert sources[name]["error"] == "binary content (NUL bytes) in a text file", name
    assert sources["nul-late.csv"]["status"] == "ok" and sources["nul-late.csv"]["records"] == 5002
    occurrences = next(f for f in report["findings"] if f["source"] == "nul-late.csv")["occurrences"]
    assert status == 3 and occurrences == 5001


# --- deeply nested JSON -----------------------------------------------------------------------------------------
DEEP_ARRAY = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + f'"{EMAIL}"' + "}" * 10_000


def test_json_nested_10000_levels(tmp_path):
    (tmp_path / "deep-array.json").write_text(DEEP_ARRAY)
    (tmp_path / "deep-object.json").write_text(DEEP_OBJECT)
    lines = [json.dumps({"email": EMAIL}), DEEP_OBJECT, json.dumps({"email": "second@example.com"})]
    (tmp_path / "chat.jsonl").write_text("\n".join(lines) + "\n")
    ctr = (SAMPLE / "callcentre" / "amazon_connect" / "ctr.jsonl").read_text().splitlines()
    (tmp_path / "ctr.jsonl").write_text("\n".join([ctr[0], DEEP_ARRAY, *ctr[1:3]]) + "\n")
    status, report = scan_json(str(tmp_path))
    sources = sources_of(report)
    for name in ("deep-array.json", "deep-object.json"):
        assert (sources[name]["status"], sources[name]["error"]) == ("error", "JSON nested too deeply to read")
    for name, kind in (("chat.jsonl", "jsonl"), ("ctr.jsonl", "amazon-connect-ctr")):
        assert sources[name]["kind"] == kind and sources[name]["status"] == "ok"
        assert sources[name]["record_errors"] == [{"row": 2, "reason": "JSON nested too deeply to read"}]
    chat = [f for f in report["findings"] if f["source"] == "chat.jsonl"]
    assert [(f["container"], f["occurrences"]) for f in chat] == [("email", 2)]
    ctr_rows = {e["row"] for f in report["findings"] if f["source"] == "ctr.jsonl" for e in f["examples"]}
    assert ctr_rows == {1, 3, 4} and status == 3


# --- 100,000 columns --------------------------------------------------------------------------------------------
@pytest.mark.timeout(120)
def test_a_csv_with_100000_columns(tmp_path):
    columns = 100_000
    header = ",".join(f"c{i}" for i in range(1, columns + 1))
    cells = [str(i % 10) for i in range(1, columns + 1)]
    cells[99_998] = EMAIL  # column 99,999
    (tmp_path / "wide.csv").write_text(f"{header}\n{','.join(cells)}\n")
    status, report, peak = measured_scan([str(tmp_path / "wide.csv")], timeout_s=90)
    (source,) = report["sources"]
    assert status == 0 and source["status"] == "ok" and source["records"] == 1
    assert found(report, "wide.csv") == {("c99999", "EMAIL_ADDRESS")}
    assert peak < 1 * GiB, f"peak memory {peak / 2**20:.0f} MiB"


# --- links, pipes and what the scanner may not read ---------------------------------------------------------------
@pytest.mark.timeout(60)
def test_symlink_loops_dangling_links_and_a_named_pipe(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "people.csv").write_text(f"email\n{EMAIL}\n")
    os.symlink("..", tmp_path / "d" / "sub" / "up")  # directory loops: never followed
    os.symlink(tmp_path, tmp_path / "d" / "root")
    os.symlink("self.csv", tmp_path / "self.csv")
    os.symlink("ping.csv", tmp_path / "pong.csv")
    os.symlink("pong.csv", tmp_path / "ping.csv")
    os.symlink(tmp_path / "missing.csv", tmp_path / "dangling.csv")
    os.mkfifo(tmp_path / "pipe.csv")  # opening it would wait for a writer forever
    os.symlink("sub/people.csv", tmp_path / "d" / "alias.csv")
    status, report = scan_json(str(tmp_path))
    sources = sources_of(report)
    loop = "cannot be read (a broken symbolic link): Too many levels of symbolic links"
    assert {uri: s["error"] for uri, s in sources.items()} == {
        "d/alias.csv": None,  # a link to a file is read like the file
        "d/sub/people.csv": None,
        "dangling.csv": "cannot be read (a broken symbolic link): No such file or directory",
        "ping.csv": loop,
        "pong.csv": loop,
        "self.csv": loop,
        "pipe.csv": "not a regular file but a named pipe: not opened",
    }
    assert status == 3 and found(report, "d/sub/people.csv") == {("email", "EMAIL_ADDRESS")}


def without_root_read_override() -> None:
    """In the child, before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so root obeys file modes too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def permissions_apply() -> bool:
    """Whether a mode of 000 stops this test's scan: as a user always, as root once its read override is dropped."""
    if os.geteuid() != 0:
        return True
    try:
        return subprocess.run(["true"], preexec_fn=without_root_read_override, check=False).returncode == 0
    except subprocess.SubprocessError:  # the preexec function failed: no CAP_SETPCAP here
        return False


@pytest.mark.timeout(60)
def test_unreadable_directory_and_file(tmp_path):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "people.csv").write_text(f"email\n{EMAIL}\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.csv").write_text("email\nhidden@example.com\n")
    (tmp_path / "secret.csv").write_text("email\nsecret@example.com\n")
    (tmp_path / "archive").mkdir()  # excluded by the configuration: not reported either
    (tmp_path / "piiaudit.yaml").write_text('exclude: ["archive/**"]\n')
    for path in ("locked", "secret.csv", "archive"):
        (tmp_path / path).chmod(0)
    try:
        if not permissions_apply():
            pytest.skip("running as root without CAP_SETPCAP: file modes cannot be made to apply to the scan")
        as_root = {"preexec_fn": without_root_read_override} if os.geteuid() == 0 else {}
        arguments = [str(tmp_path), "--config", str(tmp_path / "piiaudit.yaml")]
        status, report, _ = measured_scan(arguments, timeout_s=50, **as_root)
    finally:
        for path in ("locked", "archive"):
            (tmp_path / path).chmod(0o755)
    sources = sources_of(report)
    assert set(sources) == {"locked", "secret.csv", "open/people.csv"}
    assert sources["locked"]["kind"] == "directory"
    assert sources["locked"]["error"] == "cannot list this directory: Permission denied"
    assert sources["secret.csv"]["status"] == "error" and "Permission denied" in sources["secret.csv"]["error"]
    assert sources["open/people.csv"]["status"] == "ok" and found(report, "open/people.csv")
    assert status == 3 and "hidden.csv" not in json.dumps(report)


# --- database identifiers that are quotes, spaces and SQL ---------------------------------------------------------
HOSTILE_TABLES = {  # table name → column names, each holding e-mail addresses
    "Robert'); DROP TABLE students;--": ["e-mail address", 'x"); DELETE FROM students; --'],
    'odd "name" with spaces': ["%s", "%(email)s"],
    "select * from students where 1=1": ["back`tick", "sémi;colon 表"],
}
STATEMENT_WORDS = re.compile(r"\b(DROP|DELETE|1=1)\b|;|--|`|%\(", re.IGNORECASE)  # from the hostile names
QUOTED_IDENTIFIER = re.compile(r'"(?:[^"]|"")*"')
DATA_READ = re.compile(r'SELECT .*\nFROM (?P<table>students|"(?:[^"]|"")*")$', re.DOTALL)


def quoted(name: str) -> str:
    """``name`` as an SQL standard quoted identifier; ``students`` needs no quotes."""
    return name if name == "students" else '"' + name.replace('"', '""') + '"'


def hostile_metadata() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table("students", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.String(80)))
    for table, columns in HOSTILE_TABLES.items():
        sa.Table(
            table,
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            *(sa.Column(c, sa.String(80)) for c in columns),
        )
    return metadata


def populate_hostile(engine: sa.Engine) -> None:
    metadata = hostile_metadata()
    metadata.create_all(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            rows = [
                {c.name: f"user{i}.{n}@example.com" for n, c in enumerate(table.columns) if c.name != "id"}
                for i in range(5)
            ]
            connection.execute(table.insert(), [{"id": i + 1, **row} for i, row in enumerate(rows)])


def all_rows(engine: sa.Engine) -> dict[str, list[tuple]]:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {
            name: [tuple(r) for r in connection.execute(sa.select(t).order_by(t.c.id))]
            for name, t in metadata.tables.items()
        }


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Every SQL statement any engine sends while the block runs."""
    sent: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)


@contextmanager
def fresh_postgresql() -> Iterator[str]:
    name = f"piiaudit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(SERVERS["postgresql"].format(db=ADMIN["postgresql"]), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not running on 127.0.0.1 (run .ci/start-services): {exc}")
    try:
        yield SERVERS["postgresql"].format(db=name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@contextmanager
def hostile_database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'hostile.db'}"
        return
    with fresh_postgresql() as url:
        yield url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_identifiers_made_of_quotes_spaces_and_sql(backend, tmp_path):
    with hostile_database(backend, tmp_path) as url:
        engine = sa.create_engine(url)
        try:
            populate_hostile(engine)
            before = all_rows(engine)
            with statements_sent() as sent:
                status, report = scan_json(url)
            assert all_rows(engine) == before and set(before) == {"students", *HOSTILE_TABLES}
        finally:
            engine.dispose()
    (source,) = report["sources"]
    assert status == 0 and source["status"] == "ok"
    assert {t["name"]: (t["status"], t["records"]) for t in source["tables"]} == {t: ("ok", 5) for t in before}
    expected = {
        (f"{table}.{column}", "EMAIL_ADDRESS") for table, columns in HOSTILE_TABLES.items() for column in columns
    }
    assert found(report, source["uri"]) == expected | {("students.email", "EMAIL_ADDRESS")}
    reads = [s for s in sent if DATA_READ.match(s)]  # the reflection queries pass names as parameters
    assert sorted(DATA_READ.match(s)["table"] for s in reads) == sorted(quoted(t) for t in before)
    for statement in reads:  # every hostile name is inside a quoted identifier; what is left is plain SQL
        assert not STATEMENT_WORDS.search(QUOTED_IDENTIFIER.sub('""', statement)), statement
