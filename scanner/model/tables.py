"""Findings and occurrences as Arrow tables, and as pandas DataFrames for analysts.

The findings table has the columns of the CSV and Parquet reports, the occurrences table those of
the occurrences file (docs/report-format.md); both hold masked evidence only. DataFrames keep the
Arrow types (``pd.ArrowDtype``): whole numbers stay whole numbers where a cell is empty.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from piiaudit.scanner.model import Finding, Occurrence
from piiaudit.scanner.model.storage import display_uri

FINDINGS_SCHEMA = pa.schema(
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
        ("baseline", pa.string()),
    ]
)
OCCURRENCES_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("container", pa.string()),
        ("row", pa.int64()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("entity", pa.string()),
        ("detector", pa.string()),
        ("confidence", pa.float32()),
        ("masked", pa.string()),
    ]
)
OCCURRENCE_FORMATS = (".jsonl", ".parquet")


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
        "baseline": finding.baseline,
    }


def findings_table(findings: Iterable[Finding]) -> pa.Table:
    return pa.Table.from_pylist([finding_row(f) for f in findings], schema=FINDINGS_SCHEMA)


def occurrence_row(occurrence: Occurrence) -> dict[str, Any]:
    return {name: getattr(occurrence, name) for name in OCCURRENCES_SCHEMA.names}


OCCURRENCE_FIELDS = operator.attrgetter(*OCCURRENCES_SCHEMA.names)


def occurrences_table(occurrences: Iterable[Occurrence]) -> pa.Table:
    """Occurrences as a table of ``OCCURRENCES_SCHEMA``, built column by column."""
    rows = [OCCURRENCE_FIELDS(o) for o in occurrences]
    columns = zip(*rows, strict=True) if rows else ([] for _ in OCCURRENCES_SCHEMA)
    return pa.Table.from_arrays(
        [pa.array(column, type=f.type) for column, f in zip(columns, OCCURRENCES_SCHEMA, strict=True)],
        schema=OCCURRENCES_SCHEMA,
    )


def occurrence_format(path: Path) -> str:
    """``.jsonl`` or ``.parquet``, from the file name; ValueError for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in OCCURRENCE_FORMATS:
        raise ValueError(f"occurrences file must end in .jsonl or .parquet, not {suffix or 'nothing'!r}")
    return suffix


def read_occurrences(path: Path) -> pa.Table:
    """An occurrences file (``scan --occurrences``, JSON Lines or Parquet) as a table of ``OCCURRENCES_SCHEMA``."""
    if occurrence_format(path) == ".parquet":
        return pq.read_table(path, schema=OCCURRENCES_SCHEMA)
    if Path(path).stat().st_size == 0:  # no occurrences: Arrow's JSON reader wants at least one row
        return OCCURRENCES_SCHEMA.empty_table()
    options = pa_json.ParseOptions(explicit_schema=OCCURRENCES_SCHEMA, unexpected_field_behavior="ignore")
    return pa_json.read_json(path, parse_options=options)


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A table as a DataFrame with Arrow-backed columns (integers with empty cells stay integers)."""
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame, one row each, with the columns of the CSV report."""
    return to_frame(findings_table(findings))


def occurrences_frame(path: Path) -> pd.DataFrame:
    """The occurrences file of a scan (``--occurrences``, .jsonl or .parquet) as a DataFrame, one row each."""
    return to_frame(read_occurrences(path))
