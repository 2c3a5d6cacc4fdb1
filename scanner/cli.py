"""The ``piiaudit`` command line."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from piiaudit.detectors.registry import DetectorLoadError, available, load_detectors
from piiaudit.reports.evaluation import evaluation_dict, print_evaluation
from piiaudit.reports.html import write_html
from piiaudit.reports.json_report import render_json, write_json
from piiaudit.reports.occurrences import OccurrenceWriter
from piiaudit.reports.output import write_private
from piiaudit.reports.sarif import render_sarif, write_sarif
from piiaudit.reports.tabular import render_csv, write_csv, write_parquet
from piiaudit.reports.terminal import print_summary, summary_line
from piiaudit.scanner import __version__
from piiaudit.scanner.baseline import DEFAULT_BASELINE, MARKS, Baseline, BaselineError, compare, load_baseline
from piiaudit.scanner.checkpoint import Checkpoint, CheckpointError
from piiaudit.scanner.config import ConfigError, ScanConfig, load_config
from piiaudit.scanner.engine import Engine
from piiaudit.scanner.evaluation import run_evaluation
from piiaudit.scanner.model import ScanResult
from piiaudit.scanner.policy import PolicyError, load_policy
from piiaudit.scanner.scan import CUT_SHORT, NOT_REACHED, EngineSpec, Scan
from piiaudit.scanner.sources import READERS, DatabaseSource, Source, discover
from piiaudit.scanner.sources.database import DEFAULT_STATEMENT_TIMEOUT_S, is_database_url, make_safe
from piiaudit.scanner.spark import DEFAULT_MASTER, spark_engine
from piiaudit.scanner.verdicts import FAILING_BY_DEFAULT, Classifier, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
# report formats written to -o FILE, or to stdout where a renderer is given (docs/report-format.md)
FILE_FORMATS = {
    "json": (render_json, write_json),
    "sarif": (render_sarif, write_sarif),
    "csv": (render_csv, write_csv),
    "parquet": (None, write_parquet),
    "html": (None, write_html),
}


def fail_usage(message: str) -> None:
    """A one-line error and the usage hint, exit status 2: never a traceback."""
    ctx = click.get_current_context()
    click.echo(ctx.get_usage(), err=True)
    click.echo(f"Error: {message}", err=True)
    ctx.exit(EXIT_USAGE)


def split_csv(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="piiaudit")
def main() -> None:
    """piiaudit finds personal data in files and databases and checks it against your privacy policy.

    Start with `piiaudit scan sample_data`; `piiaudit COMMAND --help` explains each command.
    """


@contextlib.contextmanager
def progress_bar(sources: list[Source], enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        progress.add_task("scanning", total=sum(s.size for s in sources) or None)
        yield progress


def build_config(config_path: Path | None, min_confidence: float | None, regions: str | None) -> ScanConfig:
    config = load_config(config_path)
    overrides = {}
    if min_confidence is not None:
        overrides["min_confidence"] = min_confidence
    if regions:
        overrides["regions"] = tuple(r.upper() for r in split_csv(regions) or ())
    if overrides:
        config = ScanConfig(**{**config.__dict__, **overrides})
    return config


def resolve_sources(
    targets: tuple[str, ...], config: ScanConfig, database_options: dict, kind: str | None = None
) -> list[Source]:
    """Database URLs and files/directories, in the order given; a missing path is a usage error."""
    paths, sources = [], []
    for target in targets:
        if is_database_url(target):
            sources.append(DatabaseSource.from_url(target, **database_options))
        elif Path(target).exists():
            paths.append(Path(target))
        else:
            raise ValueError(f"{target}: no such file, directory or database URL")
    return [*sources, *discover(paths, config.exclude, database_options, kind)]


def run_scan(
    sources: list[Source],
    inputs: ScanInputs,
    config: ScanConfig,
    occurrences: Path | None,
    show_progress: bool,
    checkpoint: Checkpoint | None = None,
) -> ScanResult:
    names = split_csv(inputs.detector_names)
    detectors = load_detectors(names, config.detectors, config.regions)
    spec = EngineSpec(config, tuple(names) if names else None)
    scan = Scan(
        Engine(detectors, config),
        sample=inputs.sample,
        workers=worker_count(inputs.workers, sources),
        spec=spec,
        checkpoint=checkpoint,
    )
    writer = OccurrenceWriter(occurrences) if occurrences else contextlib.nullcontext()
    with writer as sink, progress_bar(sources, show_progress) as progress:
        if sink is not None:
            scan.on_occurrences = sink.write
        if progress is not None:
            task = progress.task_ids[0]
            scan.on_source_done = lambda source, size: progress.update(
                task, advance=size, description=f"scanning {source.uri}"
            )
        roots = [make_safe(t) for t in inputs.targets]
        if inputs.engine == "spark":
            return spark_engine()(scan, inputs.spark_master, on_local=note_local).run(sources, roots)
        return scan.run(sources, roots)


def note_local(source: Source, why: str) -> None:
    """Say which source the Spark engine left to the local one."""
    click.echo(f"piiaudit: {source.uri}: scanned by the local engine ({why})", err=True)


@dataclass(frozen=True)
class ScanInputs:
    """What to scan and how: the options `scan` and `baseline create/update` share."""

    targets: tuple[str, ...]
    sample: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    statement_timeout: int = DEFAULT_STATEMENT_TIMEOUT_S
    config_path: Path | None = None
    min_confidence: float | None = None
    regions: str | None = None
    detector_names: str | None = None
    policy_path: Path | None = None
    subject: str | None = None
    progress: bool | None = False
    workers: int | None = None
    kind: str | None = None
    checkpoint: Path | None = None
    log_level: str = "warning"
    engine: str = "local"
    spark_master: str = DEFAULT_MASTER


def worker_count(asked: int | None, sources: list[Source]) -> int:
    """``--workers`` as given; by default the machine's cores, once the scan is big enough to repay their start."""
    if asked is not None:
        return asked
    big_enough = sum(s.size for s in sources) >= PARALLEL_MIN_BYTES
    return (os.cpu_count() or 1) if big_enough else 1


