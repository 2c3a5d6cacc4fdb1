"""Databases through SQLAlchemy: SQLite (embedded), PostgreSQL and MySQL/MariaDB, read-only and streamed.

Every schema, table and column is introspected; text-like columns (and big integers, dates,
network and JSON types) are read with a server-side cursor in batches, inside read-only
transactions with a statement timeout. Identifiers are never formatted into SQL: queries are
built with SQLAlchemy Core from reflected tables, so quotes, spaces or SQL in names stay names.
Passwords come from the URL, ``PIIAUDIT_DB_PASSWORD`` or a ``~/.pgpass``-style file and never
appear in reports, logs or error messages.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from piiaudit.detectors.location import coordinate_field
from piiaudit.scanner.model import FieldBatch, RecordError, TableResult
from piiaudit.scanner.sources import formats
from piiaudit.scanner.sources.base import State, file_state
from piiaudit.scanner.sources.batching import Batcher
from piiaudit.scanner.sources.textio import UnreadableSource

STREAM_ROWS = 2000
PAGE_SAMPLING_ROWS = 1_000_000
SAMPLE_HEADROOM = 3.0
DEFAULT_STATEMENT_TIMEOUT_S = 300
SYSTEM_SCHEMAS = frozenset(
    {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys", "temp"}
)
SQLITE_HEADER = b"SQLite format 3\x00"
PASSWORD_ENV = "PIIAUDIT_DB_PASSWORD"
PASSFILE_ENV = "PIIAUDIT_PASSFILE"
Item = FieldBatch | RecordError | TableResult
TABLE_ERRORS = (SQLAlchemyError, UnicodeDecodeError, ValueError)  # a table's, not the database's
# The drivers piiaudit installs as extras: backend → (its name in words, the extra, the driver's name in URLs)
DRIVER_EXTRAS = {
    "postgresql": ("PostgreSQL", "postgresql", "psycopg"),
    "mysql": ("MySQL", "mysql", "pymysql"),
    "mariadb": ("MariaDB", "mysql", "pymysql"),
}


def is_database_url(text: str) -> bool:
    return "://" in text and not Path(text).exists()


def is_sqlite_file(path: Path) -> bool:
    """A ``.db``/``.sqlite``/``.sqlite3`` file whose header says it is SQLite."""
    if path.suffix.lower() not in formats.FORMATS["sqlite"].suffixes:
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def passfile_password(url: URL, passfile: Path) -> str | None:
    """The password for ``url`` in a ``host:port:database:user:password`` file (``*`` matches anything)."""
    try:
        lines = passfile.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    wanted = [url.host or "localhost", str(url.port or "*"), url.database or "*", url.username or "*"]
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split(":", 4)
        if len(fields) == 5 and all(f in ("*", w) for f, w in zip(fields[:4], wanted, strict=True)):
            return fields[4]
    return None


def resolve_password(url: URL) -> URL:
    """Fill in a missing password from the environment or a passfile; the URL in reports never has one."""
    if url.password or url.get_backend_name() == "sqlite":
        return url
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        passfile = Path(os.environ.get(PASSFILE_ENV) or Path.home() / ".pgpass")
        password = passfile_password(url, passfile)
    return url.set(password=password) if password else url


def require_driver(url: URL) -> None:
    """ValueError saying how to install it when the driver a database URL needs is missing."""
    shown, backend = public_uri(url), url.get_backend_name()
    try:
        dialect = url.get_dialect()
    except NoSuchModuleError:
        raise ValueError(f"{shown}: no such path, and not a database URL (no SQLAlchemy dialect {backend!r})") from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        driver = dialect.driver
        if backend not in DRIVER_EXTRAS:
            raise ValueError(f"{shown} needs the database driver {driver} ({exc.name}): it is not installed") from None
        name, extra, ours = DRIVER_EXTRAS[backend]
        if driver == ours:
            raise ValueError(f"{shown} needs the {name} driver: pip install 'piiaudit[{extra}]'") from None
        raise ValueError(
            f"{shown} needs the {driver} driver, which is not installed: "
            f"use {backend}+{ours}:// and pip install 'piiaudit[{extra}]'"
        ) from None


def public_uri(url: URL) -> str:
    """The URL as reports show it: no password, ever."""
    bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
    return bare.render_as_string(hide_password=False)


def redact(message: str, url: URL) -> str:
    """One line of a driver's error, with the password (if any) blanked out."""
    text = " ".join(message.split("(Background on this error")[0].split())
    if url.password:
        text = text.replace(str(url.password), "***")
    return text


