"""What a scan is told: its settings, allow-list and data-subject bindings (plain data, no file reading).

``piiaudit.scanner.app.config`` reads these from ``piiaudit.yaml``; the engine, the sources and the
policy stage only ever see the parsed values.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

DEFAULT_REGIONS = ("AU", "US", "GB")  # default regions for national phone numbers


@dataclass(frozen=True)
class SubjectBinding:
    """Sources (path glob, optionally a container glob) whose personal data is about one data subject."""

    path: str
    subject: str
    column: str | None = None

    def matches(self, source: str, container: str | None) -> bool:
        """Whether the binding covers ``source`` (and ``container``); a dataset's name, such as ``logs/app*.log``,
        is covered also by a path that names one of its files (``logs/app.log``)."""
        if not (fnmatchcase(source, self.path) or ("*" in source and fnmatchcase(self.path, source))):
            return False
        return self.column is None or (container is not None and fnmatchcase(container, self.column))


@dataclass(frozen=True)
class OutsideSubject:
    """People whose data a scan may meet but the policy does not cover (``outside_policy`` in the configuration):
    every finding about them is ``undisclosed``."""

    id: str
    name: str


def value_hash(value: str) -> str:
    """The SHA-256 hex digest an allow-list stores instead of the value itself."""
    return hashlib.sha256(value.strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AllowRule:
    reason: str
    value_sha256: str | None = None
    regex: re.Pattern[str] | None = None
    path: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class AllowList:
    """Known test values and non-personal columns to suppress, each with the reason why."""

    rules: tuple[AllowRule, ...] = ()

    def allows_container(self, source: str, container: str | None) -> AllowRule | None:
        for rule in self.rules:
            if rule.path and fnmatchcase(source, rule.path) and not rule.column:
                return rule
            column_matches = rule.column and container and fnmatchcase(container, rule.column)
            if column_matches and (not rule.path or fnmatchcase(source, rule.path)):
                return rule
        return None

    def allows_value(self, value: str) -> AllowRule | None:
        digest = None
        for rule in self.rules:
            if rule.regex and rule.regex.search(value):
                return rule
            if rule.value_sha256:
                digest = digest or value_hash(value)
                if digest == rule.value_sha256:
                    return rule
        return None

    @property
    def has_value_rules(self) -> bool:
        return any(r.regex or r.value_sha256 for r in self.rules)


@dataclass(frozen=True)
class ScanConfig:
    min_confidence: float = 0.5
    regions: tuple[str, ...] = DEFAULT_REGIONS
    exclude: tuple[str, ...] = ()
    allow: AllowList = field(default_factory=AllowList)
    detectors: dict[str, dict[str, Any]] = field(default_factory=dict)
    bindings: tuple[SubjectBinding, ...] = ()
    outside_policy: tuple[OutsideSubject, ...] = ()
    prohibited: tuple[dict[str, Any], ...] = ()
    datasets: bool = True  # group files of one shape into datasets (scanner.sources.datasets)
