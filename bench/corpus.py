"""Benchmark corpora of a given size: CSV, Parquet, SQLite, JSONL chat transcripts and a log, with labels.

Rows come from the row builders of ``sample_data/generate.py`` (CRM customers, card payments, call
detail records, chat transcripts, log lines), fed with fresh people so that values are mostly
unique: names and streets combine pools of a few thousand Faker-made names, phone numbers take a
validated number of the right region and area and replace its last four digits (which keeps them
valid), and the remaining identifiers come from the generator's own validated functions. Some
free-text values carry names inside sentences (CRM notes, chat greetings, log lines).

Layout of a corpus folder (cached under ``<cache>/<size>-seed<seed>-v<VERSION>``)::

    structured/customers.csv, payments.parquet, crm.db   (SQLite: call_records, contacts)
    free_text/chat_transcripts.jsonl, app.log
    labels/<source>.csv      source,container,row,entity: one line per planted occurrence
    manifest.json            written last: bytes, records and labels per source

Labels name sources and containers as piiaudit does when it scans the group folder
(``crm.db`` / ``call_records.clid``). They never hold a value.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker
from phonenumbers import PhoneNumber

from sample_data import generate as samples

VERSION = 1
STRUCTURED, FREE_TEXT = "structured", "free_text"
GROUPS = (STRUCTURED, FREE_TEXT)
NAME_POOL = 3000
PHONES_PER_AREA = 60
CHUNKS_PER_FILE = 40
MIN_CHUNK_ROWS, MAX_CHUNK_ROWS = 20, 20_000
COUNTRY_WEIGHTS = {"AU": 50, "US": 25, "GB": 25}
NAME_NOTES = (
    "Spoke with {name} about the renewal.",
    "{name} asked for a callback next week.",
    "Left a voicemail for {name}.",
)
NAME_NOTE_SHARE = 0.15
TFN_WEIGHTS = (1, 4, 3, 7, 5, 8, 6, 9, 10)
SQLITE_TABLE_SHARES = (("call_records", 0.6), ("contacts", 0.4))


# --------------------------------------------------------------------------
# Pools and fresh people
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    """Faker-made names and validated phone numbers, made once per corpus and shared by every source."""

    first: dict[str, list[str]]
    last: dict[str, list[str]]
    phones: dict[tuple[str, str], list[tuple[PhoneNumber, list[str]]]]  # (region, area or "mobile") → renders


def build_pools(seed: int) -> Pools:
    """Name pools per country from Faker, and valid phone numbers per region and area, each in three renderings."""
    rng = random.Random(seed)
    first, last, phones = {}, {}, {}
    for country, locale in samples.FAKER_LOCALE.items():
        faker = Faker(locale)
        faker.seed_instance(seed)
        first[country] = sorted({faker.first_name() for _ in range(NAME_POOL)})
        last[country] = sorted({faker.last_name() for _ in range(NAME_POOL)})
        for area in ["mobile", *samples.AREA_CODES[country]]:
            numbers = []
            for _ in range(PHONES_PER_AREA):
                mobile = area == "mobile"
                number = samples.random_phone(rng, country, "" if mobile else area, mobile=mobile)
                numbers.append((number, [samples.format_phone(rng, number, country) for _ in range(3)]))
            phones[(country, area)] = numbers
    return Pools(first, last, phones)


class PooledNames:
    """Stands in for a Faker instance in ``samples.Ctx``: first and last names from a pool."""

    def __init__(self, rng: random.Random, first: list[str], last: list[str]) -> None:
        self.rng, self.first, self.last = rng, first, last

    def first_name(self) -> str:
        return self.rng.choice(self.first)

    def last_name(self) -> str:
        return self.rng.choice(self.last)


def with_last_digits(text: str, digits: str) -> str:
    """``text`` with its last ``len(digits)`` digit characters replaced, separators kept."""
    chars, pending = list(text), list(digits)
    for i in range(len(chars) - 1, -1, -1):
        if not pending:
            break
        if chars[i].isdigit():
            chars[i] = pending.pop()
    return "".join(chars)


def fresh_phone(rng: random.Random, pools: Pools, country: str, area: str) -> tuple[PhoneNumber, str]:
    """A pooled valid number with new last four digits (still valid: validity depends on the prefix)."""
    number, renders = rng.choice(pools.phones[(country, area)])
    suffix = f"{rng.randrange(10_000):04d}"
    national = int(str(number.national_number)[:-4] + suffix)
    fresh = PhoneNumber(country_code=number.country_code, national_number=national)
    return fresh, with_last_digits(rng.choice(renders), suffix)


def au_tfn(rng: random.Random) -> str:
    """A valid Australian TFN, by computing the check digit rather than guessing (weights sum ≡ 0 mod 11)."""
    while True:
        body = [rng.randint(1, 9), *(rng.randrange(10) for _ in range(7))]
        check = sum(w * d for w, d in zip(TFN_WEIGHTS[:-1], body, strict=True)) % 11  # the last weight is 10 ≡ -1
        if check < 10:
            number = "".join(map(str, body)) + str(check)
            return samples.std_tfn.format(number) if rng.random() < 0.6 else number


def unique_email(rng: random.Random, first: str, last: str, country: str) -> str:
    """The sample generator's address styles, most with a number so that addresses rarely repeat."""
    address = samples.personal_email(rng, first, last, country)
    if rng.random() < 0.6:
        local, _, domain = address.partition("@")
        address = f"{local}{rng.randint(1, 9999)}@{domain}"
    return address


