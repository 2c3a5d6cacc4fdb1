"""The stable JSON report (format documented in docs/report-format.md)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from piiaudit.scanner import __version__
from piiaudit.scanner.model import BaselineDiff, Finding, ScanResult, SourceResult
from piiaudit.scanner.model.storage import write_private

REPORT_VERSION = "1.1"


def source_dict(source: SourceResult) -> dict[str, Any]:
    return {
        "uri": source.uri,
        "dataset": source.dataset or source.uri,
        "kind": source.kind,
        "status": source.status,
        "error": source.error,
        "records": source.records,
        "record_errors": [{"row": e.row, "reason": e.reason} for e in source.record_errors],
        "subject": source.subject,
        "tables": [asdict(t) for t in source.tables],
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    data = asdict(finding)
    data["confidence"] = round(finding.confidence, 2)
    return data


def baseline_dict(baseline: BaselineDiff) -> dict[str, Any]:
    """The comparison with a baseline: its file, the counts, and the entries it had that are resolved."""
    return {
        "file": baseline.file,
        "created_at": baseline.created_at,
        "new": baseline.new,
        "unchanged": baseline.unchanged,
        "suppressed": baseline.suppressed,
        "resolved": [asdict(entry) for entry in baseline.resolved],
    }


def summary(result: ScanResult) -> dict[str, Any]:
    by_entity: Counter[str] = Counter()
    for f in result.findings:
        by_entity[f.entity] += f.occurrences
    disclosure = Counter(f.disclosure for f in result.findings if f.disclosure)
    return {
        "sources": len(result.sources),
        "datasets": len({s.dataset or s.uri for s in result.sources}),
        "failed_sources": sum(s.failed for s in result.sources),
        "findings": len(result.findings),
        "occurrences": sum(f.occurrences for f in result.findings),
        "occurrences_by_entity": dict(sorted(by_entity.items())),
        "findings_by_disclosure": dict(sorted(disclosure.items())),
        "sources_without_subject": result.sources_without_subject(),
    }


def report_dict(result: ScanResult) -> dict[str, Any]:
    """The whole report as plain JSON-ready data."""
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "piiaudit", "version": __version__},
        "scan": {
            "root": result.root,
            "started_at": result.started_at,
            "duration_s": result.duration_s,
            "sample": result.sample,
            "policy": result.policy,
            "interrupted": result.interrupted,
            "root_uri": result.root_uri,
        },
        "summary": summary(result),
        "baseline": baseline_dict(result.baseline) if result.baseline else None,
        "sources": [source_dict(s) for s in result.sources],
        "findings": [finding_dict(f) for f in result.findings],
    }


def render_json(result: ScanResult) -> str:
    return json.dumps(report_dict(result), indent=2, ensure_ascii=False) + "\n"


def write_json(result: ScanResult, path: Path) -> None:
    write_private(path, render_json(result).encode("utf-8"))