SCAN_INPUT_OPTIONS = (
    click.argument("targets", nargs=-1, required=True, metavar="SOURCES..."),
    click.option(
        "--sample",
        type=click.IntRange(min=1),
        help="Scan at most N records per file or table (databases sample randomly: TABLESAMPLE on PostgreSQL).",
    ),
    click.option("--include", multiple=True, help="Database columns to scan, as schema.table.column globs."),
    click.option("--exclude", multiple=True, help="Database columns to skip, as schema.table.column globs."),
    click.option(
        "--statement-timeout",
        type=click.IntRange(min=1),
        default=DEFAULT_STATEMENT_TIMEOUT_S,
        show_default=True,
        help="Seconds a database query may run before it is cancelled.",
    ),
    click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Scan configuration (allow-list, exclusions, subjects, rules). Default: ./piiaudit.yaml if present.",
    ),
    click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop matches scored below this. [0.5]"),
    click.option("--regions", help="Default phone regions, comma-separated ISO codes. [AU,US,GB]"),
    click.option("--detectors", "detector_names", help="Only these detectors (names from `piiaudit detectors`)."),
    click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Privacy policy YAML: adds categories, data subject and a disclosure verdict to every finding.",
    ),
    click.option("--subject", help="The policy's data subject id for every source of this run (overrides the config)."),
    click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal)."),
    click.option(
        "--workers",
        type=click.IntRange(min=1),
        help="Processes scanning sources in parallel. Default: the machine's cores for scans of 16 MB or more, "
        "else 1 (starting a worker costs about a second).",
    ),
    click.option(
        "--checkpoint",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Remember finished sources in this file; an interrupted scan run again with it skips them. "
        "Removed when the scan completes.",
    ),
    click.option(
        "--log-level",
        type=click.Choice(["error", "warning", "info", "debug"]),
        default="warning",
        show_default=True,
        help="Log to stderr: sources, counts and timings, never a found value.",
    ),
    click.option(
        "--kind",
        type=click.Choice(list(READERS)),
        help="Read every file as this kind instead of recognising it, e.g. asterisk-cdr (docs/callcentre-formats.md).",
    ),
    click.option(
        "--engine",
        type=click.Choice(["local", "spark"]),
        default="local",
        show_default=True,
        help="Where detection runs: this machine, or Apache Spark for data that outgrows it (docs/spark.md).",
    ),
    click.option(
        "--spark-master",
        default=DEFAULT_MASTER,
        show_default=True,
        help="Spark master URL for --engine spark: local[N], spark://host:7077, yarn, k8s://…",
    ),
)


