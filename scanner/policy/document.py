"""Privacy policies as data: loading, validating (with line numbers) and querying a policy YAML file.

The format is documented in docs/policy-format.md and defined by scanner/data/policy.schema.json;
``piiaudit policy check FILE`` runs every check here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from piiaudit.scanner.model import PolicySummary
from piiaudit.scanner.model.qualifiers import Qualifier
from piiaudit.scanner.policy.taxonomy import ROOT_TERMS, TAXONOMY_PIN, Taxonomy, default_taxonomy
from piiaudit.scanner.policy.text import policy_text, repair_mojibake

LINE_KEY = "__line__"
KEY_LINES = "__key_lines__"


class PolicyError(ValueError):
    """A policy that cannot be used; ``problems`` lists every ``file:line: problem``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class LineLoader(yaml.SafeLoader):
    """A YAML loader that records each mapping's line number under ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        mapping[KEY_LINES] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return mapping


def strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k not in (LINE_KEY, KEY_LINES)}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def line_of(document: Any, path: list[str | int]) -> int:
    """The line of the innermost mapping on ``path`` (a JSON-schema error path)."""
    line, node = 1, document
    for step in path:
        if isinstance(node, dict):
            line = node.get(KEY_LINES, {}).get(step, node.get(LINE_KEY, line))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return line


def normalise(text: str) -> str:
    """Mojibake repaired and white space folded, for comparing quotes with the policy text."""
    return " ".join(repair_mojibake(text).replace("\u00a0", " ").split())


@dataclass(frozen=True)
class Quote:
    section: str
    text: str

    def as_ref(self, declaration: str | None = None) -> dict[str, str]:
        ref = {"section": self.section, "text": self.text}
        if declaration:
            ref["declaration"] = declaration
        return ref


@dataclass(frozen=True)
class Subject:
    id: str
    name: str
    role: str
    description: str = ""
    fides_subject: str | None = None


@dataclass(frozen=True)
class Declaration:
    id: str
    subjects: tuple[str, ...]
    categories: tuple[str, ...]
    quote: Quote
    item: str = ""
    purposes: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    retention: str | None = None
    qualifier: Qualifier | None = None  # "your address (business)": covers only that kind of value


@dataclass(frozen=True)
class Exclusion:
    id: str
    subjects: tuple[str, ...]  # empty: every subject
    categories: tuple[str, ...]
    quote: Quote


@dataclass(frozen=True)
class Policy:
    path: Path
    organization: str
    document: dict[str, str]
    taxonomy_pin: str
    subjects: dict[str, Subject]
    declarations: tuple[Declaration, ...]
    exclusions: tuple[Exclusion, ...] = ()
    audience_min_age: int | None = None
    audience_quote: Quote | None = None
    taxonomy: Taxonomy = field(default_factory=default_taxonomy)
    open_reviews: int = 0  # `review` notes and `unmatched` sentences a reviewer has not settled yet

    def declarations_for(self, subject: str | None) -> Iterator[Declaration]:
        """Declarations that apply to ``subject`` (all of them when the subject is unresolved)."""
        for declaration in self.declarations:
            if subject is None or subject in declaration.subjects:
                yield declaration

    def exclusions_for(self, subject: str | None) -> Iterator[Exclusion]:
        for exclusion in self.exclusions:
            if subject is None or not exclusion.subjects or subject in exclusion.subjects:
                yield exclusion

    def summary(self) -> PolicySummary:
        """What reports show of the policy, including each subject's declared categories."""
        return {
            "organization": self.organization,
            "file": str(self.path),
            "title": self.document.get("title", ""),
            "version": self.document.get("version", ""),
            "last_updated": self.document.get("last_updated", ""),
            "taxonomy": self.taxonomy_pin,
            "subjects": {s.id: s.name for s in self.subjects.values()},
            "declared_categories": {
                s: sorted({c for d in self.declarations_for(s) for c in d.categories}) for s in self.subjects
            },
            "outside_policy": {},
        }


