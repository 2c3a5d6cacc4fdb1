"""The application: one audit from a request to a classified ``ScanResult``.

``prepare`` turns a ``ScanRequest`` into a ready ``Audit`` (configuration read, policy loaded,
sources found, checkpoint opened) or raises ``UsageError`` saying what is wrong; ``Audit.run``
scans (locally or on Spark) and gives every finding its verdict. ``audit`` does both in one call.
The command line only parses arguments and calls these; reports render what they return.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import ijson

from piiaudit.detectors.registry import DetectorLoadError, available, load_detectors
from piiaudit.scanner.app.config import ConfigError, load_config
from piiaudit.scanner.engine.detection import Engine
from piiaudit.scanner.model import ScanResult, Verdict
from piiaudit.scanner.model.settings import ScanConfig
from piiaudit.scanner.policy.document import PolicyError, load_policy
from piiaudit.scanner.policy.verdicts import FAILING_BY_DEFAULT, Classifier, load_rules
from piiaudit.scanner.run.checkpoint import Checkpoint, CheckpointError
from piiaudit.scanner.run.local import EngineSpec, OccurrenceSink, OccurrenceTableSink, ProgressHook, Scan
from piiaudit.scanner.run.spark import DEFAULT_MASTER, spark_engine
from piiaudit.scanner.sources import DatabaseSource, Source, discover, formats
from piiaudit.scanner.sources.database import DEFAULT_STATEMENT_TIMEOUT_S, is_database_url, make_safe
from piiaudit.scanner.sources.files import SourceFile

log = logging.getLogger("piiaudit.audit")
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
EXIT_OK, EXIT_FINDINGS, EXIT_INCOMPLETE = 0, 1, 3
LocalHook = Callable[[Source, str], None]  # (source, why) for a source the Spark engine leaves to the local one
FailOn = Verdict | Literal["any"]  # a verdict that fails the scan; any: every verdict but disclosed


class UsageError(ValueError):
    """A request that cannot run: a missing path, an unusable configuration or policy, a bad option."""


@dataclass(frozen=True)
class ScanRequest:
    """What to scan and how: the sources, and every option ``piiaudit scan`` takes."""

    targets: tuple[str, ...]
    sample: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    statement_timeout: int = DEFAULT_STATEMENT_TIMEOUT_S
    config_path: Path | None = None
    min_confidence: float | None = None
    regions: tuple[str, ...] | None = None
    detectors: tuple[str, ...] | None = None
    policy_path: Path | None = None
    subject: str | None = None
    workers: int | None = None
    kind: str | None = None
    datasets: bool | None = None  # None: as the configuration says (default: grouped)
    checkpoint: Path | None = None
    engine: Literal["local", "spark"] = "local"
    spark_master: str = DEFAULT_MASTER

    def identity(self) -> dict[str, Any]:
        """What identifies this scan for its checkpoint: its inputs, and the contents of its config and policy."""
        request = {k: v for k, v in asdict(self).items() if k not in ("workers", "checkpoint")}
        for key in ("config_path", "policy_path"):
            path = getattr(self, key)
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else None
            request[f"{key}_sha256"] = digest
        return request


@dataclass
class Hooks:
    """Callbacks a caller may give a running audit: every occurrence (masked), each finished source."""

    on_occurrences: OccurrenceSink | None = None
    on_occurrence_tables: OccurrenceTableSink | None = None  # the same, from worker processes, as Arrow tables
    on_source_done: ProgressHook | None = None
    on_local: LocalHook | None = None  # the Spark engine names each source it leaves to the local engine


@dataclass
class Audit:
    """A prepared audit: its configuration, policy, sources and checkpoint, ready to ``run``."""

    request: ScanRequest
    config: ScanConfig
    classifier: Classifier | None
    sources: list[Source]
    checkpoint: Checkpoint | None = None
    hooks: Hooks = field(default_factory=Hooks)

    @property
    def total_bytes(self) -> int:
        return sum(s.size for s in self.sources)

    def run(self) -> ScanResult:
        """Scan every source and classify the findings against the policy (if any)."""
        request = self.request
        names = request.detectors
        try:
            detectors = load_detectors(names, self.config.detectors, self.config.regions)
        except DetectorLoadError as exc:
            raise UsageError(str(exc)) from exc
        scan = Scan(
            Engine(detectors, self.config),
            sample=request.sample,
            workers=worker_count(request.workers, self.sources),
            spec=EngineSpec(self.config, names),
            checkpoint=self.checkpoint,
            on_occurrences=self.hooks.on_occurrences,
            on_occurrence_tables=self.hooks.on_occurrence_tables,
            on_source_done=self.hooks.on_source_done,
        )
        roots = [make_safe(t) for t in request.targets]
        if request.engine == "spark":
            try:
                spark = spark_engine()
            except ValueError as exc:
                raise UsageError(str(exc)) from exc
            result = spark(scan, request.spark_master, on_local=self.hooks.on_local).run(self.sources, roots)
        else:
            result = scan.run(self.sources, roots)
        if self.checkpoint is not None and not result.interrupted:
            self.checkpoint.remove()
        result = replace(result, root_uri=root_uri(request.targets))
        locate_examples(result, self.sources)
        return apply_policy(result, self.classifier) if self.classifier is not None else result


def prepare(request: ScanRequest, hooks: Hooks | None = None) -> Audit:
    """Read the configuration and policy and find the sources; ``UsageError`` says what stops the audit."""
    if request.subject and not request.policy_path:
        raise UsageError("--subject needs --policy")
    try:
        config = build_config(request)
        classifier = build_classifier(request.policy_path, config, request.subject) if request.policy_path else None
        database_options = {
            "include": request.include,
            "exclude": request.exclude,
            "statement_timeout_s": request.statement_timeout,
        }
        sources = resolve_sources(request.targets, config, database_options, request.kind)
        checkpoint = Checkpoint(request.checkpoint, request.identity()) if request.checkpoint else None
    except PolicyError as exc:
        raise UsageError("the policy cannot be used, the scan did not start:\n" + "\n".join(exc.problems)) from exc
    except (ConfigError, DetectorLoadError, CheckpointError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    return Audit(request, config, classifier, sources, checkpoint, hooks or Hooks())


def audit(targets: Iterable[str | Path], **options: Any) -> ScanResult:
    """Scan ``targets`` (paths or database URLs) with the options of ``ScanRequest``; the classified result.

    >>> result = audit(["sample_data"], policy_path=Path("sample_data/policies/cytrack.yaml"))  # doctest: +SKIP
    """
    return prepare(ScanRequest(tuple(str(t) for t in targets), **options)).run()


def build_config(request: ScanRequest) -> ScanConfig:
    """The configuration file (or defaults) with the request's overrides applied."""
    config = load_config(request.config_path)
    overrides: dict[str, Any] = {}
    if request.min_confidence is not None:
        overrides["min_confidence"] = request.min_confidence
    if request.regions:
        overrides["regions"] = tuple(r.upper() for r in request.regions)
    if request.datasets is not None:
        overrides["datasets"] = request.datasets
    return replace(config, **overrides) if overrides else config


