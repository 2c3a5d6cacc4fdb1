"""Never the leak, never a write: every output of a full scan holds masked evidence only, and no input changes.

A copy of sample_data, with a SQLite database in it, and a PostgreSQL database holding the same planted
customers, are scanned against the Cytrack policy into every output the command line has: the terminal
summary (plain, ``--explain`` and ``--quiet``), the JSON report on stdout and in a file, SARIF, HTML, CSV and
Parquet findings, occurrences as JSON Lines and Parquet, a baseline and a scan compared with it. No planted
value (``planted_values``: every full value sample_data/generate.py planted, five characters or more) may
appear in any of them: byte for byte, as JSON, HTML or CSV would escape it, across a line break, or inside
a Parquet file's decompressed pages. Every output file has mode 0600, and every input is as it was.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from tests.conftest import SAMPLE
from tests.test_hostile_inputs import fresh_postgresql

POLICY = SAMPLE / "policies" / "cytrack.yaml"
CONFIG = SAMPLE / "policies" / "cytrack-scan.yaml"
LOGGING: tuple[str, ...] = ()  # with logging merged: ("--log-level", "debug"), and every run checks its log too
CUSTOMER_COLUMNS = ("full_name", "email", "phone", "street_address", "dob", "tfn", "ssn", "notes")
RUNS = {  # run name → command after ``scan SOURCES --policy … --config …``; {out} is the output folder
    "terminal": [],
    "explain": ["--explain"],
    "quiet": ["--quiet"],
    "json-stdout": ["--format", "json"],
    "json": ["--format", "json", "-o", "{out}/report.json", "--occurrences", "{out}/occurrences.jsonl"],
    "sarif": ["--format", "sarif", "-o", "{out}/report.sarif", "--occurrences", "{out}/occurrences.parquet"],
    "html": ["--format", "html", "-o", "{out}/report.html"],
    "csv": ["--format", "csv", "-o", "{out}/findings.csv"],
    "parquet": ["--format", "parquet", "-o", "{out}/findings.parquet"],
    "compared": ["--baseline", "{out}/baseline.json", "--format", "json", "-o", "{out}/compared.json"],
}
SECRET_MASKS = {  # entity → the only form its evidence may take: no character of the secret
    "PLAINTEXT_PASSWORD": r"\*{8}",
    "SECURITY_ANSWER": r"\*{8}",
    "PASSWORD_HASH": r"[\w-]+:\*{8}",
    "CREDENTIAL": r"[A-Za-z][\w+.-]*://\*{4}:\*{4}@[\w.-]+|[\w-]+=\*{8}",
}
FILES = [
    "report.json",
    "occurrences.jsonl",
    "report.sarif",
    "occurrences.parquet",
    "report.html",
    "findings.csv",
    "findings.parquet",
    "baseline.json",
    "compared.json",
]


@dataclass
class Scanned:
    """What the runs printed and wrote, and the state of the inputs before and after."""

    printed: dict[str, str]  # run name → stdout and stderr
    out: Path
    before: dict[str, str]
    after: dict[str, str]
    database_url: str


def file_digests(root: Path) -> dict[str, str]:
    """sha256, size, mode and modification time of every file under ``root``."""
    digests = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        digests[path.relative_to(root).as_posix()] = f"{digest} {stat.st_size} {stat.st_mode:o} {stat.st_mtime_ns}"
    return digests


def table_digest(url: str) -> str:
    """sha256 of every row of every table, in key order."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    digest = hashlib.sha256()
    try:
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns)):
                    digest.update(repr((table.name, tuple(row))).encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def customers() -> list[dict[str, str]]:
    with (SAMPLE / "crm_customers.csv").open(newline="", encoding="utf-8") as handle:
        return [{k: row[k] for k in ("customer_id", *CUSTOMER_COLUMNS)} for row in csv.DictReader(handle)]


def store_customers(url: str) -> None:
    engine = sa.create_engine(url)
    table = sa.Table(
        "customers",
        sa.MetaData(),
        sa.Column("customer_id", sa.String(20), primary_key=True),
        *(sa.Column(name, sa.Text) for name in CUSTOMER_COLUMNS),
    )
    try:
        table.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(table.insert(), customers())
    finally:
        engine.dispose()


def state(sources: Path, database_url: str) -> dict[str, str]:
    sqlite_url = f"sqlite:///{sources / 'crm.db'}"
    return {
        **file_digests(sources),
        "sqlite rows": table_digest(sqlite_url),
        "postgresql rows": table_digest(database_url),
    }


def run(arguments: list[str]) -> str:
    result = CliRunner(env={"COLUMNS": "240", "NO_COLOR": "1"}).invoke(main, arguments)
    printed = result.stdout + result.stderr
    assert result.exit_code in (0, 1), printed[-2000:]
    assert "Traceback" not in printed
    return printed


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Iterator[Scanned]:
    """Every run of RUNS (and ``baseline create``) over the sample copy and PostgreSQL, once."""
    sources, out = tmp_path_factory.mktemp("sources") / "sample_data", tmp_path_factory.mktemp("outputs")
    shutil.copytree(SAMPLE, sources)
    store_customers(f"sqlite:///{sources / 'crm.db'}")
    with fresh_postgresql() as database_url:
        store_customers(database_url)
        targets = [str(sources), database_url, "--policy", str(POLICY), "--config", str(CONFIG), *LOGGING]
        before = state(sources, database_url)
        printed = {"baseline": run(["baseline", "create", *targets, "-o", str(out / "baseline.json")])}
        for name, options in RUNS.items():
            printed[name] = run(["scan", *targets, *(o.format(out=out) for o in options)])
        yield Scanned(printed, out, before, state(sources, database_url), database_url)


# --- what an output may not contain ----------------------------------------------------------------------------
def spellings(value: str) -> set[str]:
    """A value as it may be written: as it is, escaped in JSON, HTML or a quoted CSV cell."""
    return {
        value,
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        html.escape(value),
        html.escape(value, quote=False),
        value.replace('"', '""'),
    }


def leaked(text: str, values: set[str]) -> list[str]:
    """The values in ``text``, in any spelling, also where white space (a wrapped line) was put inside them."""
    squeezed = re.sub(r"\s+", "", text)
    return sorted(
        value for value in values if any(s in text for s in spellings(value)) or re.sub(r"\s+", "", value) in squeezed
    )


def parquet_text(path: Path) -> str:
    """A Parquet file's decompressed rows and its schema metadata, as text."""
    parquet = pq.ParquetFile(path)
    rows = parquet.read().to_pylist()
    return (
        json.dumps(rows, ensure_ascii=False, default=str) + str(parquet.schema_arrow) + str(parquet.metadata.metadata)
    )


@pytest.mark.parametrize("name", ["baseline", *RUNS])
def test_nothing_printed_holds_a_planted_value(scanned, planted_values, name):
    assert len(planted_values) > 1500
    assert not leaked(scanned.printed[name], planted_values)


@pytest.mark.parametrize("name", FILES)
def test_no_output_file_holds_a_planted_value(scanned, planted_values, name):
    path = scanned.out / name
    raw = path.read_bytes()
    assert not [v for v in planted_values if v.encode("utf-8") in raw], "byte for byte"
    text = parquet_text(path) if name.endswith(".parquet") else raw.decode("utf-8")
    assert not leaked(text, planted_values)


def test_secrets_are_masked_whole(scanned):
    occurrences = [json.loads(line) for line in (scanned.out / "occurrences.jsonl").read_text().splitlines()]
    secrets = [o for o in occurrences if o["entity"] in SECRET_MASKS]
    assert {o["entity"] for o in secrets} == set(SECRET_MASKS)
    assert [o for o in secrets if not re.fullmatch(SECRET_MASKS[o["entity"]], o["masked"])] == []


def test_the_outputs_cover_every_source(scanned):
    report = json.loads((scanned.out / "report.json").read_text())
    sources = {s["uri"]: s["status"] for s in report["sources"]}
    assert set(sources.values()) == {"ok"}
    found_in = {f["source"] for f in report["findings"]}
    assert {"crm.db", scanned.database_url, "app.log", "chat_transcripts.jsonl"} <= found_in
    assert {"callcentre/twitter/data/tweets.js", "callcentre/webchat/chats.json"} <= found_in


def test_every_output_file_is_private(scanned):
    assert sorted(p.name for p in scanned.out.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (scanned.out / name).stat().st_mode & 0o777 == 0o600, name


def test_no_input_was_changed(scanned):
    assert scanned.after == scanned.before
    assert {"crm.db", "sqlite rows", "postgresql rows", "callcentre/twitter/data/tweets.js"} <= set(scanned.before)


def test_the_databases_hold_planted_values(planted_values):
    held = {value for row in customers() for value in row.values()}
    assert len(held & planted_values) > 300


def test_personal_data_in_names_is_not_reported(tmp_path):
    (tmp_path / "no-header.csv").write_text("ann.lee@example.com,+61 412 345 678\nbob@example.com,+61 412 345 679\n")
    (tmp_path / "keyed.json").write_text('{"carol.king@example.com": {"phone": "+61 412 345 680"}}')
    printed = run(["scan", str(tmp_path), "--format", "json"])
    assert not leaked(printed, {"ann.lee@example.com", "+61 412 345 678", "carol.king@example.com"})