@lru_cache(maxsize=1)
def policy_schema() -> dict[str, Any]:
    return json.loads(
        resources.files("piiaudit.scanner").joinpath("data", "policy.schema.json").read_text(encoding="utf-8")
    )


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PolicyError([f"{path}: no such file"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([f"{path}: cannot read: {exc}"]) from exc
    try:
        return yaml.load(text, Loader=LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PolicyError([f"{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}"]) from exc


def schema_problems(path: Path, document: Any) -> list[str]:
    validator = Draft202012Validator(policy_schema())
    problems = []
    for error in sorted(validator.iter_errors(strip_lines(document)), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path) or "top level"
        problems.append(f"{path}:{line_of(document, list(error.absolute_path))}: {where}: {error.message}")
    return problems


def semantic_problems(path: Path, document: dict[str, Any], taxonomy: Taxonomy) -> list[str]:
    """Unknown categories and subjects, duplicate ids, root terms and quotes not found in the policy text."""
    problems = []

    def problem(node: dict[str, Any], message: str, key: str = "id") -> None:
        line = node.get(KEY_LINES, {}).get(key, node.get(LINE_KEY, 1))
        problems.append(f"{path}:{line}: {message}")

    if document["taxonomy"] != TAXONOMY_PIN:
        problem(document, f"taxonomy {document['taxonomy']!r} is not supported; use {TAXONOMY_PIN!r}", "taxonomy")
    subject_ids: set[str] = set()
    for subject in document["subjects"]:
        if subject["id"] in subject_ids:
            problem(subject, f"duplicate subject id {subject['id']!r}")
        subject_ids.add(subject["id"])
    seen: set[str] = set()
    for section in ("declarations", "exclusions"):
        for entry in document.get(section) or []:
            if entry["id"] in seen:
                problem(entry, f"duplicate id {entry['id']!r}")
            seen.add(entry["id"])
            for subject in entry.get("subjects") or []:
                if subject not in subject_ids:
                    defined = ", ".join(sorted(subject_ids))
                    problem(entry, f"{entry['id']}: unknown subject {subject!r} (defined: {defined})", "subjects")
            for key in entry["categories"]:
                if key not in taxonomy:
                    problem(entry, f"{entry['id']}: unknown data category {key!r}", "categories")
                elif key in ROOT_TERMS and section == "declarations":
                    problem(
                        entry, f"{entry['id']}: root term {key!r} discloses nothing; name the categories", "categories"
                    )
    source = document.get("document", {}).get("source")
    if source:
        problems += quote_problems(path, document, path.parent / source)
    return problems


def quotes_in(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("audience_quote",):
        if document.get(key):
            yield document[key]
    for subject in document["subjects"]:
        if subject.get("role_quote"):
            yield subject["role_quote"]
    for section in ("declarations", "exclusions"):
        for entry in document.get(section) or []:
            yield entry["quote"]
    yield from document.get("unmatched") or []


def quote_problems(path: Path, document: dict[str, Any], source: Path) -> list[str]:
    """Every quote must be a verbatim passage of the policy text named in ``document.source``: of the file
    itself, or of the text of a Markdown or HTML page as ``policy draft`` reads it."""
    try:
        texts = {normalise(policy_text(source)), normalise(source.read_bytes().decode("utf-8", "replace"))}
    except OSError as exc:
        return [f"{path}:{document['document'].get(LINE_KEY, 1)}: document.source {source}: {exc.strerror or exc}"]
    return [
        f"{path}:{quote.get(LINE_KEY, 1)}: quote not found in {source.name}: {quote['text'][:60]!r}"
        for quote in quotes_in(document)
        if not any(normalise(quote["text"]) in text for text in texts)
    ]


def as_quote(data: dict[str, Any]) -> Quote:
    return Quote(data.get("section", ""), data["text"])


def load_policy(path: Path) -> Policy:
    """Read and validate a policy; raises PolicyError listing every problem with its line."""
    path = Path(path)
    document = read_yaml(path)
    problems = schema_problems(path, document)
    if problems:
        raise PolicyError(problems)
    taxonomy = default_taxonomy().with_extensions(strip_lines(document.get("extensions") or []))
    problems = semantic_problems(path, document, taxonomy)
    if problems:
        raise PolicyError(problems)
    data = strip_lines(document)
    return Policy(
        path=path,
        organization=data["organization"],
        document={k: str(v) for k, v in data.get("document", {}).items() if v is not None},
        taxonomy_pin=data["taxonomy"],
        subjects={
            s["id"]: Subject(s["id"], s["name"], s["role"], s.get("description", ""), s.get("fides_subject"))
            for s in data["subjects"]
        },
        declarations=tuple(
            Declaration(
                d["id"],
                tuple(d["subjects"]),
                tuple(d["categories"]),
                as_quote(d["quote"]),
                d.get("item", ""),
                tuple(d.get("purposes") or ()),
                tuple(d.get("legal_basis") or ()),
                d.get("retention"),
                d.get("qualifier"),
            )
            for d in data["declarations"]
        ),
        exclusions=tuple(
            Exclusion(e["id"], tuple(e.get("subjects") or ()), tuple(e["categories"]), as_quote(e["quote"]))
            for e in data.get("exclusions") or []
        ),
        audience_min_age=data.get("audience_min_age"),
        audience_quote=as_quote(data["audience_quote"]) if data.get("audience_quote") else None,
        taxonomy=taxonomy,
        open_reviews=len(data.get("unmatched") or [])
        + sum("review" in entry for key in ("subjects", "declarations", "exclusions") for entry in data.get(key) or []),
    )
