"""Real databases: SQLite files, PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306 (see .ci/start-services).

Each test database is created with realistic tables holding planted personal data and dropped afterwards.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.model.settings import ScanConfig
from piiaudit.scanner.run.local import EngineSpec, Scan
from piiaudit.scanner.sources.database import (
    DatabaseSource,
    balanced_runs,
    database_parts,
    passfile_password,
    public_uri,
    read_database,
)

SERVERS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/{db}",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/{db}",
}
ADMIN = {"postgresql": "postgres", "mariadb": ""}
ROWS = 40

metadata = sa.MetaData()
customers = sa.Table(
    "customers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("full_name", sa.String(80)),
    sa.Column("email", sa.String(120)),
    sa.Column("phone", sa.String(40)),
    sa.Column("dob", sa.Date),
    sa.Column("card_number", sa.String(30)),
    sa.Column("order_number", sa.String(20)),
    sa.Column("balance", sa.Numeric(10, 2)),
    sa.Column("created_at", sa.DateTime),
    sa.Column("photo", sa.LargeBinary),
)
tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subject", sa.String(200)),
    sa.Column("body", sa.Text),
)
call_logs = sa.Table(
    "call_logs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("clid", sa.String(80)),
    sa.Column("src", sa.String(30)),
    sa.Column("channel", sa.String(60)),
    sa.Column("duration", sa.Integer),
)
ODD_TABLE = 'odd "name"; DROP TABLE customers; --'
odd = sa.Table(  # identifiers that would break a query built by string formatting
    ODD_TABLE,
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("e-mail address", sa.String(120)),
)
EXPECTED = {
    ("customers.full_name", "PERSON"),
    ("customers.email", "EMAIL_ADDRESS"),
    ("customers.phone", "PHONE_NUMBER"),
    ("customers.dob", "DATE_OF_BIRTH"),
    ("customers.card_number", "CREDIT_CARD"),
    ("tickets.body", "EMAIL_ADDRESS"),
    ("tickets.body", "PHONE_NUMBER"),
    ("call_logs.clid", "CALLER_ID"),
    ("call_logs.src", "CALLER_ID"),
    ("call_logs.channel", "IP_ADDRESS"),
    ('odd "name"; DROP TABLE customers; --.e-mail address', "EMAIL_ADDRESS"),
}
FIRST = ["Sarah", "John", "Priya", "Michael", "Aisha", "Tom", "Mei", "Carlos"]
LAST = ["Jones", "Smith", "Raman", "O'Brien", "Khan", "Nguyen", "Garcia", "Walker"]
CARDS = ["4111 1111 1111 1111", "5555 5555 5555 4444", "3782 822463 10005", "6011 1111 1111 1117"]


def rows() -> dict[sa.Table, list[dict]]:
    people = [f"{FIRST[i % 8]} {LAST[(i * 3) % 8]}" for i in range(ROWS)]
    return {
        customers: [
            {
                "id": i + 1,
                "full_name": people[i],
                "email": f"{people[i].split()[0].lower()}.{i}@example.com",
                "phone": f"0412 {100 + i:03d} {500 + i:03d}",
                "dob": date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                "card_number": CARDS[i % 4],
                "order_number": f"{4000000000000000 + i * 7919 + 1}",
                "balance": 10 * i,
                "created_at": datetime(2024, 1, 1 + i % 28),
                "photo": b"\x89PNG",
            }
            for i in range(ROWS)
        ],
        tickets: [
            {
                "id": i + 1,
                "subject": f"Ticket {i}",
                "body": f"Please call (02) 9374 {4000 + i} or mail help{i}@example.org about order #{48213 + i}.",
            }
            for i in range(ROWS)
        ],
        call_logs: [
            {
                "id": i + 1,
                "clid": f'"{people[i]}" <0293744{i:03d}>',
                "src": f"0293744{i:03d}",
                "channel": f"SIP/203.0.113.{i + 1}-0000{i:04x}",
                "duration": 60 + i,
            }
            for i in range(ROWS)
        ],
        odd: [{"id": i + 1, "e-mail address": f"odd{i}@example.net"} for i in range(ROWS)],
    }


def populate(engine: sa.Engine) -> None:
    metadata.create_all(engine)
    with engine.begin() as connection:
        for table, data in rows().items():
            connection.execute(table.insert(), data)


def fingerprint(engine: sa.Engine) -> str:
    """A checksum of every table's rows, to prove a scan changed nothing."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table).order_by(table.c.id)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(params=sorted(SERVERS))
