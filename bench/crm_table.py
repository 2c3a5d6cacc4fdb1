"""A CRM customer table with one column per entity and unique values, for profiling the engine on cells.

Columns: name, e-mail, mobile, landline, street address (street, city, state or postcode), date of
birth, IP address, plan, balance, created_at. Every row is a fresh person (``bench.corpus.People``),
so the engine's value cache cannot flatter it. Run from the repository root::

    .venv/bin/python -m bench.crm_table /tmp/customers.csv --rows 20000 --compare 1000

``--compare N`` then scans the table with the CLI (``--workers 1``) and has stock Presidio analyse its
first N rows, and prints both in MB per CPU-second (piiaudit: the whole process, start-up included;
Presidio: the analysis alone, its bytes pro rata of the rows) and their ratio. Another checkout is
measured with its link tree first on ``PYTHONPATH`` (``OTHER/build/typecheck``).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

from bench.corpus import People, build_pools, fresh_phone
from bench.measure import PIIAUDIT, presidio_source, run_sampled
from piiaudit.scanner.sources import discover
from sample_data import generate as samples

PLANS = ("free", "basic", "standard", "premium", "enterprise")
COLUMNS = (
    "name", "email", "mobile", "landline", "street_address", "date_of_birth", "ip_address", "plan", "balance",
    "created_at",
)  # fmt: skip


def crm_rows(rows: int, seed: int) -> list[list[str]]:
    """``rows`` customers, one list of cells per row in ``COLUMNS`` order."""
    pools = build_pools(seed)
    people = People.new(f"crm-table-{seed}", pools)
    rng = people.rng
    table = []
    for _ in range(rows):
        person = people.customer()
        city, postcode, area = samples.locate(rng, person.country)
        _, mobile = fresh_phone(rng, pools, person.country, "mobile")
        _, landline = fresh_phone(rng, pools, person.country, area)
        address = f"{person.street}, {city} {postcode}"
        ip = samples.public_ipv4(rng) if rng.random() < 0.8 else samples.ipv6(rng)
        created = samples.iso_z(people.moment())
        balance = samples.amount(rng, 0, 5000)
        cells = [person.name, person.email, mobile, landline, address, person.dob.isoformat(), ip]
        table.append([*cells, rng.choice(PLANS), balance, created])
    return table


def write_crm_table(path: Path, rows: int, seed: int = 2026) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(crm_rows(rows, seed))


def compare(path: Path, rows: int, presidio_rows: int) -> None:
    """Print piiaudit's and Presidio's MB per CPU-second on the table, and their ratio."""
    size = path.stat().st_size / 1e6
    with tempfile.TemporaryDirectory() as work:
        command = [*PIIAUDIT, "scan", str(path), "--workers", "1", "--format", "json", "-o", f"{work}/r.json"]
        stats = run_sampled([*command, "--quiet", "--no-progress"], Path(work) / "log")
    print(f"piiaudit: {stats.cpu_s:.2f} CPU s, {size / stats.cpu_s:.3f} MB/s per core, peak {stats.peak_rss >> 20} MB")
    presidio = presidio_source(next(iter(discover([path]))), presidio_rows, budget_s=600)
    presidio_rate = size * presidio.rows / rows / presidio.cpu_s
    print(f"presidio: {presidio.cpu_s:.2f} CPU s on {presidio.rows} rows, {presidio_rate:.4f} MB/s per core")
    print(f"piiaudit / presidio per core: {size / stats.cpu_s / presidio_rate:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--compare", type=int, default=0, metavar="N", help="measure against Presidio on N rows")
    args = parser.parse_args()
    write_crm_table(args.path, args.rows, args.seed)
    if args.compare:
        compare(args.path, args.rows, args.compare)


if __name__ == "__main__":
    main()
