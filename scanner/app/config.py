"""The scan configuration file (``piiaudit.yaml`` or ``--config``): allow-list, detector options, exclusions.

```yaml
min_confidence: 0.5
regions: [AU, US, GB]            # default regions for phone numbers
exclude: ["**/fixtures/**"]      # path globs not scanned at all
datasets: true                   # false: every file is reported on its own, never grouped into a dataset
allow:
  - value_sha256: 5e8848...      # an exact value, stored only as its SHA-256 hash
    reason: test card used by QA
  - regex: "^test\\+.*@example\\.com$"
    reason: synthetic accounts
  - path: "exports/archive/*.csv"
    reason: already anonymised
  - column: "*.sku"
    reason: not personal data
outside_policy:                  # people the policy does not cover: all their data is "undisclosed"
  - {id: callers, name: "People who call our customers"}
sources:                         # whose data each source holds (a policy's subject ids, or outside_policy ids)
  - path: "cdr*.csv"
    subject: callers
  - path: "staff.xlsx"
    column: "Staff.*"            # optional container glob
    subject: end_users_employees
prohibited:                      # an organisation's own "must never be stored" rules
  - id: no-passport-scans
    name: Passport numbers outside the KYC vault
    entities: [PASSPORT_NUMBER]
    reference: Internal data handling standard DH-7, section 3
```
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from piiaudit.scanner.model.settings import (
    DEFAULT_REGIONS,
    AllowList,
    AllowRule,
    OutsideSubject,
    ScanConfig,
    SubjectBinding,
)

DEFAULT_CONFIG_NAME = "piiaudit.yaml"
SUBJECT_ID = re.compile(r"[a-z][a-z0-9_]*")  # as a policy's subject ids (scanner/data/policy.schema.json)


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the problem."""


def parse_allow_rule(entry: Any, where: str) -> AllowRule:
    if not isinstance(entry, dict) or not entry.get("reason"):
        raise ConfigError(f"{where}: each allow entry needs a 'reason' and one of value_sha256, regex, path, column")
    kinds = [k for k in ("value_sha256", "regex", "path", "column") if entry.get(k)]
    if not kinds:
        raise ConfigError(f"{where}: allow entry has no value_sha256, regex, path or column")
    unknown = set(entry) - {"value_sha256", "regex", "path", "column", "reason"}
    if unknown:
        raise ConfigError(f"{where}: unknown allow key(s) {', '.join(sorted(unknown))}")
    try:
        regex = re.compile(entry["regex"]) if entry.get("regex") else None
    except re.error as exc:
        raise ConfigError(f"{where}: bad regex {entry['regex']!r}: {exc}") from exc
    digest = entry.get("value_sha256")
    if digest and not re.fullmatch(r"[0-9a-f]{64}", str(digest)):
        raise ConfigError(f"{where}: value_sha256 must be 64 lower-case hex digits")
    return AllowRule(str(entry["reason"]), digest, regex, entry.get("path"), entry.get("column"))


def parse_binding(entry: Any, where: str) -> SubjectBinding:
    if not isinstance(entry, dict) or not entry.get("path") or not entry.get("subject"):
        raise ConfigError(f"{where}: each sources entry needs 'path' (a glob) and 'subject' (a policy subject id)")
    unknown = set(entry) - {"path", "column", "subject"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return SubjectBinding(str(entry["path"]), str(entry["subject"]), entry.get("column"))


def parse_outside(entry: Any, where: str) -> OutsideSubject:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
        raise ConfigError(f"{where}: each outside_policy entry needs 'id' and 'name' (who these people are)")
    unknown = set(entry) - {"id", "name"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not SUBJECT_ID.fullmatch(str(entry["id"])):
        raise ConfigError(f"{where}: id {entry['id']!r} must be lower case letters, digits and _")
    return OutsideSubject(str(entry["id"]), str(entry["name"]))


def parse_rule(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "name", "reference")):
        raise ConfigError(f"{where}: each prohibited rule needs 'id', 'name' and 'reference'")
    if not entry.get("entities") and not entry.get("categories"):
        raise ConfigError(f"{where}: a prohibited rule needs 'entities' or 'categories'")
    return entry


def load_config(path: Path | None) -> ScanConfig:
    """Read a scan configuration; ``None`` means ``./piiaudit.yaml`` if present, else defaults."""
    if path is None:
        path = Path(DEFAULT_CONFIG_NAME)
        if not path.is_file():
            return ScanConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    allow = tuple(parse_allow_rule(e, f"{path}: allow[{i}]") for i, e in enumerate(data.get("allow") or []))
    try:
        min_confidence = float(data.get("min_confidence", 0.5))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: min_confidence must be a number") from exc
    datasets = data.get("datasets", True)
    if not isinstance(datasets, bool):
        raise ConfigError(f"{path}: datasets must be true or false")
    return ScanConfig(
        min_confidence=min_confidence,
        datasets=datasets,
        regions=tuple(str(r).upper() for r in data.get("regions") or DEFAULT_REGIONS),
        exclude=tuple(data.get("exclude") or ()),
        allow=AllowList(allow),
        detectors=dict(data.get("detectors") or {}),
        bindings=tuple(parse_binding(e, f"{path}: sources[{i}]") for i, e in enumerate(data.get("sources") or [])),
        outside_policy=tuple(
            parse_outside(e, f"{path}: outside_policy[{i}]") for i, e in enumerate(data.get("outside_policy") or [])
        ),
        prohibited=tuple(parse_rule(e, f"{path}: prohibited[{i}]") for i, e in enumerate(data.get("prohibited") or [])),
    )
