"""SARIF 2.1.0 output: one rule per entity and verdict, one result per finding, masked evidence only.

Files are located by their path relative to the scan root (``uriBaseId`` ``SCANROOT``) and the
line the example's record starts on as ``region.startLine`` (where the file's format knows it: not
in Parquet or XLSX); a column or JSON path is a logical location. A source named
by a database URL is a logical location ``URL#schema.table.column``, its password never shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from piiaudit.reports.json_report import baseline_dict
from piiaudit.scanner import __version__
from piiaudit.scanner.model import Example, Finding, ScanResult, SourceResult, Verdict
from piiaudit.scanner.model.storage import display_uri, is_url, write_private
from piiaudit.scanner.policy.taxonomy import default_taxonomy, entity_categories
from piiaudit.scanner.sources import formats

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SCAN_ROOT = "SCANROOT"
FINGERPRINT = "piiauditDataLocation/v1"
MAX_LISTED_RECORD_ERRORS = 5


class VerdictText(NamedTuple):
    """How SARIF presents one verdict: the result level and the words of its rule's texts."""

    level: str
    short: str
    meaning: str
    advice: str


VERDICT_TEXTS: dict[Verdict | None, VerdictText] = {
    "prohibited": VerdictText(
        "error",
        "must not be stored",
        "must not be stored, whatever the privacy policy says",
        "Delete it and stop storing it.",
    ),
    "incorrect": VerdictText(
        "error",
        "contradicts the privacy policy",
        "was found although the privacy policy says it is not collected (or not from people this young)",
        "Delete the data, or correct the policy.",
    ),
    "undisclosed": VerdictText(
        "warning",
        "not disclosed in the privacy policy",
        "was found, but the privacy policy does not disclose collecting it about this data subject",
        "Disclose it in the policy, or stop storing it.",
    ),
    "vague": VerdictText(
        "note",
        "disclosed only by a broader category",
        "is covered only by a broader category of the privacy policy",
        "Name this category in the policy.",
    ),
    "disclosed": VerdictText(
        "none",
        "disclosed in the privacy policy",
        "is disclosed in the privacy policy for this data subject",
        "Nothing to do while the policy and the data agree.",
    ),
    None: VerdictText(
        "warning", "found", "was found", "Scan with --policy to check it against what the privacy policy discloses."
    ),
}


def rule_id(finding: Finding) -> str:
    """``ENTITY/verdict``, or just the entity when no policy was applied."""
    return f"{finding.entity}/{finding.disclosure}" if finding.disclosure else finding.entity


def categories_of(finding: Finding) -> list[str]:
    return finding.categories or entity_categories().get(finding.entity, [])


def label(finding: Finding) -> str:
    """Plain words for the entity: its category's name (``Email address``), else the entity name."""
    categories = categories_of(finding)
    return default_taxonomy().name(categories[0]) if categories else finding.entity.replace("_", " ").capitalize()


def basis(finding: Finding) -> list[str]:
    """What the verdict rests on: prohibited rules, policy quotes, then notes such as "not mentioned in the policy"."""
    refs = [
        f"{ref['rule']}: {ref['text']}" if "rule" in ref else f"“{ref['text']}” ({ref['section']})"
        for ref in finding.policy_refs
    ]
    return refs + finding.notes


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def message(text: str) -> dict[str, str]:
    """A SARIF message; braces are doubled as the format requires of message strings (§3.11.5)."""
    return {"text": text.replace("{", "{{").replace("}", "}}")}