@dataclass
class DatabaseSource:
    """A database to scan: an SQLAlchemy URL (server) or a SQLite file met while walking a directory."""

    uri: str
    url: URL
    kind: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    statement_timeout_s: int = DEFAULT_STATEMENT_TIMEOUT_S
    size: int = 0
    path: Path | None = field(default=None)
    tables: tuple[str, ...] | None = None  # a part of the database: only these tables (``database_parts``)

    @classmethod
    def from_url(cls, text: str, **options: Any) -> DatabaseSource:
        try:
            url = resolve_password(make_url(text))
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {make_safe(text)}") from exc
        require_driver(url)
        return cls(public_uri(url), url, url.get_backend_name(), **options)

    @classmethod
    def from_sqlite_file(cls, path: Path, uri: str, **options: Any) -> DatabaseSource:
        url = make_url(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
        return cls(uri, url, "sqlite", size=path.stat().st_size, path=path, **options)

    @property
    def dataset(self) -> str:
        return self.uri

    def fingerprint(self) -> State | None:
        """The size and modification time of a SQLite file; None for a database server."""
        return file_state(self.path) if self.path is not None else None

    def read(self, limit: int | None = None) -> Iterator[Item]:
        return read_database(self, limit)


def make_safe(text: str) -> str:
    """A URL-ish string with anything between ``:`` and ``@`` of its authority blanked."""
    scheme, sep, rest = text.partition("://")
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        user, _, host = authority.rpartition("@")
        authority = f"{user.split(':', 1)[0]}:***@{host}" if ":" in user else f"{user}@{host}"
    return f"{scheme}{sep}{authority}{slash}{path}"


def postgresql_session(timeout_s: int) -> list[str]:
    """What makes a PostgreSQL session read-only, each statement bounded by ``timeout_s`` seconds."""
    return ["SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", f"SET statement_timeout = {int(timeout_s * 1000)}"]


def read_only_engine(source: DatabaseSource) -> Engine:
    """An engine whose every connection is read-only and bounded by a statement timeout."""
    try:
        connect_args = {"application_name": "piiaudit"} if source.url.get_backend_name() == "postgresql" else {}
        engine = sa.create_engine(source.url, poolclass=sa.pool.NullPool, connect_args=connect_args)
    except (NoSuchModuleError, ImportError) as exc:
        raise UnreadableSource(f"no driver for {source.url.drivername}: {exc}") from exc
    timeout = source.statement_timeout_s
    backend = source.url.get_backend_name()

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if backend == "postgresql":
                for statement in postgresql_session(timeout):
                    cursor.execute(statement)
            elif backend in ("mysql", "mariadb"):
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
                try:
                    cursor.execute(f"SET SESSION max_statement_time = {int(timeout)}")  # MariaDB
                except Exception:  # MySQL names it differently
                    cursor.execute(f"SET SESSION max_execution_time = {int(timeout * 1000)}")
            elif backend == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
        finally:
            cursor.close()

    return engine


SCANNABLE_TYPES = (sa.String, sa.Text, sa.Enum, sa.JSON, sa.Date, sa.BigInteger)
SCANNABLE_TYPE_NAMES = frozenset({"INET", "CIDR", "MACADDR", "JSONB", "CITEXT", "XML", "TSVECTOR"})


def scannable(column_type: sa.types.TypeEngine, name: str | None = None) -> bool:
    """Text, dates, big integers (phone/card numbers), JSON and network types; not binary or small numbers.

    A fractional (floating-point or decimal) column is scanned only when its name says latitude, longitude or
    coordinates.
    """
    if isinstance(column_type, sa.Numeric | sa.Float) and name is not None and coordinate_field(name):
        return True
    if isinstance(column_type, sa.Numeric) and not isinstance(column_type, sa.Float):
        return column_type.scale == 0 and (column_type.precision or 0) >= 9  # DECIMAL(16,0) card numbers
    if isinstance(column_type, sa.LargeBinary | sa.Boolean | sa.Float | sa.Interval | sa.Time | sa.DateTime):
        return False
    if isinstance(column_type, SCANNABLE_TYPES):
        return True
    return type(column_type).__name__.upper() in SCANNABLE_TYPE_NAMES


def cell_text(value: Any) -> Any:
    """Driver values as the batcher takes them: network addresses and JSON as text, bytes dropped."""
    if type(value) is str or value is None:
        return value  # nearly every cell
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address | ipaddress.IPv4Network | ipaddress.IPv6Network):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes | bytearray | memoryview):
        return None
    return value