def street(rng: random.Random, pools: Pools, country: str) -> str:
    name = rng.choice(pools.last[country])
    kind = rng.choice(samples.STREET_TYPES[country])
    number = rng.randint(1, 2400 if country == "US" else 240)
    if country == "AU" and rng.random() < 0.3:
        return f"{rng.randint(1, 40)}/{number} {name} {kind}"
    return f"{number} {name} {kind}"


@dataclass
class People:
    """Fresh customers for one source: its own random state, pooled names and the planted labels."""

    ctx: samples.Ctx
    pools: Pools

    @classmethod
    def new(cls, seed: str, pools: Pools) -> People:
        rng = random.Random(seed)
        fakers = {c: PooledNames(rng, pools.first[c], pools.last[c]) for c in samples.FAKER_LOCALE}
        return cls(samples.Ctx(rng=rng, fakers=fakers), pools)  # type: ignore[arg-type]

    @property
    def rng(self) -> random.Random:
        return self.ctx.rng

    def customer(self) -> samples.Customer:
        rng, pools = self.rng, self.pools
        country = rng.choices(list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values()))[0]
        first, last = rng.choice(pools.first[country]), rng.choice(pools.last[country])
        city, postcode, area = samples.locate(rng, country)
        phone, phone_text = fresh_phone(rng, pools, country, "mobile" if rng.random() < 0.6 else area)
        return samples.Customer(
            first=first,
            last=last,
            country=country,
            city=city,
            postcode=postcode,
            street=street(rng, pools, country),
            email=unique_email(rng, first, last, country),
            phone=phone,
            phone_text=phone_text,
            dob=samples.adult_dob(rng),
            twitter=samples.twitter_handle(rng, first, last) if rng.random() < 0.4 else None,
            tfn=au_tfn(rng) if country == "AU" else "",
            ssn=samples.us_ssn(rng) if country == "US" else "",
        )

    def moment(self) -> dt.datetime:
        return samples.random_time(self.rng)


# --------------------------------------------------------------------------
# Rows of each source (the sample generator's builders, plus names in sentences)
# --------------------------------------------------------------------------


def customer_row(people: People, row: int) -> dict[str, Any]:
    person = people.customer()
    record = samples.crm_row(people.ctx, row, f"C{row:09d}", person)
    if people.rng.random() < NAME_NOTE_SHARE:
        name = people.ctx.plant(samples.CRM, "notes", row, samples.PERSON, person.name)
        record["notes"] = f"{record['notes']} {people.rng.choice(NAME_NOTES).format(name=name)}"
    return record


def log_callback(ctx: samples.Ctx, row: int, customers: Sequence[samples.Customer]) -> tuple[str, str]:
    name = ctx.plant(samples.LOG, "", row, samples.PERSON, customers[0].name)
    return "INFO", f"callback requested by {name} for ticket #{ctx.rng.randint(10000, 99999)}"


def log_profile(ctx: samples.Ctx, row: int, customers: Sequence[samples.Customer]) -> tuple[str, str]:
    name = ctx.plant(samples.LOG, "", row, samples.PERSON, customers[0].name)
    return "INFO", f"customer profile updated by {name} via the self-service portal"


LOG_KINDS = [*samples.LOG_KINDS, (log_callback, 4), (log_profile, 4)]


def log_line(people: People, row: int) -> str:
    kinds, weights = zip(*LOG_KINDS, strict=True)
    level, message = people.rng.choices(kinds, weights)[0](people.ctx, row, [people.customer()])
    return f"{samples.iso_z(people.moment(), millis=True)} {level} [req={samples.new_uuid(people.rng)}] {message}"


class CallCentre:
    """The call centre's own numbers, trunks and agents: few and repeated, as in real call records."""

    def __init__(self, people: People) -> None:
        rng = people.rng
        self.dids = samples.business_numbers(rng)
        self.trunks = [samples.public_ipv4(rng) for _ in range(4)] + [samples.private_ipv4(rng) for _ in range(4)]
        self.agents = samples.agents_of(samples.make_staff(people.ctx))