def scan_inputs(command: Callable[..., None]) -> Callable[..., None]:
    """Add the shared scan options to a command."""
    for option in reversed(SCAN_INPUT_OPTIONS):
        command = option(command)
    return command


def collect(inputs: ScanInputs, quiet: bool, occurrences: Path | None = None) -> ScanResult:
    """Run a scan (and the policy) for a command; any usage problem ends the command with status 2."""
    if inputs.subject and not inputs.policy_path:
        fail_usage("--subject needs --policy")
    logging.basicConfig(level=inputs.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = build_config(inputs.config_path, inputs.min_confidence, inputs.regions)
        classifier = build_classifier(inputs.policy_path, config, inputs.subject) if inputs.policy_path else None
        show_progress = sys.stderr.isatty() and not quiet if inputs.progress is None else inputs.progress
        database_options = {
            "include": inputs.include,
            "exclude": inputs.exclude,
            "statement_timeout_s": inputs.statement_timeout,
        }
        sources = resolve_sources(inputs.targets, config, database_options, inputs.kind)
        checkpoint = Checkpoint(inputs.checkpoint, scan_request(inputs)) if inputs.checkpoint else None
    except PolicyError as exc:
        fail_usage("the policy cannot be used, the scan did not start:\n" + "\n".join(exc.problems))
    except (ConfigError, DetectorLoadError, CheckpointError, ValueError) as exc:
        fail_usage(str(exc))
    try:
        result = run_scan(sources, inputs, config, occurrences, show_progress, checkpoint)
    except (DetectorLoadError, ValueError) as exc:
        fail_usage(str(exc))
    except OSError as exc:
        fail_output(exc)
    if checkpoint is not None and not result.interrupted:
        checkpoint.remove()
    return apply_policy(result, classifier) if classifier is not None else result


def scan_request(inputs: ScanInputs) -> dict[str, Any]:
    """What identifies a scan for its checkpoint: its inputs, and the contents of its config and policy files."""
    request = {k: v for k, v in inputs.__dict__.items() if k not in ("progress", "workers", "checkpoint", "log_level")}
    for key in ("config_path", "policy_path"):
        path = getattr(inputs, key)
        request[f"{key}_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest() if path and path.is_file() else None
    return request


def fail_output(exc: OSError) -> NoReturn:
    """A report, baseline or occurrences file that could not be written: a clear line, exit status 4."""
    click.echo(f"Error: cannot write {exc.filename or 'the output'}: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_OUTPUT)


@main.command()
@scan_inputs
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", *FILE_FORMATS]),
    default="table",
    show_default=True,
    help="Report format: a terminal summary, the JSON report, SARIF 2.1.0, findings as CSV/Parquet, or the "
    "HTML report for a DPO (docs/report-format.md). Parquet and HTML need -o.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option(
    "--occurrences",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every single occurrence (masked) to this .jsonl or .parquet file.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Compare with this baseline: report new and resolved findings; only new ones set the exit status.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["undisclosed", "incorrect", "prohibited", "vague", "any"]),
    multiple=True,
    help="Verdicts that make the exit status 1 (repeatable). Default: prohibited, incorrect, undisclosed. "
    "`any`: every finding that is not disclosed, also without a policy.",
)
@click.option("--explain", is_flag=True, help="Show why each finding scored what it did.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line (and errors).")
def scan(
    fmt: str,
    output: Path | None,
    occurrences: Path | None,
    baseline_path: Path | None,
    fail_on: tuple[str, ...],
    explain: bool,
    quiet: bool,
    **inputs: Any,
) -> None:
    """Scan files, folders and databases for personal data.

    SOURCES are files or directories (walked recursively): CSV/TSV, JSON, JSON Lines, Parquet, XLSX,
    .txt and .log files and SQLite databases (.db/.sqlite/.sqlite3); or SQLAlchemy database URLs such
    as sqlite:///crm.db, postgresql+psycopg://user@host/db, mysql+pymysql://user@host/db (password
    from the URL, PIIAUDIT_DB_PASSWORD or ~/.pgpass; never shown). Call-centre exports (Asterisk,
    FreeSWITCH, Twilio, Amazon Connect, Genesys Cloud, web chat, Twitter archive) are recognised by
    content. Evidence in every output is masked.

    \b
    Exit status:
      0  scan complete, nothing to flag
      1  findings with a verdict in --fail-on (with --baseline: new ones only)
      2  usage error: bad flag, missing path, unusable configuration or policy
      3  some source, table or record could not be read (the rest was scanned)
      4  the report, baseline or occurrences file could not be written
    130  interrupted (Ctrl-C); the report written lists what was not scanned
    """
    render = FILE_FORMATS[fmt][0] if fmt in FILE_FORMATS else print_summary
    if render is None and not output:
        fail_usage(f"--format {fmt} needs -o FILE")
    baseline = open_baseline(baseline_path) if baseline_path else None
    result = collect(ScanInputs(**inputs), quiet, occurrences)
    if baseline is not None:
        result = compare(result, baseline, baseline_path)
    try:
        emit(result, fmt, output, explain, quiet)
    except OSError as exc:
        fail_output(exc)
    if result.interrupted:
        reached = sum(s.error not in (NOT_REACHED, CUT_SHORT) for s in result.sources)
        click.echo(
            f"Interrupted: {reached} of {len(result.sources)} sources scanned; the report lists the others as not "
            "scanned." + (" Run the same command again to continue." if inputs.get("checkpoint") else ""),
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(exit_status(result, set(fail_on) or FAILING_BY_DEFAULT))


def open_baseline(path: Path) -> Baseline:
    try:
        return load_baseline(path)
    except BaselineError as exc:
        fail_usage(str(exc))
        raise  # fail_usage has exited; this keeps type checkers honest


def build_classifier(policy_path: Path, config: ScanConfig, subject: str | None) -> Classifier:
    policy = load_policy(policy_path)
    extra = {d.entity: d.category for d in available() if d.category}
    classifier = Classifier(policy, load_rules(config.prohibited), config.bindings, subject, extra)
    unknown = classifier.unknown_subjects()
    if unknown:
        defined = ", ".join(policy.subjects)
        raise ConfigError(f"subject(s) {', '.join(unknown)} not defined in {policy_path} (defined: {defined})")
    return classifier


def apply_policy(result: ScanResult, classifier: Classifier) -> ScanResult:
    for source in result.sources:
        source.subject = classifier.subject_for(source.uri, None)
    return replace(result, findings=classifier.classify_all(result.findings), policy=classifier.policy.summary())


def exit_status(result: ScanResult, fail_on: set[str]) -> int:
    """1 for a finding whose verdict is in ``fail_on`` (``any``: any finding not disclosed), else 3 or 0.

    With a baseline only new findings count; suppressed and unchanged ones never do.
    """
    counted = [f for f in result.findings if result.baseline is None or f.baseline == "new"]
    if "any" in fail_on:
        failing = [f for f in counted if f.disclosure != "disclosed"]
    else:
        failing = [f for f in counted if f.disclosure in fail_on]
    if failing:
        return EXIT_FINDINGS
    return EXIT_INCOMPLETE if any(s.failed for s in result.sources) else EXIT_OK


def emit(result: ScanResult, fmt: str, output: Path | None, explain: bool, quiet: bool) -> None:
    console = Console(highlight=False)
    if fmt in FILE_FORMATS:
        render, write = FILE_FORMATS[fmt]
        if output:
            write(result, output)
        elif render is not None:
            click.echo(render(result), nl=False)
            return
    if quiet:
        click.echo(summary_line(result))
        return
    print_summary(result, console, explain)


@main.group()
def baseline() -> None:
    """Record accepted findings so that nightly scans fail only on what is new (`scan --baseline`)."""


@baseline.command("create")
@scan_inputs
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="Where to write the baseline.",
)
def baseline_create(output: Path, **inputs: Any) -> None:
    """Scan SOURCES (same options as `scan`) and accept every finding as the baseline."""
    result = collect(ScanInputs(**inputs), quiet=True)
    write_baseline(Baseline.from_result(result), output, result)


@baseline.command("update")
@scan_inputs
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="The baseline to bring up to date.",
)
def baseline_update(baseline_path: Path, **inputs: Any) -> None:
    """Accept the current state: new findings are added, resolved ones dropped, marks kept."""
    previous = open_baseline(baseline_path)
    result = collect(ScanInputs(**inputs), quiet=True)
    write_baseline(Baseline.from_result(result, previous), baseline_path, result)