def resolve_sources(
    targets: Sequence[str], config: ScanConfig, database_options: dict[str, Any], kind: str | None = None
) -> list[Source]:
    """Database URLs and files/directories, in the order given; a missing path is a usage error."""
    paths: list[Path] = []
    sources: list[Source] = []
    for target in targets:
        if is_database_url(target):
            sources.append(DatabaseSource.from_url(target, **database_options))
        elif Path(target).exists():
            paths.append(Path(target))
        else:
            raise ValueError(f"{target}: no such file, directory or database URL")
    return [*sources, *discover(paths, config.exclude, database_options, kind, config.datasets)]


def locate_examples(result: ScanResult, sources: Sequence[Source]) -> None:
    """Give each example in a file the line its record starts on, as the file's format reads it (SARIF shows it).

    Each file with examples is read again up to its last example's record; one that cannot be (it
    changed, it is inside an archive) leaves its examples without a line.
    """
    files = {s.uri: s for s in sources if isinstance(s, SourceFile)}
    wanted: dict[str, set[int]] = defaultdict(set)
    for finding in result.findings:
        for example in finding.examples:
            wanted[example.file or finding.source].add(example.row)
    lines = {uri: file_lines(files[uri], rows) for uri, rows in wanted.items() if uri in files}
    for finding in result.findings:
        for example in finding.examples:
            example.line = lines.get(example.file or finding.source, {}).get(example.row)