def call_row(people: People, centre: CallCentre, row: int) -> dict[str, Any]:
    customers = [people.customer()]
    return samples.cdr_row(people.ctx, row, people.moment(), customers, centre.agents, centre.dids, centre.trunks)


def chat_row(people: People, centre: CallCentre, row: int) -> dict[str, Any]:
    agent = people.rng.choice(centre.agents)
    return samples.chat_record(people.ctx, row, people.moment(), people.customer(), agent)


def payment_row(people: People, row: int) -> dict[str, Any]:
    return samples.payment_row(people.ctx, row, people.moment(), people.customer())


# --------------------------------------------------------------------------
# Writers: fill a file chunk by chunk until it reaches its share of the corpus
# --------------------------------------------------------------------------

PlantSink = Callable[[list[samples.Plant]], None]


@dataclass(frozen=True)
class Written:
    """What a source writer produced."""

    uri: str
    group: str
    bytes: int
    records: int
    labels: int
    tables: dict[str, int]


def chunks(target: int, row_bytes: int, size: Callable[[], int]) -> Iterator[range]:
    """Row-number ranges (from 1) to generate until ``size()`` reaches ``target`` bytes."""
    per_chunk = max(MIN_CHUNK_ROWS, min(MAX_CHUNK_ROWS, target // (row_bytes * CHUNKS_PER_FILE)))
    start = 1
    while size() < target:
        yield range(start, start + per_chunk)
        start += per_chunk


class Labeller:
    """Moves a source's planted occurrences to its sink, named as piiaudit names them."""

    def __init__(self, people: People, uri: str, sink: PlantSink) -> None:
        self.people, self.uri, self.sink, self.count = people, uri, sink, 0

    def flush(self, prefix: str = "") -> None:
        plants = [replace(p, source=self.uri, container=prefix + p.container) for p in self.people.ctx.plants]
        self.people.ctx.plants.clear()
        self.count += len(plants)
        self.sink(plants)


def write_csv(path: Path, target: int, people: People, labeller: Labeller) -> tuple[int, dict[str, int]]:
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer: csv.DictWriter | None = None
        for chunk in chunks(target, 260, handle.tell):
            records = [customer_row(people, row) for row in chunk]
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
                writer.writeheader()
            writer.writerows(records)
            labeller.flush()
            rows = chunk[-1]
    return rows, {}


def write_parquet(path: Path, target: int, people: People, labeller: Labeller) -> tuple[int, dict[str, int]]:
    rows = 0
    with path.open("wb") as handle:
        writer: pq.ParquetWriter | None = None
        for chunk in chunks(target, 110, handle.tell):
            records = [payment_row(people, row) for row in chunk]
            if writer is None:
                fields = [pa.field(name, pa.string()) for name in records[0] if name != "paid_at"]
                schema = pa.schema([*fields, pa.field("paid_at", pa.timestamp("ms", tz="UTC"))])
                writer = pq.ParquetWriter(handle, schema, compression="snappy")
            writer.write_table(pa.Table.from_pylist(records, schema=writer.schema))
            labeller.flush()
            rows = chunk[-1]
        if writer is not None:
            writer.close()
    return rows, {}


def sqlite_size(connection: sqlite3.Connection) -> int:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    return pages * connection.execute("PRAGMA page_size").fetchone()[0]


Maker = Callable[[int], dict[str, Any]]
Flush = Callable[[str], None]


def fill_table(connection: sqlite3.Connection, table: str, target: int, make: Maker, flush: Flush) -> int:
    """Insert rows made by ``make`` into a new ``table`` until the database reaches ``target`` bytes."""
    rows = 0
    for chunk in chunks(target, 250, lambda: sqlite_size(connection)):
        records = [make(row) for row in chunk]
        if rows == 0:
            columns = ", ".join(
                f'"{name}" {"INTEGER" if isinstance(value, int) else "TEXT"}' for name, value in records[0].items()
            )
            connection.execute(f'CREATE TABLE "{table}" (id INTEGER PRIMARY KEY, {columns})')
        names = list(records[0])
        marks = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{n}"' for n in names)
        connection.executemany(
            f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', [tuple(r[n] for n in names) for r in records]
        )
        connection.commit()
        flush(f"{table}.")
        rows = chunk[-1]
    return rows


def write_sqlite(path: Path, target: int, people: People, labeller: Labeller) -> tuple[int, dict[str, int]]:
    """Two tables, call records then contacts; rows are read back in insertion (rowid) order."""
    centre = CallCentre(people)
    makers = {
        "call_records": lambda row: call_row(people, centre, row),
        "contacts": lambda row: customer_row(people, row),
    }
    tables, filled = {}, 0.0
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        for table, share in SQLITE_TABLE_SHARES:
            filled += share
            tables[table] = fill_table(connection, table, int(target * filled), makers[table], labeller.flush)
    finally:
        connection.close()
    return sum(tables.values()), tables


def write_jsonl(path: Path, target: int, people: People, labeller: Labeller) -> tuple[int, dict[str, int]]:
    centre = CallCentre(people)
    rows = 0
    with path.open("wb") as handle:
        for chunk in chunks(target, 1200, handle.tell):
            handle.write(samples.jsonl_bytes(chat_row(people, centre, row) for row in chunk))
            labeller.flush()
            rows = chunk[-1]
    return rows, {}


def write_log(path: Path, target: int, people: People, labeller: Labeller) -> tuple[int, dict[str, int]]:
    rows = 0
    with path.open("wb") as handle:
        for chunk in chunks(target, 150, handle.tell):
            handle.write("".join(log_line(people, row) + "\n" for row in chunk).encode("utf-8"))
            labeller.flush()
            rows = chunk[-1]
    return rows, {}


Writer = Callable[[Path, int, People, Labeller], tuple[int, dict[str, int]]]


@dataclass(frozen=True)
class SourceSpec:
    uri: str
    group: str
    share: float  # of the corpus's bytes
    writer: Writer


SOURCES = (
    SourceSpec("customers.csv", STRUCTURED, 0.25, write_csv),
    SourceSpec("payments.parquet", STRUCTURED, 0.15, write_parquet),
    SourceSpec("crm.db", STRUCTURED, 0.25, write_sqlite),
    SourceSpec("chat_transcripts.jsonl", FREE_TEXT, 0.20, write_jsonl),
    SourceSpec("app.log", FREE_TEXT, 0.15, write_log),
)


def write_source(spec: SourceSpec, folder: Path, size: int, seed: int, pools: Pools, sink: PlantSink) -> Written:
    """Write one source of a corpus of ``size`` bytes into ``folder/<group>/``; plants go to ``sink``."""
    people = People.new(f"{seed}:{spec.uri}", pools)
    labeller = Labeller(people, spec.uri, sink)
    path = folder / spec.group / spec.uri
    path.parent.mkdir(parents=True, exist_ok=True)
    records, tables = spec.writer(path, max(1, int(size * spec.share)), people, labeller)
    return Written(spec.uri, spec.group, path.stat().st_size, records, labeller.count, tables)


class LabelFile:
    """A labels CSV for one source (``source,container,row,entity``), written as plants arrive."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(["source", "container", "row", "entity"])

    def __call__(self, plants: list[samples.Plant]) -> None:
        self.writer.writerows((p.source, p.container, p.row, p.entity) for p in plants)

    def close(self) -> None:
        self.handle.close()


def generate_source(spec: SourceSpec, folder: Path, size: int, seed: int, pools: Pools) -> Written:
    (folder / "labels").mkdir(parents=True, exist_ok=True)
    labels = LabelFile(folder / "labels" / f"{spec.uri}.csv")
    try:
        return write_source(spec, folder, size, seed, pools, labels)
    finally:
        labels.close()


# --------------------------------------------------------------------------
# Corpus: generate once, cache by size and seed
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    folder: Path
    size: int
    seed: int
    sources: list[Written]
    generation_s: float
    cached: bool

    def group_folder(self, group: str) -> Path:
        return self.folder / group

    def labels(self, uri: str) -> Path:
        return self.folder / "labels" / f"{uri}.csv"

    def in_group(self, group: str) -> list[Written]:
        return [s for s in self.sources if s.group == group]


def size_label(size: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size}B"


def corpus_folder(cache: Path, size: int, seed: int) -> Path:
    return cache / f"{size_label(size)}-seed{seed}-v{VERSION}"


def load_corpus(folder: Path) -> Corpus:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    sources = [Written(**s) for s in manifest["sources"]]
    return Corpus(folder, manifest["size"], manifest["seed"], sources, manifest["generation_s"], cached=True)


def ensure_corpus(size: int, seed: int, cache: Path, jobs: int) -> Corpus:
    """The cached corpus for ``size`` and ``seed``, generated (``jobs`` sources at a time) if missing."""
    folder = corpus_folder(cache, size, seed)
    if (folder / "manifest.json").is_file():
        return load_corpus(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    started = time.perf_counter()
    pools = build_pools(seed)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(generate_source, spec, partial, size, seed, pools) for spec in SOURCES]
        sources = [f.result() for f in futures]
    seconds = round(time.perf_counter() - started, 1)
    manifest = {"version": VERSION, "size": size, "seed": seed, "generation_s": seconds}
    manifest["sources"] = [asdict(s) for s in sources]
    (partial / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return Corpus(folder, size, seed, sources, seconds, cached=False)