def server_db(request) -> Iterator[tuple[str, sa.Engine]]:
    """A fresh database on a real server with the planted tables; dropped afterwards."""
    backend = request.param
    name = f"piiaudit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(SERVERS[backend].format(db=ADMIN[backend]), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    except sa.exc.OperationalError as exc:
        pytest.fail(f"{backend} is not running on 127.0.0.1 (run .ci/start-services): {exc}")
    url = SERVERS[backend].format(db=name)
    engine = sa.create_engine(url)
    try:
        populate(engine)
        yield url, engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            if backend == "postgresql":
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            else:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()


@pytest.fixture
def sqlite_db(tmp_path) -> tuple[Path, sa.Engine]:
    path = tmp_path / "crm.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    populate(engine)
    return path, engine


def scan_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["scan", *args, "--format", "json"])
    return result.exit_code, json.loads(result.output)


def found(report: dict) -> set[tuple[str, str]]:
    return {(f["container"], f["entity"]) for f in report["findings"]}


def test_server_database_finds_every_planted_column_and_nothing_else(server_db):
    url, engine = server_db
    before = fingerprint(engine)
    status, report = scan_json(url)
    assert status == 0, report["sources"]
    assert found(report) == EXPECTED
    (source,) = report["sources"]
    assert source["uri"] == url and source["status"] == "ok"
    assert {t["name"]: t["records"] for t in source["tables"]}["customers"] == ROWS
    counts = {(f["container"], f["entity"]): f["occurrences"] for f in report["findings"]}
    assert counts[("customers.email", "EMAIL_ADDRESS")] == ROWS
    assert counts[("call_logs.clid", "CALLER_ID")] == ROWS
    assert fingerprint(engine) == before


def test_sqlite_url_and_sqlite_file_in_a_directory(sqlite_db, tmp_path):
    path, _ = sqlite_db
    before = path.read_bytes()
    status, report = scan_json(f"sqlite:///{path}")
    assert status == 0 and found(report) == EXPECTED
    (tmp_path / "notes.csv").write_text("email\nann@example.com\n")
    status, report = scan_json(str(tmp_path))
    kinds = {s["uri"]: s["kind"] for s in report["sources"]}
    assert kinds == {"crm.db": "sqlite", "notes.csv": "csv"}
    assert {(f["container"], f["entity"]) for f in report["findings"] if f["source"] == "crm.db"} == EXPECTED
    assert path.read_bytes() == before


def test_a_db_suffix_without_the_sqlite_header_is_not_a_database(tmp_path):
    (tmp_path / "fake.db").write_bytes(b"not sqlite at all")
    status, report = scan_json(str(tmp_path))
    assert report["sources"] == [] and status == 0


def test_include_and_exclude_globs(sqlite_db):
    path, _ = sqlite_db
    _, report = scan_json(f"sqlite:///{path}", "--include", "customers.*", "--exclude", "*.phone")
    assert found(report) == {e for e in EXPECTED if e[0].startswith("customers.") and e[0] != "customers.phone"}


def test_binary_numeric_and_timestamp_columns_are_not_read(sqlite_db):
    path, _ = sqlite_db
    source = DatabaseSource.from_url(f"sqlite:///{path}")
    containers = {item.container for item in read_database(source) if hasattr(item, "container")}
    assert "customers.photo" not in containers and "customers.balance" not in containers
    assert "customers.created_at" not in containers and "call_logs.duration" not in containers


def test_sampling_states_rows_read_of_total(server_db):
    url, _ = server_db
    _, report = scan_json(url, "--sample", "10")
    tables = {t["name"]: t for t in report["sources"][0]["tables"]}
    assert tables["customers"]["records"] == 10
    assert tables["customers"]["total_records"] == ROWS and tables["customers"]["sampled"] is True


def test_postgresql_tablesample_on_a_large_table():
    name = f"piiaudit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(SERVERS["postgresql"].format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = SERVERS["postgresql"].format(db=name)
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TABLE contacts AS SELECT g AS id, 'user' || g || '@example.com' AS email "
                "FROM generate_series(1, 20000) g"
            )
            connection.exec_driver_sql("ANALYZE contacts")
        _, report = scan_json(url, "--sample", "500")
        (table,) = report["sources"][0]["tables"]
        assert table["records"] == 500 and table["total_records"] == 20000 and table["sampled"]
        (finding,) = report["findings"]
        assert finding["occurrences"] == 500
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def test_a_table_it_may_not_read_is_reported_and_the_rest_is_scanned(server_db):
    url, engine = server_db
    if engine.dialect.name != "postgresql":
        pytest.skip("role privileges are exercised on PostgreSQL")
    role = f"reader_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        connection.exec_driver_sql(f"GRANT SELECT ON customers, call_logs, tickets TO {role}")
    try:
        status, report = scan_json(url.replace("postgres@", f"{role}@"))
        assert status == 3
        tables = {t["name"]: t for t in report["sources"][0]["tables"]}
        odd_table = tables['odd "name"; DROP TABLE customers; --']
        assert odd_table["status"] == "error" and "permission denied" in odd_table["error"]
        assert tables["customers"]["status"] == "ok"
        assert ("customers.email", "EMAIL_ADDRESS") in found(report)
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")