def rule(findings: list[Finding]) -> dict[str, Any]:
    """The reporting descriptor shared by findings of one entity and verdict; its help collects their basis."""
    first = findings[0]
    verdict = VERDICT_TEXTS[first.disclosure]
    categories = categories_of(first)
    what = f"{label(first)} ({', '.join([first.entity, *categories])})"
    help_lines = [f"{what} {verdict.meaning}. {verdict.advice}"]
    reasons = unique(line for f in findings for line in basis(f))
    if reasons:
        help_lines += ["", "Policy basis:", *(f"- {line}" for line in reasons)]
    name = "".join(part.capitalize() for part in [*first.entity.split("_"), first.disclosure or ""])
    return {
        "id": rule_id(first),
        "name": name,
        "shortDescription": {"text": f"{label(first)} {verdict.short}"},
        "fullDescription": {"text": f"{what} {verdict.meaning}."},
        "help": {"text": "\n".join(help_lines)},
        "defaultConfiguration": {"level": verdict.level},
        "properties": {"tags": unique(["privacy", "personal-data", first.entity, *categories])},
    }


def source_location(uri: str) -> dict[str, Any]:
    """A source as a SARIF location: a file relative to the scan root, or a database as a logical location."""
    if is_url(uri):
        return {"logicalLocations": [{"fullyQualifiedName": display_uri(uri), "kind": "resource"}]}
    return {"physicalLocation": {"artifactLocation": artifact_location(uri)}}


def artifact_location(uri: str) -> dict[str, str]:
    if is_url(uri):
        return {"uri": display_uri(uri)}
    return {"uri": quote(uri), "uriBaseId": SCAN_ROOT}


def example_location(finding: Finding, example: Example, kinds: dict[str, str]) -> dict[str, Any]:
    """Where one example is: its file, the line its record starts on (``startLine``, where known) and container;
    or database URL and container.

    ``kinds`` gives each file's kind by uri; a container of a JSON file is a property, else a column.
    """
    where = message(f"{example.masked} (row {example.row})")
    if is_url(finding.source):
        name = display_uri(finding.source)
        if finding.container:
            name += f"#{finding.container}"
        kind = "column" if finding.container else "resource"
        return {"logicalLocations": [{"fullyQualifiedName": name, "kind": kind}], "message": where}
    file = example.file or finding.source
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    if example.line is not None:
        physical["region"] = {"startLine": example.line}
    location: dict[str, Any] = {"physicalLocation": physical, "message": where}
    if finding.container:
        json_path = formats.file_syntax(kinds.get(file, ""), file) in formats.JSON_SYNTAXES
        location["logicalLocations"] = [{"name": finding.container, "kind": "property" if json_path else "column"}]
    return location


def fingerprint(finding: Finding) -> str:
    """Stable across runs: source, container and entity only (no rows, no values, no password)."""
    key = "\x1f".join([display_uri(finding.source), finding.container or "", finding.entity])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def result_message(finding: Finding) -> str:
    where = display_uri(finding.source) + (f" › {finding.container}" if finding.container else "")
    if finding.files > 1:
        where += f" ({finding.files} files)"
    subject = f" about {finding.subject}" if finding.subject else ""
    examples = ", ".join(f"{e.masked} ({example_place(finding, e)})" for e in finding.examples)
    text = f"{finding.occurrences} × {label(finding)} ({finding.entity}) in {where}{subject}, e.g. {examples}."
    if finding.rule:
        text += f" Prohibited by rule {finding.rule}."
    elif finding.disclosure:
        text += f" {finding.disclosure.capitalize()}: " + "; ".join(basis(finding))
    return text


def example_place(finding: Finding, example: Example) -> str:
    """``row 7``, or ``row 7 of a.cdr.json`` for an example in one of a dataset's files."""
    file = example.file or finding.source
    return f"row {example.row}" + (f" of {display_uri(file)}" if file != finding.source else "")


