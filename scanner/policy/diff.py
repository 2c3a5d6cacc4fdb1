"""Comparing two policy files: per data subject, the categories only in one and those quoted differently.

``diff_policies`` serves ``piiaudit policy diff`` (a draft against its reviewed file, or two versions
of a policy); ``score`` measures a draft against a reference translation: the share of its
(subject, category) pairs the reference has (precision) and of the reference's pairs it found
(recall), a category counting as found when it is the same key or one level off (parent or child).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

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


def match_subjects(a: Policy, b: Policy) -> list[tuple[Subject | None, Subject | None]]:
    """Subjects paired by id, then by name; the unpaired ones of either side on their own."""
    pairs: list[tuple[Subject | None, Subject | None]] = []
    left = dict(b.subjects)
    for subject in a.subjects.values():
        partner = left.pop(subject.id, None)
        if partner is None:
            partner = next((s for s in left.values() if subject_key(s.name) == subject_key(subject.name)), None)
            if partner is not None:
                del left[partner.id]
        pairs.append((subject, partner))
    pairs.extend((None, s) for s in left.values())
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
    for subject_a, subject_b in match_subjects(a, b):
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


def score(draft: Policy, reference: Policy) -> Score:
    """Precision and recall of the draft's (subject, category) pairs against the reference's."""
    extra: list[tuple[str, str]] = []
    missed: list[tuple[str, str]] = []
    draft_pairs = reference_pairs = draft_matched = reference_matched = 0
    for subject_d, subject_r in match_subjects(draft, reference):
        found, wanted = set(categories_of(draft, subject_d)), set(categories_of(reference, subject_r))
        for category in sorted(found):
            draft_pairs += 1
            if any(near(category, w) for w in wanted):
                draft_matched += 1
            else:
                extra.append((subject_d.id if subject_d else "?", category))
        for category in sorted(wanted):
            reference_pairs += 1
            if any(near(category, f) for f in found):
                reference_matched += 1
            else:
                missed.append((subject_r.id if subject_r else "?", category))
    return Score(
        draft_matched / draft_pairs if draft_pairs else 0.0,
        reference_matched / reference_pairs if reference_pairs else 0.0,
        draft_pairs,
        draft_matched,
        reference_pairs,
        reference_matched,
        extra,
        missed,
    )
