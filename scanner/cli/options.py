"""The options every scanning command shares (`scan`, `baseline create`, `baseline update`), and the run they start."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from piiaudit.reports.occurrences import OccurrenceWriter
from piiaudit.scanner.app import Audit, Hooks, ScanRequest, prepare
from piiaudit.scanner.cli.main import fail_output, fail_usage
from piiaudit.scanner.model import ScanResult
from piiaudit.scanner.run.spark import DEFAULT_MASTER
from piiaudit.scanner.sources import Source, formats
from piiaudit.scanner.sources.database import DEFAULT_STATEMENT_TIMEOUT_S

SCAN_OPTIONS = (
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
        type=click.Choice(formats.readable_kinds()),
        help="Read every file as this kind instead of recognising it, e.g. asterisk-cdr (docs/callcentre-formats.md).",
    ),
    click.option(
        "--datasets/--no-datasets",
        default=None,
        help="Group files of one shape (rotated logs, per-call records, partitions) into datasets, "
        "reported as one. [on; `datasets: false` in the configuration turns it off]",
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
DISPLAY_OPTIONS = ("progress", "log_level")  # how a run shows itself, not what it scans


def scan_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the shared scan options to a command."""
    for option in reversed(SCAN_OPTIONS):
        command = option(command)
    return command


def split_csv(value: str | None) -> tuple[str, ...] | None:
    """``"a, b"`` → ``("a", "b")``; None for no value."""
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else None


def to_request(options: dict[str, Any]) -> ScanRequest:
    """The parsed shared options as the application's request."""
    values = {k: v for k, v in options.items() if k not in DISPLAY_OPTIONS}
    values["regions"] = split_csv(values.pop("regions"))
    values["detectors"] = split_csv(values.pop("detector_names"))
    return ScanRequest(**values)


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Progress | None]:
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
        progress.add_task("scanning", total=total or None)
        yield progress


def note_local(source: Source, why: str) -> None:
    """Say which source the Spark engine left to the local one."""
    click.echo(f"piiaudit: {source.uri}: scanned by the local engine ({why})", err=True)


def run_audit(options: dict[str, Any], quiet: bool, occurrences: Path | None = None) -> ScanResult:
    """Prepare and run the audit the options ask for; usage problems end the command with status 2."""
    level = str(options.get("log_level", "warning")).upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asked = options.get("progress")
    show_progress = sys.stderr.isatty() and not quiet if asked is None else bool(asked)
    try:
        prepared = prepare(to_request(options), Hooks(on_local=note_local))
        return run_prepared(prepared, occurrences, show_progress)
    except ValueError as exc:  # UsageError, or an occurrences file of an unknown format
        fail_usage(str(exc))
    except OSError as exc:
        fail_output(exc)


def run_prepared(prepared: Audit, occurrences: Path | None, show_progress: bool) -> ScanResult:
    writer = OccurrenceWriter(occurrences) if occurrences else contextlib.nullcontext()
    with writer as sink, progress_bar(prepared.total_bytes, show_progress) as progress:
        if sink is not None:
            prepared.hooks.on_occurrences = sink.write
            if sink.parquet:  # JSON Lines are written from the occurrences themselves
                prepared.hooks.on_occurrence_tables = sink.write_table
        if progress is not None:
            task = progress.task_ids[0]
            prepared.hooks.on_source_done = lambda source, size: progress.update(
                task, advance=size, description=f"scanning {source.uri}"
            )
        return prepared.run()
