"""Saved JSON reports read back into the ``ScanResult`` they were written from, to render them without rescanning.

A JSON report (``piiaudit scan --format json``, docs/report-format.md) carries everything every
renderer needs: sources and their scope, findings with their masked examples, policy quotes and
verdicts, the policy's summary and the baseline comparison. ``load_report`` gives the result back,
so that ``piiaudit report`` writes the HTML, SARIF, CSV, Parquet or terminal output the scan would have.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from piiaudit.scanner.model import (
    BaselineDiff,
    BaselineEntry,
    Example,
    Finding,
    PolicySummary,
    RecordError,
    ScanResult,
    SourceResult,
    TableResult,
)

READABLE_MAJOR = "1"  # report format versions 1.x


class ReportError(ValueError):
    """A file that is not a JSON report this version can read."""


def load_report(path: Path) -> ScanResult:
    """The scan result a JSON report was written from; ``ReportError`` says why a file cannot be one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: cannot read the report: {getattr(exc, 'strerror', None) or exc}") from exc
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    if version.split(".")[0] != READABLE_MAJOR:
        raise ReportError(f"{path}: not a piiaudit JSON report of format 1.x (version {version or 'missing'})")
    try:
        return result_from(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(f"{path}: not a complete piiaudit JSON report (bad or missing {exc})") from exc


def result_from(data: dict[str, Any]) -> ScanResult:
    scan = data["scan"]
    return ScanResult(
        root=scan["root"],
        sources=[source_from(s) for s in data["sources"]],
        findings=[finding_from(f) for f in data["findings"]],
        started_at=scan["started_at"],
        duration_s=scan["duration_s"],
        sample=scan["sample"],
        policy=policy_from(scan["policy"]),
        baseline=baseline_from(data["baseline"]) if data.get("baseline") else None,
        interrupted=scan.get("interrupted", False),  # added in format 1.1
        root_uri=scan.get("root_uri"),
    )


def policy_from(data: dict[str, Any] | None) -> PolicySummary | None:
    """The policy's summary; a report of format 1.0 has no ``outside_policy``."""
    if not data:
        return None
    policy = dict(data)
    policy.setdefault("outside_policy", {})
    return cast(PolicySummary, policy)


def source_from(data: dict[str, Any]) -> SourceResult:
    return SourceResult(
        uri=data["uri"],
        kind=data["kind"],
        status=data["status"],
        error=data["error"],
        records=data["records"],
        record_errors=[RecordError(**e) for e in data["record_errors"]],
        subject=data["subject"],
        tables=[TableResult(**t) for t in data["tables"]],
        dataset=data["dataset"],
    )


def finding_from(data: dict[str, Any]) -> Finding:
    return Finding(**{**data, "examples": [Example(**e) for e in data["examples"]]})


def baseline_from(data: dict[str, Any]) -> BaselineDiff:
    return BaselineDiff(
        file=data["file"],
        created_at=data["created_at"],
        new=data["new"],
        unchanged=data["unchanged"],
        suppressed=data["suppressed"],
        resolved=tuple(BaselineEntry(**e) for e in data["resolved"]),
    )
