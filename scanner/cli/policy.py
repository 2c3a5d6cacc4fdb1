"""``piiaudit policy``: work with privacy policy files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from piiaudit.scanner.cli.main import EXIT_OK, EXIT_USAGE, main
from piiaudit.scanner.policy.document import PolicyError, load_policy


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