def wanted(name: str, include: Iterable[str], exclude: Iterable[str]) -> bool:
    include = tuple(include)
    if include and not any(fnmatchcase(name, p) for p in include):
        return False
    return not any(fnmatchcase(name, p) for p in exclude)


def user_schemas(connection: Connection) -> list[str | None]:
    """Schemas to scan; ``[None]`` (the default schema) where the database has only one."""
    inspector = sa.inspect(connection)
    if connection.dialect.name == "sqlite":
        return [None]
    names: list[str | None] = [
        s for s in inspector.get_schema_names() if s not in SYSTEM_SCHEMAS and not s.startswith("pg_")
    ]
    if connection.dialect.name in ("mysql", "mariadb"):
        current = connection.exec_driver_sql("SELECT DATABASE()").scalar()
        names = [current] if current else names
    return names if len(names) > 1 else [None]


def table_rows(connection: Connection, table: sa.TableClause) -> int:
    return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def sample_query(
    connection: Connection, table: sa.Table, columns: list[sa.Column], limit: int, total: int
) -> sa.Select:
    """``TABLESAMPLE`` on PostgreSQL, with head-room and then LIMIT; random order elsewhere.

    Large tables sample whole pages (``SYSTEM``, cheap); smaller ones sample rows (``BERNOULLI``), whose
    result size does not depend on how rows happen to share pages.
    """
    if connection.dialect.name == "postgresql" and total > limit:
        method = sa.func.system if total >= PAGE_SAMPLING_ROWS else sa.func.bernoulli
        percent = min(100.0, SAMPLE_HEADROOM * 100.0 * limit / total)
        sampled = sa.tablesample(table, method(percent), name="sampled")
        return sa.select(*(sampled.c[c.name] for c in columns)).limit(limit)
    shuffle = sa.func.rand() if connection.dialect.name in ("mysql", "mariadb") else sa.func.random()
    return sa.select(*columns).order_by(shuffle).limit(limit)


def table_label(schema: str | None, table: str) -> str:
    """A table's name in reports: ``schema.table`` where the database has several schemas."""
    return f"{schema}.{table}" if schema else table


def container_name(schema: str | None, table: str, column: str) -> str:
    return f"{schema}.{table}.{column}" if schema else f"{table}.{column}"


@dataclass(frozen=True)
class TableQuery:
    """What to read of one table: its name in reports, its scannable columns' containers and the query."""

    name: str
    containers: tuple[str, ...]
    query: sa.Select
    total: int | None = None  # the table's rows, counted when sampling


def plan_table(
    connection: Connection, table: sa.Table, schema: str | None, source: DatabaseSource, limit: int | None
) -> TableQuery | TableResult:
    """The query for a table's scannable, wanted columns (sampled when ``limit``), or why it is skipped."""
    name = table_label(schema, table.name)
    columns = [
        c
        for c in table.columns
        if scannable(c.type, c.name)
        and wanted(container_name(schema, table.name, c.name), source.include, source.exclude)
    ]
    if not columns:
        return TableResult(name, skipped="no column a detector applies to")
    containers = tuple(container_name(schema, table.name, c.name) for c in columns)
    if limit is None:
        return TableQuery(name, containers, sa.select(*columns))
    total = table_rows(connection, table)
    return TableQuery(name, containers, sample_query(connection, table, columns, limit, total), total)