def sarif_result(finding: Finding, rule_index: int, kinds: dict[str, str]) -> dict[str, Any]:
    level = VERDICT_TEXTS[finding.disclosure].level
    primary, *related = [example_location(finding, e, kinds) for e in finding.examples]
    properties = {
        "detector": finding.detector,
        "confidence": round(finding.confidence, 2),
        "occurrences": finding.occurrences,
        "files": finding.files if finding.files > 1 else None,
        "subject": finding.subject,
        "categories": finding.categories,
        "rule": finding.rule,
    }
    result = {
        "ruleId": rule_id(finding),
        "ruleIndex": rule_index,
        "kind": "informational" if level == "none" else "fail",
        "level": level,
        "message": message(result_message(finding)),
        "locations": [primary],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
        "properties": {key: value for key, value in properties.items() if value},
    }
    if related:
        result["relatedLocations"] = [{"id": n, **location} for n, location in enumerate(related, start=1)]
    if finding.baseline is not None:
        result["baselineState"] = "new" if finding.baseline == "new" else "unchanged"
    if finding.baseline == "suppressed":
        result["suppressions"] = [{"kind": "external", "status": "accepted"}]
    return result


def notifications(source: SourceResult) -> list[dict[str, Any]]:
    """Tool execution notifications for a source that failed, or whose malformed records were skipped."""
    name = display_uri(source.uri)
    out = []
    if source.status == "error":
        out.append(
            {
                "descriptor": {"id": "source-unreadable"},
                "level": "error",
                "message": message(f"{name} could not be scanned: {source.error or 'error'}"),
                "locations": [source_location(source.uri)],
            }
        )
    if source.record_errors:
        listed = [f"row {e.row}: {e.reason}" for e in source.record_errors[:MAX_LISTED_RECORD_ERRORS]]
        more = len(source.record_errors) - len(listed)
        text = f"{name}: {len(source.record_errors)} malformed record(s) skipped ({'; '.join(listed)}"
        text += f"; … and {more} more)" if more else ")"
        out.append(
            {
                "descriptor": {"id": "record-skipped"},
                "level": "warning",
                "message": message(text),
                "locations": [source_location(source.uri)],
            }
        )
    return out


def utc(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def invocation(result: ScanResult) -> dict[str, Any]:
    started = datetime.fromisoformat(result.started_at)
    return {
        "executionSuccessful": not any(s.failed for s in result.sources),
        "startTimeUtc": utc(started),
        "endTimeUtc": utc(started + timedelta(seconds=result.duration_s)),
        "toolExecutionNotifications": [n for s in result.sources for n in notifications(s)],
    }


def scan_root(result: ScanResult) -> dict[str, Any]:
    """``originalUriBaseIds`` entry: the scanned directory as a file URI when one path was scanned."""
    description = {"text": "the directory that was scanned; file URIs are relative to it"}
    return {"uri": result.root_uri, "description": description} if result.root_uri else {"description": description}


def artifact(source: SourceResult) -> dict[str, Any]:
    properties = {"kind": source.kind, "status": source.status, "records": source.records}
    if source.dataset and source.dataset != source.uri:
        properties["dataset"] = source.dataset
    return {"location": artifact_location(source.uri), "properties": properties}


def sarif_dict(result: ScanResult) -> dict[str, Any]:
    """The whole scan as one SARIF log with a single run."""
    groups: dict[str, list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault(rule_id(finding), []).append(finding)
    index = {rule: n for n, rule in enumerate(groups)}
    kinds = {s.uri: s.kind for s in result.sources}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "piiaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule(findings) for findings in groups.values()],
            }
        },
        "invocations": [invocation(result)],
        "originalUriBaseIds": {SCAN_ROOT: scan_root(result)},
        "artifacts": [artifact(s) for s in result.sources],
        "results": [sarif_result(f, index[rule_id(f)], kinds) for f in result.findings],
    }
    scope = {
        "policy": result.policy,
        "sample": result.sample,
        "baseline": baseline_dict(result.baseline) if result.baseline else None,
    }
    scope = {key: value for key, value in scope.items() if value}
    if scope:
        run["properties"] = scope
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(result: ScanResult) -> str:
    return json.dumps(sarif_dict(result), indent=2, ensure_ascii=False) + "\n"


def write_sarif(result: ScanResult, path: Path) -> None:
    write_private(path, render_sarif(result).encode("utf-8"))
