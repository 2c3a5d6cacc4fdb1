"""Findings as one flat table for analysts: Parquet, or CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from piiaudit.scanner.model import Finding, ScanResult
from piiaudit.scanner.model.storage import atomic_output, display_uri, write_private

SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("container", pa.string()),
        ("entity", pa.string()),
        ("detector", pa.string()),
        ("confidence", pa.float64()),
        ("occurrences", pa.int64()),
        ("files", pa.int64()),
        ("subject", pa.string()),
        ("categories", pa.string()),
        ("disclosure", pa.string()),
        ("rule", pa.string()),
        ("example", pa.string()),
        ("example_row", pa.int64()),
        ("example_file", pa.string()),
        ("policy_quote", pa.string()),
        ("notes", pa.string()),
    ]
)
# A spreadsheet evaluates a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def finding_row(finding: Finding) -> dict[str, Any]:
    """One finding as flat columns: lists joined by ``;``, its first masked example and first policy quote."""
    example = finding.examples[0] if finding.examples else None
    quote = next((ref["text"] for ref in finding.policy_refs if "section" in ref), None)
    return {
        "source": display_uri(finding.source),
        "container": finding.container,
        "entity": finding.entity,
        "detector": finding.detector,
        "confidence": round(finding.confidence, 2),
        "occurrences": finding.occurrences,
        "files": finding.files,
        "subject": finding.subject,
        "categories": ";".join(finding.categories) or None,
        "disclosure": finding.disclosure,
        "rule": finding.rule,
        "example": example.masked if example else None,
        "example_row": example.row if example else None,
        "example_file": display_uri(example.file or finding.source) if example else None,
        "policy_quote": quote,
        "notes": "; ".join(finding.notes) or None,
    }


def findings_table(result: ScanResult) -> pa.Table:
    return pa.Table.from_pylist([finding_row(f) for f in result.findings], schema=SCHEMA)


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value


def csv_bytes(result: ScanResult) -> bytes:
    """The findings table as UTF-8 CSV with a header, every text cell quoted and formula-neutralised."""
    rows = [{key: spreadsheet_safe(value) for key, value in finding_row(f).items()} for f in result.findings]
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(pa.Table.from_pylist(rows, schema=SCHEMA), sink)
    return sink.getvalue().to_pybytes()


def render_csv(result: ScanResult) -> str:
    return csv_bytes(result).decode("utf-8")


def write_csv(result: ScanResult, path: Path) -> None:
    write_private(path, csv_bytes(result))


def write_parquet(result: ScanResult, path: Path) -> None:
    with atomic_output(path) as handle:
        pq.write_table(findings_table(result), handle)
