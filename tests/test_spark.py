"""The Spark engine (``local[2]``) against the local engine: the same findings, sources and decisions on the same data.

One Spark session serves the module. Its splits are small (64 KB), so the test files span several
partitions, as big files do on a cluster: rows are numbered, contexts decided and examples chosen
across partition boundaries.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.engine.detection import profile
from piiaudit.scanner.model import FieldBatch, SourceResult
from piiaudit.scanner.model.settings import ScanConfig
from piiaudit.scanner.run.local import EngineSpec
from piiaudit.scanner.run.spark.plan import JdbcRead, SparkRead, plan_read
from piiaudit.scanner.run.spark.scan import SparkJob
from piiaudit.scanner.run.spark.session import start_session
from piiaudit.scanner.sources import DatabaseSource, discover

from .conftest import SAMPLE
from .test_databases import EXPECTED, ODD_TABLE, SERVERS, fingerprint, populate
from .test_datasets import write_tree

SPLIT_BYTES = 64 * 1024
MASTER = "local[2]"
NAMES = ["Sarah Connor", "Priya Patel", "Michael Chen", "Aisha Khan", "Tom Baker", "Mei Lin", "Carlos Ruiz"]
IBANS = ["GB82WEST12345698765432", "DE89370400440532013000"]
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    session = start_session(MASTER, tmp_path_factory.mktemp("spark"))
    session.sparkContext._jsc.hadoopConfiguration().set("fs.local.block.size", str(SPLIT_BYTES))
    session.conf.set("spark.sql.files.maxPartitionBytes", str(SPLIT_BYTES))
    session.conf.set("spark.sql.session.timeZone", "Australia/Sydney")  # a caller's session need not be in UTC
    yield session
    session.stop()


def scan(out: Path, targets: list[str], *options: str, engine: str = "local") -> tuple[dict, list[dict], str]:
    """The JSON report, the occurrences (sorted, when asked for) and stderr of ``piiaudit scan`` with one engine."""
    report, occurrences = out / f"{engine}.json", out / f"{engine}-occurrences.jsonl"
    args = ["scan", *targets, *options, "--format", "json", "-o", str(report)]
    if "--sample" not in options:  # every single occurrence, with its row: the strictest comparison
        args += ["--occurrences", str(occurrences)]
    result = CliRunner().invoke(main, [*args, "--engine", engine, "--spark-master", MASTER])
    assert result.exit_code in (0, 1, 3), result.output
    rows = [json.loads(line) for line in occurrences.read_text().splitlines()] if occurrences.exists() else []
    return json.loads(report.read_text()), sorted(rows, key=lambda r: json.dumps(r, sort_keys=True)), result.stderr


def assert_same_scan(tmp_path: Path, targets: list[str], *options: str) -> tuple[dict, str]:
    """Both engines give the same sources, findings, summary and occurrences; returns the Spark report and stderr."""
    local, local_occurrences, _ = scan(tmp_path, targets, *options)
    spark, spark_occurrences, stderr = scan(tmp_path, targets, *options, engine="spark")
    assert spark["sources"] == local["sources"]
    assert spark["findings"] == local["findings"]
    assert spark["summary"] == local["summary"]
    assert spark_occurrences == local_occurrences
    return spark, stderr


def test_sample_data_gives_the_local_findings(spark, tmp_path):
    policy = ["--policy", str(SAMPLE / "policies/cytrack.yaml"), "--config", str(SAMPLE / "policies/cytrack-scan.yaml")]
    report, stderr = assert_same_scan(tmp_path, [str(SAMPLE)], *policy)
    scanned = {f["source"] for f in report["findings"]}
    assert {"crm_customers.csv", "payments.parquet", "chat_transcripts.jsonl", "app.log"} <= scanned
    assert all(f["disclosure"] for f in report["findings"])
    assert "staff.xlsx: scanned by the local engine" in stderr


def test_a_malformed_master_is_a_usage_error(spark):
    args = ["scan", str(SAMPLE / "cdr.csv"), "--engine", "spark", "--spark-master", "spark:/x"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "--spark-master 'spark:/x' is not local[N], spark://HOST:PORT, yarn or k8s://URL" in result.stderr


def write_corpus(root: Path) -> Path:
    """Files that span several 64 KB splits, with the cases where a per-partition decision would differ."""
    root.mkdir()
    lines = []
    for i in range(1, 3001):
        name = NAMES[i % len(NAMES)]
        record: dict = {"id": i, "agent": {"handler": name if i <= 300 or i % 2 else "Desk Phone"}}
        # prose in the first 60 notes (a free-text container), three words after that
        record["note"] = (
            f"Customer {name} called about the invoice and asked for a refund" if i <= 60 else f"ring {name}"
        )
        record["contact"] = {"emails": [f"user{i}@example.com", f"alt{i}@example.org"][: 1 + i % 2]}
        if i >= 1420:  # a container that first appears just before the first batch cut (5000 values, at line 1428)
            record["escalation"] = f"Escalated by {name}, call back on 0412 345 {i % 40:03d} today please"
        if i >= 2500 and i % 7 == 0:  # an entity first met in a late partition
            record["payment"] = {"iban": IBANS[i % 2]}
        lines.append(json.dumps(record))
    lines[2320] = '{"id": 2321, broken'
    (root / "big.jsonl").write_text("\n".join(lines) + "\n")

    rows = ["customer_id,full_name,email,phone,comment"]
    for i in range(1, 2001):
        comment = f"prefers e-mail to {NAMES[i % 7].split()[0].lower()}@example.net" if i % 5 == 0 else "no comment"
        rows.append(f"C{i:05d},{NAMES[i % 7]},c{i}@example.com,+61 412 345 {i % 1000:03d},{comment}")
    rows[1000] = ""  # a blank line still counts as a row
    rows[1500] = "C01500,Tom Baker"  # a ragged row is a record error
    (root / "wide.csv").write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))

    (root / "multiline.csv").write_text('id,notes\n1,"first line\nsecond line, jane@example.com"\n2,bob@example.com\n')
    (root / "latin1.csv").write_bytes("name;email\nJosé Núñez;jose@example.com\n".encode("cp1252"))
    (root / "bad.json").write_text('{"email": "a@example.com",')
    documents = [{"customer": {"emails": [f"d{i}@example.com", f"e{i}@example.com"]}, "n": i} for i in range(300)]
    (root / "doc.json").write_text(json.dumps(documents))
    (root / "app.log").write_text(
        "".join(
            f"2026-10-01 INFO login user={NAMES[i % 7]} ip=203.0.113.{i % 250} mail u{i}@example.com\n"
            for i in range(600)
        )
    )
    pq.write_table(parquet_table(3000), root / "table.parquet", row_group_size=500)
    sydney = pa.table(
        {"at": pa.array([dt.datetime(2026, 1, 1, tzinfo=dt.UTC)], pa.timestamp("us", tz="Australia/Sydney"))}
    )
    pq.write_table(sydney.append_column("email", pa.array(["z@example.com"])), root / "sydney.parquet")
    return root


def parquet_table(rows: int) -> pa.Table:
    return pa.table(
        {
            "email": [f"p{i}@example.com" if i % 4 else None for i in range(rows)],
            "phone": pa.array([61412345000 + i for i in range(rows)], pa.int64()),
            "card": pa.array(
                [Decimal("4111111111111111") if i % 9 == 0 else None for i in range(rows)], pa.decimal128(16, 0)
            ),
            "paid_at": pa.array(
                [dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=i) for i in range(rows)],
                pa.timestamp("us", tz="UTC"),
            ),
            "born": pa.array([dt.date(1980, 1, 1) + dt.timedelta(days=i) for i in range(rows)]),
            "customer": [{"name": NAMES[i % 7], "ip": f"198.51.100.{i % 250}"} for i in range(rows)],
            "photo": pa.array([b"\x89PNG"] * rows),
            "tags": [["vip", f"t{i}@example.com"] for i in range(rows)],
        }
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "data")


def test_files_split_across_partitions_give_the_local_findings(spark, corpus, tmp_path):
    report, stderr = assert_same_scan(tmp_path, [str(corpus)])
    findings = {(f["source"], f["container"], f["entity"]): f for f in report["findings"]}
    sources = {s["uri"]: s for s in report["sources"]}
    assert findings["big.jsonl", "note", "PERSON"]["occurrences"] > 60  # free text: names found in short notes too
    assert "spacy:PERSON" in findings["big.jsonl", "note", "PERSON"]["reasons"][0]
    assert findings["big.jsonl", "agent.handler", "PERSON"]["reasons"][0].startswith("column sample: 100% names")
    assert findings["big.jsonl", "payment.iban", "IBAN_CODE"]["examples"][0]["row"] == 2506
    assert findings["big.jsonl", "escalation", "PHONE_NUMBER"]["examples"][0]["row"] == 1420
    assert findings["table.parquet", "customer.ip", "IP_ADDRESS"]["occurrences"] == 3000
    invalid = "invalid JSON: Expecting property name enclosed in double quotes at column 14"
    assert sources["big.jsonl"]["record_errors"] == [{"row": 2321, "reason": invalid}]
    assert sources["wide.csv"]["record_errors"] == [{"row": 1500, "reason": "expected 5 fields, got 2"}]
    assert sources["table.parquet"]["records"] == 3000 and sources["wide.csv"]["records"] == 2000
    assert sources["multiline.csv"]["records"] == 2 and sources["bad.json"]["status"] == "error"
    for name in ("multiline.csv", "latin1.csv", "sydney.parquet"):
        assert f"{name}: scanned by the local engine" in stderr


def test_sample_limits_rows_alike(spark, corpus, tmp_path):
    targets = [str(corpus / name) for name in ("big.jsonl", "wide.csv", "table.parquet")]
    report, _ = assert_same_scan(tmp_path, targets, "--sample", "700")
    assert {s["uri"]: s["records"] for s in report["sources"]} == {
        "big.jsonl": 700,
        "wide.csv": 700,
        "table.parquet": 700,
    }


def test_each_container_is_decided_from_the_values_the_local_engine_decides_from(spark, corpus):
    reads = [read for read in map(plan_read, discover([corpus])) if isinstance(read, SparkRead)]
    job = SparkJob(spark, reads, EngineSpec(ScanConfig()))
    cells, left_out = job.cells()
    assert cells is not None and not left_out
    assert cells.rdd.getNumPartitions() > len(reads)  # the files are split
    spark_contexts, results = job.survey(cells)
    local_contexts = {}
    for index, read in enumerate(reads):
        result = results[index]
        if not isinstance(result, SourceResult) or result.status == "error":  # left to the local engine, or unreadable
            continue
        for batch in read.source.read():
            if isinstance(batch, FieldBatch) and (index, batch.container) not in local_contexts:
                local_contexts[index, batch.container] = profile(batch.container, batch.values, batch.free_text)
    assert spark_contexts == local_contexts
    uris = [read.source.uri for read in reads]
    note = spark_contexts[uris.index("big.jsonl"), "note"]
    assert note.free_text and len(note.sample) == 50
    assert not spark_contexts[uris.index("big.jsonl"), "agent.handler"].free_text
    escalation = spark_contexts[uris.index("big.jsonl"), "escalation"]
    assert escalation.free_text and len(escalation.sample) == 50  # not just the few values before the cut


@pytest.fixture
def postgres() -> Iterator[tuple[str, sa.Engine]]:
    """A fresh PostgreSQL database with test_databases' planted tables; dropped afterwards."""
    name = f"piiaudit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(SERVERS["postgresql"].format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = SERVERS["postgresql"].format(db=name)
    engine = sa.create_engine(url)
    try:
        populate(engine)
        yield url, engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def test_postgresql_over_jdbc_gives_the_local_findings(spark, postgres, tmp_path):
    url, engine = postgres
    role = f"reader_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        connection.exec_driver_sql(f"GRANT SELECT ON customers, call_logs, tickets TO {role}")
    before = fingerprint(engine)
    try:
        report, stderr = assert_same_scan(tmp_path, [url.replace("postgres@", f"{role}@")])
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")
    assert "scanned by the local engine" not in stderr  # Spark read it
    assert {(f["container"], f["entity"]) for f in report["findings"]} == {e for e in EXPECTED if ODD_TABLE not in e[0]}
    tables = {t["name"]: t for t in report["sources"][0]["tables"]}
    assert tables["customers"]["records"] == 40 and "permission denied" in tables[ODD_TABLE]["error"]
    assert fingerprint(engine) == before