def test_failed_connection_is_a_source_error_without_the_password(tmp_path):
    url = "postgresql+psycopg://postgres:Sup3rS3cret@127.0.0.1:5432/piiaudit_no_such_db"
    result = CliRunner().invoke(main, ["scan", url, str(tmp_path), "--format", "json"])
    assert result.exit_code == 3
    assert "Sup3rS3cret" not in result.output
    (source,) = json.loads(result.output)["sources"]
    assert source["uri"] == "postgresql+psycopg://postgres@127.0.0.1:5432/piiaudit_no_such_db"
    assert source["status"] == "error" and "piiaudit_no_such_db" in source["error"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "mysql://auditor:Sup3rS3cret@127.0.0.1:3306/crm",
            "mysql://auditor@127.0.0.1:3306/crm needs the mysqldb driver, which is not installed: "
            "use mysql+pymysql:// and pip install 'piiaudit[mysql]'",
        ),
        ("mssql+pyodbc://auditor@db.example.com/crm", "needs the database driver pyodbc (pyodbc): it is not installed"),
        ("nosuchdb://auditor@db.example.com/crm", "not a database URL (no SQLAlchemy dialect 'nosuchdb')"),
    ],
)
def test_a_url_whose_driver_is_not_installed_is_a_usage_error(url, message):
    result = CliRunner().invoke(main, ["scan", url])
    assert result.exit_code == 2 and message in result.output
    assert "Sup3rS3cret" not in result.output and "Traceback" not in result.output


def test_a_driver_piiaudit_installs_as_an_extra_is_named_with_its_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgresql extra were not installed: ImportError
    url = "postgresql+psycopg://auditor@127.0.0.1:5432/crm"
    result = CliRunner().invoke(main, ["scan", url])
    assert result.exit_code == 2
    assert f"{url} needs the PostgreSQL driver: pip install 'piiaudit[postgresql]'" in result.output


def test_password_from_passfile(tmp_path, monkeypatch):
    passfile = tmp_path / "pass"
    passfile.write_text("# comment\nother:5432:*:*:nope\n127.0.0.1:5432:crm:auditor:from-file\n")
    url = sa.engine.make_url("postgresql+psycopg://auditor@127.0.0.1:5432/crm")
    assert passfile_password(url, passfile) == "from-file"
    monkeypatch.setenv("PIIAUDIT_PASSFILE", str(passfile))
    monkeypatch.delenv("PIIAUDIT_DB_PASSWORD", raising=False)
    source = DatabaseSource.from_url("postgresql+psycopg://auditor@127.0.0.1:5432/crm")
    assert source.url.password == "from-file" and "from-file" not in source.uri
    monkeypatch.setenv("PIIAUDIT_DB_PASSWORD", "from-env")
    assert DatabaseSource.from_url("postgresql+psycopg://auditor@127.0.0.1:5432/crm").url.password == "from-env"
    assert public_uri(sa.engine.make_url("mysql+pymysql://u:p@h/db")) == "mysql+pymysql://u@h/db"


def test_sqlite_is_opened_read_only(sqlite_db):
    path, _ = sqlite_db
    engine = sa.create_engine(DatabaseSource.from_sqlite_file(path, "crm.db").url)
    with engine.connect() as connection, pytest.raises(sa.exc.OperationalError, match="readonly"):
        connection.exec_driver_sql("DELETE FROM customers")
    assert sqlite3.connect(path).execute("SELECT count(*) FROM customers").fetchone() == (ROWS,)


