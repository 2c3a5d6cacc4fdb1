"""A CRM customer table with one column per entity and unique values, for profiling the engine on cells.

Columns: name, e-mail, mobile, landline, street address (street, city, state or postcode), date of
birth, IP address, plan, balance, created_at. Every row is a fresh person (``bench.corpus.People``),
so the engine's value cache cannot flatter it. Run from the repository root::

    .venv/bin/python -m bench.crm_table /tmp/customers.csv --rows 20000
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from bench.corpus import People, build_pools, fresh_phone
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_crm_table(args.path, args.rows, args.seed)


if __name__ == "__main__":
    main()
