"""Comparing two policy files: per data subject, the categories only in one and those quoted differently.

``diff_policies`` serves ``piiaudit policy diff`` (a draft against its reviewed file, or two versions
of a policy); ``score`` measures a draft against a reference translation: the share of its
(subject, category) pairs the reference has (precision) and of the reference's pairs it found
(recall), a category counting as found when it is the same key or one level off (parent or child).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from piiaudit.scanner.policy.document import Policy, Subject, normalise


@dataclass
class SubjectDiff:
    a: Subject | None
    b: Subject | None
    only_a: dict[str, list[str]] = field(default_factory=dict)  # category → its quotes in A
    only_b: dict[str, list[str]] = field(default_factory=dict)
    quoted_differently: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.a is None or self.b is None or self.only_a or self.only_b or self.quoted_differently)


@dataclass
class Score:
    precision: float
    recall: float
    draft_pairs: int
    draft_matched: int
    reference_pairs: int
    reference_matched: int
    extra: list[tuple[str, str]]  # draft (subject, category) pairs the reference lacks
    missed: list[tuple[str, str]]  # reference pairs the draft lacks


def subject_key(name: str) -> str:
    """A subject's name compared loosely: case, punctuation, brackets, "our"/"the" and plurals aside."""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    words = re.findall(r"[a-z0-9]+", name.replace("’", "'").replace("'s ", " ").replace("s' ", "s "))
    return " ".join(
        w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in ("our", "the", "a", "an")
    )


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def pair_subjects(a: Iterable[N], b: Iterable[N]) -> list[tuple[N | None, N | None]]:
    """Subjects paired by id, then by name (or the only subject of each); the unpaired ones on their own."""
    pairs: list[tuple[N | None, N | None]] = []
    left = {entry.id: entry for entry in b}
    for entry in a:
        partner = left.pop(entry.id, None)
        if partner is None:
            partner = next((c for c in left.values() if subject_key(c.name) == subject_key(entry.name)), None)
            if partner is not None:
                del left[partner.id]
        pairs.append((entry, partner))
    if len(pairs) == 1 and pairs[0][1] is None and len(left) == 1:  # one subject each: "Users", "Customers"
        pairs[0] = (pairs[0][0], left.popitem()[1])
    pairs.extend((None, entry) for entry in left.values())
    return pairs