def test_a_column_that_arrives_differently_over_jdbc_leaves_the_database_to_the_local_engine(postgres):
    url, engine = postgres
    assert isinstance(plan_read(DatabaseSource.from_url(url)), JdbcRead)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE events (id int, payload jsonb)")
    assert plan_read(DatabaseSource.from_url(url)) == "column events.payload (JSONB) arrives differently over JDBC"


def test_a_dataset_is_one_spark_input_with_the_local_findings(spark, tmp_path):
    root = write_tree(tmp_path / "tree", calls=3)
    for day in range(1, 4):  # a dataset of JSON documents, and one of CSV exports several lines long
        (root / f"doc-{day}.json").write_text(json.dumps([{"email": f"d{day}-{i}@example.com"} for i in range(4)]))
        rows = "".join(f"{i},c{day}-{i}@example.net\n" for i in range(50))
        (root / "exports" / f"export-2026-12-0{day}.csv").write_text("id,email\n" + rows)
    report, stderr = assert_same_scan(tmp_path, [str(root)])
    for dataset in ("events/date=*/part*.parquet", "doc*.json", "exports/export*.csv", "logs/app*.log"):
        assert f"{dataset}: " not in stderr and any(f["source"] == dataset for f in report["findings"])
    events = next(f for f in report["findings"] if f["source"] == "events/date=*/part*.parquet")
    assert events["files"] == 3 and {e["file"] for e in events["examples"]} == {
        "events/date=2026-11-01/part-00000.parquet"
    }
    reads = [read for read in map(plan_read, discover([root])) if isinstance(read, SparkRead)]
    inputs = SparkJob(spark, reads, EngineSpec(ScanConfig())).inputs()
    datasets = [{reads[i].source.dataset for i in indexes} for indexes in inputs]
    assert all(len(names) == 1 for names in datasets)  # a dataset's files are one input
    assert sorted(len(indexes) for indexes in inputs if reads[indexes[0]].source.kind == "parquet") == [3]