@baseline.command("mark")
@click.argument("baseline_path", metavar="BASELINE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("fingerprint")
@click.option("--as", "status", type=click.Choice(MARKS), required=True, help="What the finding is.")
@click.option("--by", required=True, help="Who decided.")
@click.option("--reason", required=True, help="Why.")
def baseline_mark(baseline_path: Path, fingerprint: str, status: str, by: str, reason: str) -> None:
    """Mark a finding (by fingerprint, or a unique prefix) as a false positive or an accepted risk."""
    loaded = open_baseline(baseline_path)
    try:
        entry = loaded.mark(fingerprint, status, by, reason)  # type: ignore[arg-type]
    except BaselineError as exc:
        fail_usage(str(exc))
    loaded.write(baseline_path)
    click.echo(f"{entry.fingerprint}: {entry.source} {entry.container or ''} {entry.entity} marked {status} by {by}")


def write_baseline(new: Baseline, path: Path, result: ScanResult) -> None:
    if result.interrupted:
        click.echo("Interrupted: the baseline was not written (it would hold a partial scan).", err=True)
        sys.exit(EXIT_INTERRUPTED)
    try:
        new.write(path)
    except OSError as exc:
        fail_output(exc)
    marked = sum(e.suppressed for e in new.entries.values())
    click.echo(f"{path}: {len(new.entries)} findings accepted ({marked} marked) from {len(result.sources)} sources")
    sys.exit(EXIT_INCOMPLETE if any(s.failed for s in result.sources) else EXIT_OK)


@main.command("detectors")
def list_detectors() -> None:
    """List the installed detectors: name, entity, version and the package that ships each."""
    try:
        infos = available()
    except DetectorLoadError as exc:
        raise click.ClickException(str(exc)) from exc
    table = Table(title="Installed detectors", title_justify="left")
    for column in ("Name", "Entity", "Version", "Package", "Class"):
        table.add_column(column)
    for info in infos:
        table.add_row(info.name, info.entity, info.version, info.package, info.target)
    Console().print(table)


@main.command("eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default="sample_data")
@click.option(
    "--labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Labels CSV (source,container,row,entity). Default: CORPUS/expected_findings.csv.",
)
@click.option("--presidio/--no-presidio", default=True, show_default=True, help="Also run stock Presidio.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the table as JSON.")
def evaluate(corpus: Path, labels: Path | None, presidio: bool, output: Path | None) -> None:
    """Precision and recall per entity on a labelled corpus, beside stock Presidio's on the same values."""
    labels = labels or corpus / "expected_findings.csv"
    if not labels.is_file():
        fail_usage(f"no labels file {labels}")
    engine = Engine(load_detectors())
    evaluations, size = run_evaluation(corpus, labels, engine, with_presidio=presidio)
    print_evaluation(evaluations, size, Console())
    if output:
        write_private(output, json.dumps(evaluation_dict(evaluations, size), indent=2).encode("utf-8"))


@main.group()
def policy() -> None:
    """Work with privacy policy files (docs/policy-format.md)."""


@policy.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def policy_check(files: tuple[Path, ...]) -> None:
    """Validate policy files; every problem is reported with its line number (exit status 2)."""
    failed = False
    for path in files:
        try:
            loaded = load_policy(path)
        except PolicyError as exc:
            failed = True
            for problem in exc.problems:
                click.echo(problem, err=True)
            continue
        categories = {c for d in loaded.declarations for c in d.categories}
        click.echo(
            f"{path}: ok: {loaded.organization}, {len(loaded.subjects)} subjects, "
            f"{len(loaded.declarations)} declarations, {len(categories)} categories, "
            f"{len(loaded.exclusions)} exclusions, {loaded.taxonomy_pin}"
        )
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
