"""A tree of many files of few shapes, to measure what datasets change: findings and report size.

``python -m bench.datasets DIR`` writes, with unique values (bench.corpus's fresh customers):

- ``freeswitch/json_cdr/<uuid>.cdr.json``: one FreeSWITCH JSON CDR per call (sample_data/generate.py's builder),
- ``logs/app.log``, ``app.log.1`` … : rotated application logs (the sample corpus' log lines),
- ``events/date=YYYY-MM-DD/part-00000.parquet``: a Hive-partitioned Parquet table of payments,

then scans it (``--scan``) and prints, for each shape, the datasets its files form, and the number of
findings and the size of the JSON report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.corpus import People, build_pools, log_line, payment_row
from sample_data import generate as samples

SEED = 20261130


def write_tree(root: Path, calls: int = 2000, logs: int = 30, days: int = 10, rows: int = 200) -> Path:
    pools = build_pools(SEED)
    people = People.new("datasets", pools)
    staff = samples.make_staff(people.ctx)
    cdrs = root / "freeswitch" / "json_cdr"
    cdrs.mkdir(parents=True)
    core = samples.new_uuid(people.rng)
    for _ in range(calls):
        call = answered_call(people, staff)
        name = f"{call.uid}.cdr.json"
        (cdrs / name).write_text(json.dumps(samples.freeswitch_json(people.ctx, name, call, core)))
    (root / "logs").mkdir()
    for n in range(logs):
        name = "app.log" if n == 0 else f"app.log.{n}"
        lines = [log_line(people, row) for row in range(1, rows + 1)]
        (root / "logs" / name).write_text("\n".join(lines) + "\n")
    for day in range(days):
        date = dt.date(2026, 11, 1) + dt.timedelta(days=day)
        part = root / "events" / f"date={date.isoformat()}"
        part.mkdir(parents=True)
        records = [payment_row(people, row) for row in range(1, rows + 1)]
        pq.write_table(pa.Table.from_pylist(records), part / "part-00000.parquet")
    return root


def answered_call(people: People, staff: list[samples.Staff]) -> samples.Call:
    """A call answered by an agent, from a fresh customer (mod_json_cdr records answered calls here)."""
    while True:
        (call,) = samples.make_calls(people.ctx, 1, [people.customer()], staff)
        if call.answered and call.agent is not None:
            return call


def scan(root: Path, python: str, pythonpath: str | None) -> dict:
    with tempfile.TemporaryDirectory() as out:
        report = Path(out) / "report.json"
        env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
        cli = "import sys; from piiaudit.scanner.cli import main; sys.exit(main())"
        command = [python, "-c", cli, "scan", str(root), "--format", "json", "-o", str(report), "--quiet"]
        subprocess.run(command, check=False, env=env, capture_output=True)
        data = json.loads(report.read_text())
        return {"findings": len(data["findings"]), "report_bytes": report.stat().st_size, "report": data}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--logs", type=int, default=30)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--scan", action="store_true", help="scan the tree and print findings and report size")
    parser.add_argument("--pythonpath", help="PYTHONPATH for the scan (another checkout of piiaudit)")
    args = parser.parse_args(argv)
    if not args.folder.exists():
        write_tree(args.folder, args.calls, args.logs, args.days)
    if args.scan:
        result = scan(args.folder, sys.executable, args.pythonpath)
        report = result.pop("report")
        datasets: dict[str, set[str]] = {}
        for source in report["sources"]:
            shape = source["uri"].split("/", 1)[0]
            datasets.setdefault(shape, set()).add(source.get("dataset", source["uri"]))
        files = {shape: sum(s["uri"].startswith(shape + "/") for s in report["sources"]) for shape in datasets}
        print(json.dumps({**result, "files": files, "datasets": {k: len(v) for k, v in datasets.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