@pytest.fixture
def big_postgres_db() -> Iterator[str]:
    """A PostgreSQL database with a table big enough to be cut off mid-scan, and a small one."""
    name = f"piiaudit_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(SERVERS["postgresql"].format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = SERVERS["postgresql"].format(db=name)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE a_contacts AS SELECT g AS id, 'user' || g || '@example.com' AS email "
            "FROM generate_series(1, 400000) g"
        )
        connection.exec_driver_sql("CREATE TABLE b_notes AS SELECT 1 AS id, 'mail ann@example.com' AS body")
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.mark.timeout(120)
def test_connection_dropped_mid_scan_is_a_clear_source_error(big_postgres_db):
    import threading

    admin = sa.create_engine(SERVERS["postgresql"].format(db="postgres"), isolation_level="AUTOCOMMIT")

    def terminate_when_streaming() -> None:
        with admin.connect() as connection:
            for _ in range(1800):
                killed = connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = 'piiaudit' AND query LIKE :fetch"
                    ),
                    {"fetch": "FETCH%"},
                ).fetchall()
                if killed:
                    return
                time.sleep(0.05)

    killer = threading.Thread(target=terminate_when_streaming)
    killer.start()
    status, report = scan_json(big_postgres_db)
    killer.join()
    admin.dispose()
    assert status == 3
    (source,) = report["sources"]
    assert source["status"] == "error" and "connection was lost while reading table a_contacts" in source["error"]
    assert "Traceback" not in source["error"]


@pytest.mark.timeout(120)
def test_a_server_that_stops_answering_hits_the_statement_timeout(big_postgres_db):
    locker = sa.create_engine(big_postgres_db)
    with locker.connect() as connection:
        connection.exec_driver_sql("BEGIN")
        connection.exec_driver_sql("LOCK TABLE a_contacts IN ACCESS EXCLUSIVE MODE")  # every read of it now waits
        started = time.monotonic()
        status, report = scan_json(big_postgres_db, "--statement-timeout", "2")
        waited = time.monotonic() - started
        connection.exec_driver_sql("ROLLBACK")
    locker.dispose()
    assert status == 3 and waited < 60
    tables = {t["name"]: t for t in report["sources"][0]["tables"]}
    assert "statement timeout" in tables["a_contacts"]["error"]
    assert tables["b_notes"]["status"] == "ok"
    assert [f["container"] for f in report["findings"]] == ["b_notes.body"]


def test_floating_point_columns_are_read_only_where_named_for_coordinates(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    table = sa.Table(
        "devices",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("last_lat", sa.Float),
        sa.Column("last_lng", sa.Float),
        sa.Column("battery_level", sa.Float),
        sa.Column("store_lat", sa.Float),
    )
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            table.insert(),
            [{"last_lat": -33.868821, "last_lng": 151.209296, "battery_level": 0.87, "store_lat": -33.8601}] * 3,
        )
    engine.dispose()
    status, report = scan_json(f"sqlite:///{tmp_path / 'app.db'}")
    assert status == 0 and found(report) == {
        ("devices.last_lat", "PRECISE_LOCATION"),
        ("devices.last_lng", "PRECISE_LOCATION"),
    }


def scan_in_workers(source: DatabaseSource, workers: int) -> tuple:
    """Findings, source results and occurrences of a scan of ``source`` with ``workers`` processes."""
    spec = EngineSpec(ScanConfig())
    occurrences: list = []
    scan = Scan(spec.build(), workers=workers, spec=spec, on_occurrences=occurrences.extend)
    result = scan.run([source], [source.uri])
    return result.findings, result.sources, sorted(occurrences, key=str)


def check_two_workers_find_what_one_finds(source: DatabaseSource) -> None:
    parts = database_parts(source, 2)
    assert parts is not None and len(parts) == 2, source.uri
    tables = [table for part in parts for table in part.tables or ()]
    assert len(tables) == len(set(tables)) == 4  # every table in exactly one part
    one, two = scan_in_workers(source, 1), scan_in_workers(source, 2)
    assert one[0] and two == one, source.uri  # findings, table results in order, occurrences


def test_two_workers_read_a_sqlite_database_table_by_table_and_find_what_one_finds(sqlite_db):
    check_two_workers_find_what_one_finds(DatabaseSource.from_sqlite_file(sqlite_db[0], "crm.db"))


def test_two_workers_read_a_server_database_table_by_table_and_find_what_one_finds(server_db):
    check_two_workers_find_what_one_finds(DatabaseSource.from_url(server_db[0]))


def test_tables_are_cut_into_runs_of_about_equal_rows_in_reading_order():
    sizes = [("a", 600), ("b", 100), ("c", 300), ("d", 0), ("e", 500)]
    assert balanced_runs(sizes, 2) == [["a", "b"], ["c", "d", "e"]]
    assert balanced_runs(sizes, 3) == [["a"], ["b", "c", "d"], ["e"]]
    assert balanced_runs([("only", 10)], 4) == [["only"]]
