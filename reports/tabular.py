"""Findings as one flat table for analysts: Parquet, or CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from piiaudit.scanner.model import ScanResult
from piiaudit.scanner.model.storage import atomic_output, write_private
from piiaudit.scanner.model.tables import FINDINGS_SCHEMA, finding_row, findings_table

# A spreadsheet evaluates a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value


def csv_bytes(result: ScanResult) -> bytes:
    """The findings table as UTF-8 CSV with a header, every text cell quoted and formula-neutralised."""
    rows = [{key: spreadsheet_safe(value) for key, value in finding_row(f).items()} for f in result.findings]
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(pa.Table.from_pylist(rows, schema=FINDINGS_SCHEMA), sink)
    return sink.getvalue().to_pybytes()


def render_csv(result: ScanResult) -> str:
    return csv_bytes(result).decode("utf-8")


def write_csv(result: ScanResult, path: Path) -> None:
    write_private(path, csv_bytes(result))


def write_parquet(result: ScanResult, path: Path) -> None:
    with atomic_output(path) as handle:
        pq.write_table(findings_table(result.findings), handle)
