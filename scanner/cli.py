"""The ``piiaudit`` command line."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from detectors.registry import DetectorLoadError, available, load_detectors
from reports.evaluation import evaluation_dict, print_evaluation
from reports.html import write_html
from reports.json_report import render_json, write_json
from reports.occurrences import OccurrenceWriter
from reports.output import write_private
from reports.terminal import print_summary, summary_line
from scanner import __version__
from scanner.config import ConfigError, ScanConfig, load_config
from scanner.engine import Engine
from scanner.evaluation import run_evaluation
from scanner.model import ScanResult
from scanner.policy import PolicyError, load_policy
from scanner.scan import Scan
from scanner.sources import SourceFile, discover
from scanner.verdicts import FAILING_BY_DEFAULT, VERDICTS, Classifier, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
EXIT_CODES_HELP = """
\b
Exit status:
  0  scan complete, nothing to flag
  1  findings the policy does not allow (see --policy)
  2  usage error: bad flag, missing path, unusable config
  3  some source or record could not be read (the rest was scanned)
"""


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
def progress_bar(sources: list[SourceFile], enabled: bool) -> Iterator[Progress | None]:
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


def run_scan(
    paths: tuple[Path, ...],
    config: ScanConfig,
    detector_names: list[str] | None,
    sample: int | None,
    occurrences: Path | None,
    show_progress: bool,
) -> ScanResult:
    detectors = load_detectors(detector_names, config.detectors, config.regions)
    sources = list(discover(paths, config.exclude))
    scan = Scan(Engine(detectors, config), sample=sample)
    writer = OccurrenceWriter(occurrences) if occurrences else contextlib.nullcontext()
    with writer as sink, progress_bar(sources, show_progress) as progress:
        if sink is not None:
            scan.on_occurrences = sink.write
        if progress is not None:
            task = progress.task_ids[0]
            scan.on_source_done = lambda source, size: progress.update(
                task, advance=size, description=f"scanning {source.uri}"
            )
        return scan.run(sources, paths)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
    help="Report format: a terminal summary, the JSON report (docs/report-format.md), or an HTML report (needs -o).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option(
    "--occurrences",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every single occurrence (masked) to this .jsonl or .parquet file.",
)
@click.option("--sample", type=click.IntRange(min=1), help="Scan at most N records per file (quick look).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Scan configuration (allow-list, exclusions, detector options). Default: ./piiaudit.yaml if present.",
)
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop matches scored below this. [0.5]")
@click.option("--regions", help="Default phone regions, comma-separated ISO codes. [AU,US,GB]")
@click.option("--detectors", "detector_names", help="Only these detectors (names from `piiaudit detectors`).")
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Privacy policy YAML: adds categories, data subject and a disclosure verdict to every finding.",
)
@click.option("--subject", help="The policy's data subject id for every source of this run (overrides the config).")
@click.option(
    "--fail-on",
    type=click.Choice(["undisclosed", "incorrect", "prohibited", "vague", "any"]),
    multiple=True,
    help="Verdicts that make the exit status 1 (repeatable). Default: prohibited, incorrect, undisclosed.",
)
@click.option("--explain", is_flag=True, help="Show why each finding scored what it did.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line (and errors).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
def scan(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    occurrences: Path | None,
    sample: int | None,
    config_path: Path | None,
    min_confidence: float | None,
    regions: str | None,
    detector_names: str | None,
    policy_path: Path | None,
    subject: str | None,
    fail_on: tuple[str, ...],
    explain: bool,
    quiet: bool,
    progress: bool | None,
) -> None:
    """Scan files and folders for personal data.

    PATHS are files or directories (walked recursively): CSV/TSV, JSON, JSON Lines, Parquet, XLSX,
    .txt and .log files. Evidence in every output is masked.
    """
    if subject and not policy_path:
        fail_usage("--subject needs --policy")
    if fmt == "html" and not output:
        fail_usage("--format html needs -o FILE")
    try:
        config = build_config(config_path, min_confidence, regions)
        classifier = build_classifier(policy_path, config, subject) if policy_path else None
        show_progress = sys.stderr.isatty() and not quiet if progress is None else progress
        result = run_scan(paths, config, split_csv(detector_names), sample, occurrences, show_progress)
    except PolicyError as exc:
        fail_usage("the policy cannot be used, the scan did not start:\n" + "\n".join(exc.problems))
        return
    except (ConfigError, DetectorLoadError, ValueError) as exc:
        fail_usage(str(exc))
        return
    except OSError as exc:
        fail_usage(f"cannot write output: {exc.strerror or exc} ({exc.filename})")
        return
    if classifier is not None:
        result = apply_policy(result, classifier, config)
    emit(result, fmt, output, explain, quiet)
    sys.exit(exit_status(result, set(fail_on) or FAILING_BY_DEFAULT))


def build_classifier(policy_path: Path, config: ScanConfig, subject: str | None) -> Classifier:
    policy = load_policy(policy_path)
    extra = {d.entity: d.category for d in available() if d.category}
    classifier = Classifier(policy, load_rules(config.prohibited), config.bindings, subject, extra)
    unknown = classifier.unknown_subjects()
    if unknown:
        defined = ", ".join(policy.subjects)
        raise ConfigError(f"subject(s) {', '.join(unknown)} not defined in {policy_path} (defined: {defined})")
    return classifier


def apply_policy(result: ScanResult, classifier: Classifier, config: ScanConfig) -> ScanResult:
    for source in result.sources:
        source.subject = classifier.subject_for(source.uri, None)
    return replace(result, findings=classifier.classify_all(result.findings), policy=classifier.policy.summary())


def exit_status(result: ScanResult, fail_on: set[str]) -> int:
    """1 for a finding whose verdict is in ``fail_on`` (``any``: every verdict but disclosed), else 3 or 0."""
    failing = set(VERDICTS) - {"disclosed"} if "any" in fail_on else fail_on
    if any(f.disclosure in failing for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_INCOMPLETE if any(s.failed for s in result.sources) else EXIT_OK


scan.help = (scan.help or "") + EXIT_CODES_HELP


def emit(result: ScanResult, fmt: str, output: Path | None, explain: bool, quiet: bool) -> None:
    console = Console(highlight=False)
    if fmt == "json":
        if output:
            write_json(result, output)
        else:
            click.echo(render_json(result), nl=False)
            return
    if fmt == "html" and output:
        write_html(result, output)
    if quiet:
        click.echo(summary_line(result))
        return
    print_summary(result, console, explain)


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