def scan_table(connection: Connection, plan: TableQuery, limit: int | None) -> Iterator[Item]:
    """Stream one table's scannable columns as batches, then a TableResult saying what was read."""
    batcher = Batcher()
    rows = 0
    stream = connection.execution_options(stream_results=True, max_row_buffer=STREAM_ROWS).execute(plan.query)
    for partition in stream.partitions(STREAM_ROWS):
        for record in partition:
            rows += 1
            yield from batcher.add_record(rows, zip(plan.containers, map(cell_text, record), strict=True))
    yield from batcher.flush()
    total = plan.total if plan.total is not None else rows
    yield TableResult(plan.name, records=rows, total_records=total, sampled=limit is not None)


def table_failure(connection: Connection, name: str, exc: Exception, source: DatabaseSource) -> TableResult:
    """The failed table's result; a lost connection fails the whole database instead (no table could follow)."""
    detail = getattr(exc, "orig", None) or exc
    message = redact(f"{type(detail).__name__}: {detail}", source.url)
    if getattr(exc, "connection_invalidated", False) or connection.invalidated or connection.closed:
        raise UnreadableSource(f"the connection was lost while reading table {name}: {message}") from exc
    connection.rollback()
    return TableResult(name, status="error", error=message)


def database_tables(
    connection: Connection, source: DatabaseSource, limit: int | None
) -> Iterator[TableQuery | TableResult]:
    """Every table's query, or the result of a table skipped or failed, schema by schema."""
    for schema in user_schemas(connection):
        metadata = sa.MetaData()
        inspector = sa.inspect(connection)
        for table_name in inspector.get_table_names(schema=schema):
            if source.tables is not None and table_label(schema, table_name) not in source.tables:
                continue  # another part's
            try:
                table = sa.Table(table_name, metadata, schema=schema, autoload_with=connection)
                yield plan_table(connection, table, schema, source, limit)
            except TABLE_ERRORS as exc:
                yield table_failure(connection, table_label(schema, table_name), exc, source)


def database_parts(source: DatabaseSource, count: int) -> list[DatabaseSource] | None:
    """The database as at most ``count`` parts of whole tables that workers read side by side, or None where it
    is read whole (one table, or the tables cannot be listed: the one reader then reports why).

    Each part is a run of tables in the order one reader reads them, the runs about equal in rows, so the
    parts' findings and table results, taken in order, are one reader's.
    """
    if count < 2 or source.tables is not None:
        return None
    engine = read_only_engine(source)
    try:
        with engine.connect() as connection:
            sizes = table_sizes(connection)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    runs = [run for run in balanced_runs(sizes, count) if run]
    return [replace(source, tables=tuple(run)) for run in runs] if len(runs) > 1 else None


def table_sizes(connection: Connection) -> list[tuple[str, int]]:
    """Every table's name in reports and its rows (0 where they cannot be counted), in reading order."""
    sizes = []
    for schema in user_schemas(connection):
        for name in sa.inspect(connection).get_table_names(schema=schema):
            try:
                rows = table_rows(connection, sa.table(name, schema=schema))
            except TABLE_ERRORS:
                connection.rollback()
                rows = 0
            sizes.append((table_label(schema, name), rows))
    return sizes


def balanced_runs(sizes: list[tuple[str, int]], count: int) -> list[list[str]]:
    """The names cut into at most ``count`` runs in order, about equal in rows: a table starts the next run
    where more than half of it would fall beyond the current run's share."""
    share = sum(rows for _, rows in sizes) / count
    runs: list[list[str]] = [[]]
    filled = 0
    for name, rows in sizes:
        if runs[-1] and len(runs) < count and filled + rows / 2 > share * len(runs):
            runs.append([])
        runs[-1].append(name)
        filled += rows
    return runs


def read_database(source: DatabaseSource, limit: int | None = None) -> Iterator[Item]:
    """Every wanted table of the database; a table that fails is reported and the next one is read."""
    engine = read_only_engine(source)
    try:
        with engine.connect() as connection:
            for plan in database_tables(connection, source, limit):
                if isinstance(plan, TableResult):
                    yield plan
                    continue
                try:
                    yield from scan_table(connection, plan, limit)
                except TABLE_ERRORS as exc:
                    yield table_failure(connection, plan.name, exc, source)
    except SQLAlchemyError as exc:
        raise UnreadableSource(redact(str(getattr(exc, "orig", None) or exc), source.url)) from exc
    finally:
        engine.dispose()
