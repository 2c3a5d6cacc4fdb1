"""Baselines: the accepted state of findings, so a nightly scan fails only on what is new.

A finding's fingerprint is a hash of (source, container, entity, verdict): no values, no row or
line numbers, so inserting rows does not churn the baseline. An entry may be marked as a false
positive or an accepted risk, with who and why; marked entries stay suppressed, also after they
disappear and come back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from piiaudit.scanner import __version__
from piiaudit.scanner.model import (
    MARKS,
    BaselineDiff,
    BaselineEntry,
    BaselineState,
    EntryStatus,
    Finding,
    PolicySummary,
    ScanResult,
)
from piiaudit.scanner.model.storage import write_private

BASELINE_VERSION = 1
DEFAULT_BASELINE = Path(".piiaudit-baseline.json")


class BaselineError(ValueError):
    """A baseline file that cannot be read or used."""


def fingerprint(finding: Finding) -> str:
    """Stable across runs: source, container, entity and verdict; never a value or a row number."""
    key = "\x1f".join([finding.source, finding.container or "", finding.entity, finding.disclosure or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass
class Baseline:
    entries: dict[str, BaselineEntry] = field(default_factory=dict)
    created_at: str = ""
    policy: PolicySummary | None = None

    @classmethod
    def from_result(cls, result: ScanResult, previous: Baseline | None = None) -> Baseline:
        """The current findings accepted; marks of ``previous`` are kept, also for findings now gone."""
        today = datetime.now(UTC).date().isoformat()
        entries = {e.fingerprint: e for e in (previous.entries.values() if previous else ()) if e.suppressed}
        for finding in result.findings:
            key = fingerprint(finding)
            if key in entries:
                continue
            old = previous.entries.get(key) if previous else None
            entries[key] = BaselineEntry(
                key, finding.source, finding.container, finding.entity, finding.disclosure,
                first_seen=old.first_seen if old else today,
            )  # fmt: skip
        return cls(entries, datetime.now(UTC).isoformat(timespec="seconds"), result.policy)

    def to_json(self) -> str:
        data = {
            "version": BASELINE_VERSION,
            "tool": {"name": "piiaudit", "version": __version__},
            "created_at": self.created_at,
            "policy": self.policy,
            "findings": [asdict(e) for e in sorted(self.entries.values(), key=lambda e: (e.source, e.container or ""))],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        write_private(path, self.to_json().encode("utf-8"))

    def mark(self, key: str, status: EntryStatus, by: str, reason: str) -> BaselineEntry:
        matches = [k for k in self.entries if k.startswith(key)]
        if len(matches) != 1:
            raise BaselineError(f"fingerprint {key!r} matches {len(matches)} entries; give more of it")
        entry = self.entries[matches[0]] = replace(self.entries[matches[0]], status=status, by=by, reason=reason)
        return entry


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: no such baseline file") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a readable baseline: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not a piiaudit baseline (version {BASELINE_VERSION})")
    try:
        entries = {e["fingerprint"]: BaselineEntry(**e) for e in data.get("findings", [])}
    except TypeError as exc:
        raise BaselineError(f"{path}: malformed entry: {exc}") from exc
    bad = [e.fingerprint for e in entries.values() if e.status not in ("accepted", *MARKS)]
    if bad:
        raise BaselineError(f"{path}: unknown status for {', '.join(bad)}")
    return Baseline(entries, data.get("created_at", ""), data.get("policy"))


def compare(result: ScanResult, baseline: Baseline, path: Path) -> ScanResult:
    """Mark each finding new, unchanged or suppressed, and list what the baseline had that is now resolved."""
    findings, seen = [], set()
    for finding in result.findings:
        key = fingerprint(finding)
        seen.add(key)
        entry = baseline.entries.get(key)
        state: BaselineState = "new" if entry is None else ("suppressed" if entry.suppressed else "unchanged")
        findings.append(replace(finding, baseline=state))
    diff = BaselineDiff(
        file=str(path),
        created_at=baseline.created_at,
        new=sum(f.baseline == "new" for f in findings),
        unchanged=sum(f.baseline == "unchanged" for f in findings),
        suppressed=sum(f.baseline == "suppressed" for f in findings),
        resolved=tuple(e for k, e in baseline.entries.items() if k not in seen and not e.suppressed),
    )
    return replace(result, findings=findings, baseline=diff)
