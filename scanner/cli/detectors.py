"""``piiaudit detectors``: what is installed."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from piiaudit.detectors.registry import DetectorLoadError, available
from piiaudit.scanner.cli.main import main


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
