"""``piiaudit eval``: precision and recall on a labelled corpus, beside stock Presidio."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from piiaudit.reports.evaluation import evaluation_dict, print_evaluation
from piiaudit.scanner.app.evaluation import evaluate_corpus
from piiaudit.scanner.cli.main import fail_usage, main
from piiaudit.scanner.model.storage import write_private


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
    evaluations, size = evaluate_corpus(corpus, labels, with_presidio=presidio)
    print_evaluation(evaluations, size, Console())
    if output:
        write_private(output, json.dumps(evaluation_dict(evaluations, size), indent=2).encode("utf-8"))