def categories_of(policy: Policy, subject: Subject | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    if subject is None:
        return found
    for declaration in policy.declarations_for(subject.id):
        for category in declaration.categories:
            if declaration.quote.text not in found[category]:
                found[category].append(declaration.quote.text)
    return found


def diff_policies(a: Policy, b: Policy) -> list[SubjectDiff]:
    result = []
    for subject_a, subject_b in pair_subjects(a.subjects.values(), b.subjects.values()):
        in_a, in_b = categories_of(a, subject_a), categories_of(b, subject_b)
        entry = SubjectDiff(subject_a, subject_b)
        entry.only_a = {c: q for c, q in in_a.items() if c not in in_b}
        entry.only_b = {c: q for c, q in in_b.items() if c not in in_a}
        for category in in_a.keys() & in_b.keys():
            quotes_a, quotes_b = in_a[category], in_b[category]
            if {normalise(q) for q in quotes_a} != {normalise(q) for q in quotes_b}:
                entry.quoted_differently[category] = (quotes_a, quotes_b)
        result.append(entry)
    return result


def near(a: str, b: str) -> bool:
    """The same key, or one level apart (``user.contact`` and ``user.contact.email``)."""
    return a == b or a.rsplit(".", 1)[0] == b or b.rsplit(".", 1)[0] == a


@dataclass(frozen=True)
class Coverage:
    """One subject's declared categories: what ``score`` compares."""

    id: str
    name: str
    categories: frozenset[str]


def coverage(policy: Policy) -> list[Coverage]:
    return [Coverage(s.id, s.name, frozenset(categories_of(policy, s))) for s in policy.subjects.values()]


def score(draft: Policy, reference: Policy) -> Score:
    """Precision and recall of the draft's (subject, category) pairs against the reference's."""
    return score_coverage(coverage(draft), coverage(reference))


def score_coverage(draft: list[Coverage], reference: list[Coverage]) -> Score:
    extra: list[tuple[str, str]] = []
    missed: list[tuple[str, str]] = []
    for found, wanted in pair_subjects(draft, reference):
        have = found.categories if found else frozenset()
        want = wanted.categories if wanted else frozenset()
        extra += [(found.id, c) for c in sorted(have) if found and not any(near(c, w) for w in want)]
        missed += [(wanted.id, c) for c in sorted(want) if wanted and not any(near(c, h) for h in have)]
    draft_pairs = sum(len(c.categories) for c in draft)
    reference_pairs = sum(len(c.categories) for c in reference)
    return Score(
        (draft_pairs - len(extra)) / draft_pairs if draft_pairs else 0.0,
        (reference_pairs - len(missed)) / reference_pairs if reference_pairs else 0.0,
        draft_pairs,
        draft_pairs - len(extra),
        reference_pairs,
        reference_pairs - len(missed),
        extra,
        missed,
    )


def subject_label(subject: Subject | None) -> str:
    return f"{subject.id} ({subject.name})" if subject else "-"


def format_diff(diffs: list[SubjectDiff], name_a: str, name_b: str) -> str:
    """The diff as text: per subject, the categories only in A, only in B, and quoted differently."""
    lines = [f"--- {name_a}", f"+++ {name_b}"]
    for entry in diffs:
        if not entry.changed:
            continue
        if entry.a is None or entry.b is None:
            side, subject = ("B", entry.b) if entry.a is None else ("A", entry.a)
            lines.append(f"subject {subject_label(subject)}: only in {side}")
        else:
            same = entry.a.id == entry.b.id
            lines.append(f"subject {subject_label(entry.a)}" + ("" if same else f" = {subject_label(entry.b)}"))
        for mark, found in (("-", entry.only_a), ("+", entry.only_b)):
            for category, quotes in sorted(found.items()):
                lines.append(f"  {mark} {category}  {' | '.join(repr(q) for q in quotes)}")
        for category, (quotes_a, quotes_b) in sorted(entry.quoted_differently.items()):
            lines.append(f"  ~ {category}")
            lines.append(f"      A: {' | '.join(repr(q) for q in quotes_a)}")
            lines.append(f"      B: {' | '.join(repr(q) for q in quotes_b)}")
    if len(lines) == 2:
        lines.append("no differences in subjects, categories or quotes")
    return "\n".join(lines)


def format_score(result: Score) -> str:
    lines = [
        f"precision {result.precision:.3f} ({result.draft_matched}/{result.draft_pairs} draft pairs in the reference)",
        f"recall    {result.recall:.3f} ({result.reference_matched}/{result.reference_pairs} reference pairs found)",
    ]
    lines += [f"  extra   {subject} {category}" for subject, category in result.extra]
    lines += [f"  missed  {subject} {category}" for subject, category in result.missed]
    return "\n".join(lines)


def diff_as_dict(diffs: list[SubjectDiff], result: Score | None) -> dict[str, Any]:
    """The diff (and score) as JSON-ready data."""
    data: dict[str, Any] = {
        "subjects": [
            {
                "a": entry.a.id if entry.a else None,
                "b": entry.b.id if entry.b else None,
                "only_a": entry.only_a,
                "only_b": entry.only_b,
                "quoted_differently": {c: {"a": qa, "b": qb} for c, (qa, qb) in entry.quoted_differently.items()},
            }
            for entry in diffs
            if entry.changed
        ]
    }
    if result is not None:
        data["score"] = {
            "precision": round(result.precision, 4),
            "recall": round(result.recall, 4),
            "draft_pairs": result.draft_pairs,
            "draft_matched": result.draft_matched,
            "reference_pairs": result.reference_pairs,
            "reference_matched": result.reference_matched,
            "extra": [list(p) for p in result.extra],
            "missed": [list(p) for p in result.missed],
        }
    return data