def file_lines(source: SourceFile, rows: set[int]) -> dict[int, int]:
    try:
        return formats.record_lines(source.kind, source.path, rows)
    except (OSError, ValueError, csv.Error, ijson.JSONError, RecursionError) as exc:  # UnreadableSource is a ValueError
        log.info("%s: the lines of its examples are not known: %s", source.uri, exc)
        return {}


def root_uri(targets: Sequence[str]) -> str | None:
    """The directory file locations are relative to, as a ``file:`` URI: one path scanned (a file's folder)."""
    if len(targets) != 1 or is_database_url(targets[0]) or not Path(targets[0]).exists():
        return None
    path = Path(targets[0]).resolve()
    directory = path if path.is_dir() else path.parent
    return directory.as_uri().rstrip("/") + "/"


def worker_count(asked: int | None, sources: Sequence[Source]) -> int:
    """``workers`` as asked; by default the machine's cores, once the scan is big enough to repay their start."""
    if asked is not None:
        return asked
    big_enough = sum(s.size for s in sources) >= PARALLEL_MIN_BYTES
    return (os.cpu_count() or 1) if big_enough else 1


def build_classifier(policy_path: Path, config: ScanConfig, subject: str | None) -> Classifier:
    """The policy's classifier; subjects the configuration or ``subject`` names must be the policy's own, or
    people the configuration names as outside the policy."""
    policy = load_policy(policy_path)
    extra = {d.entity: d.category for d in available() if d.category}
    outside = config.outside_policy
    clash = sorted({o.id for o in outside} & set(policy.subjects))
    if clash:
        raise ConfigError(f"outside_policy: {', '.join(clash)} is a subject of {policy_path}, not outside it")
    classifier = Classifier(policy, load_rules(config.prohibited), config.bindings, subject, extra, outside)
    unknown = classifier.unknown_subjects()
    if unknown:
        defined = ", ".join(policy.subjects)
        also = f"; outside the policy: {', '.join(o.id for o in outside)}" if outside else ""
        raise ConfigError(f"subject(s) {', '.join(unknown)} not defined in {policy_path} (defined: {defined}{also})")
    return classifier


def apply_policy(result: ScanResult, classifier: Classifier) -> ScanResult:
    """``result`` with every finding's categories, subject and verdict, and the policy's summary."""
    for source in result.sources:
        source.subject = classifier.subject_for(source.uri, None)
    summary = classifier.policy.summary()
    summary["outside_policy"] = dict(classifier.outside)
    return replace(result, findings=classifier.classify_all(result.findings), policy=summary)


def exit_status(result: ScanResult, fail_on: Iterable[FailOn] = FAILING_BY_DEFAULT) -> int:
    """1 for a finding whose verdict is in ``fail_on`` (``any``: any finding not disclosed), else 3 or 0.

    With a baseline only new findings count; suppressed and unchanged ones never do.
    """
    failing_verdicts = set(fail_on)
    counted = [f for f in result.findings if result.baseline is None or f.baseline == "new"]
    if "any" in failing_verdicts:
        failing = [f for f in counted if f.disclosure != "disclosed"]
    else:
        failing = [f for f in counted if f.disclosure in failing_verdicts]
    if failing:
        return EXIT_FINDINGS
    return EXIT_INCOMPLETE if any(s.failed for s in result.sources) else EXIT_OK
