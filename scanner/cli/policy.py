"""``piiaudit policy``: work with privacy policy files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from piiaudit.scanner.cli.main import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail_output, fail_usage, main
from piiaudit.scanner.model.storage import write_private
from piiaudit.scanner.policy.diff import diff_as_dict, diff_policies, format_diff, format_score
from piiaudit.scanner.policy.diff import score as score_policies
from piiaudit.scanner.policy.document import PolicyError, load_policy
from piiaudit.scanner.policy.draft import draft_file
from piiaudit.scanner.policy.phrases import PhraseError


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
            + (f"; {loaded.open_reviews} review notes and unmatched sentences left" if loaded.open_reviews else "")
        )
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


@policy.command("draft")
@click.argument("policy_file", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write the draft here (default: standard output)."
)
@click.option(
    "--phrases",
    multiple=True,
    type=click.Path(path_type=Path),
    help="More words → category phrases, a YAML file like scanner/data/category_phrases.yaml (repeatable).",
)
@click.option("--organization", help="The organisation's name, where the text does not make it clear.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "markdown", "html"]),
    default="auto",
    show_default=True,
    help="How to read POLICY_FILE (auto: by its suffix, then its content).",
)
def policy_draft(
    policy_file: Path, output: Path | None, phrases: tuple[Path, ...], organization: str | None, fmt: str
) -> None:
    """Draft a policy file from a privacy policy's own text (plain text, Markdown or a saved web page).

    Every declaration quotes the words it comes from; uncertain ones carry a `review` note, and
    sentences that read like collection statements but gave no declaration are listed under
    `unmatched`. Review the draft, then run `piiaudit policy check` on it (docs/policy-draft.md)."""
    if not policy_file.is_file():
        fail_usage(f"{policy_file}: no such file")
    if output is not None and output.resolve() == policy_file.resolve():
        fail_usage("the draft would overwrite the policy text; choose another --output")
    try:
        result = draft_file(policy_file, output, phrases, organization, fmt)
    except PhraseError as exc:
        fail_usage(str(exc))
    except (OSError, UnicodeDecodeError) as exc:
        fail_usage(f"{policy_file}: cannot read: {getattr(exc, 'strerror', None) or exc}")
    if output is None:
        click.echo(result.text, nl=False)
    else:
        try:
            write_private(output, result.text.encode("utf-8"))
        except OSError as exc:
            fail_output(exc)
    if not result.declarations:
        click.echo("Warning: no data item found; add the declarations before `piiaudit policy check`", err=True)
    click.echo(
        f"{output or 'draft'}: {result.declarations} declarations for {result.subjects} subjects, "
        f"{result.exclusions} exclusions; {result.reviews} marked for review, {result.unmatched} unmatched sentences",
        err=True,
    )


@policy.command("diff")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option("--score", is_flag=True, help="Also score A (a draft) against B (the reference): precision and recall.")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
def policy_diff(a: Path, b: Path, score: bool, as_json: bool) -> None:
    """Compare two policy files: per subject, the categories only in A, only in B, and quoted differently.

    Subjects are paired by id, then by name (or the only subject of each). Exit status 0 when they
    declare the same, 1 when they differ, 2 when either file is not a valid policy."""
    loaded = []
    for path in (a, b):
        try:
            loaded.append(load_policy(path))
        except PolicyError as exc:
            for problem in exc.problems:
                click.echo(problem, err=True)
            sys.exit(EXIT_USAGE)
    diffs = diff_policies(*loaded)
    result = score_policies(*loaded) if score else None
    if as_json:
        click.echo(json.dumps(diff_as_dict(diffs, result), indent=2, ensure_ascii=False))
    else:
        click.echo(format_diff(diffs, str(a), str(b)))
        if result is not None:
            click.echo(format_score(result))
    sys.exit(EXIT_FINDINGS if any(d.changed for d in diffs) else EXIT_OK)
