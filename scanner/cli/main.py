"""The ``piiaudit`` command group and what every command shares: exit statuses and one-line errors."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from piiaudit.scanner import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def fail_usage(message: str) -> NoReturn:
    """A one-line error and the usage hint, exit status 2: never a traceback."""
    ctx = click.get_current_context()
    click.echo(ctx.get_usage(), err=True)
    click.echo(f"Error: {message}", err=True)
    ctx.exit(EXIT_USAGE)
    raise AssertionError("unreachable")  # ctx.exit raises


def fail_output(exc: OSError) -> NoReturn:
    """A report, baseline or occurrences file that could not be written: a clear line, exit status 4."""
    click.echo(f"Error: cannot write {exc.filename or 'the output'}: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_OUTPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="piiaudit")
def main() -> None:
    """piiaudit finds personal data in files and databases and checks it against your privacy policy.

    Start with `piiaudit scan sample_data`; `piiaudit COMMAND --help` explains each command.
    """
