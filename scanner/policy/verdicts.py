"""Policy stage: give every finding its data categories, its data subject and a disclosure verdict.

Verdicts, most severe first:

- ``prohibited``: data that must not be stored whatever the policy says (a rule names why); the
  rules are checked before anything else, also for entities with no data category;
- ``incorrect``: the policy says the opposite (a "we do not collect" statement, or a date of birth
  of someone younger than the policy's audience age limit);
- ``undisclosed``: nothing in the policy covers the category for that subject, or the subject is one
  the policy does not cover at all (``outside_policy`` in the scan configuration);
- ``vague``: only a broader category is declared for that subject, or, for a finding with no
  subject, the category is declared for some of the policy's subjects only;
- ``disclosed``: the category is declared for the subject (for a finding with no subject: for every
  subject of the policy), of the kind the declaration names where it names one (business, personal).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from piiaudit.scanner.model import VERDICTS, Finding, Verdict, severity
from piiaudit.scanner.model.ages import all_younger_than, is_at_record
from piiaudit.scanner.model.qualifiers import values_not
from piiaudit.scanner.model.settings import OutsideSubject, SubjectBinding
from piiaudit.scanner.policy.document import Declaration, Policy
from piiaudit.scanner.policy.taxonomy import ROOT_TERMS, entity_categories, package_data

FAILING_BY_DEFAULT: frozenset[Verdict] = frozenset({"prohibited", "incorrect", "undisclosed"})
NEEDS_ACTION: tuple[Verdict, ...] = tuple(v for v in VERDICTS if v in FAILING_BY_DEFAULT)  # most severe first
DATE_OF_BIRTH = "user.demographic.date_of_birth"
CHILDRENS = "user.childrens"
CHILD_AGE = 13  # who is a child where the policy states no audience age limit (COPPA; GDPR's lowest)
NOT_MENTIONED = "not mentioned in the policy"
NO_SUBJECT = "no data subject: disclosed only where declared for every subject (bind the source under sources:)"
Judgement = tuple[Verdict, list[dict[str, str]], list[str]]  # (verdict, policy quotes behind it, notes)


@dataclass(frozen=True)
class ProhibitedRule:
    id: str
    name: str
    reference: str
    entities: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()

    def applies(self, entity: str, categories: Iterable[str]) -> bool:
        return entity in self.entities or bool(self.categories.intersection(categories))


def load_rules(extra: Sequence[Mapping[str, Any]] = ()) -> list[ProhibitedRule]:
    """The shipped rules (scanner/data/prohibited_rules.yaml) plus an organisation's own."""
    entries = [*package_data("prohibited_rules.yaml")["rules"], *extra]
    return [
        ProhibitedRule(
            e["id"], e["name"], e["reference"], frozenset(e.get("entities") or ()), frozenset(e.get("categories") or ())
        )
        for e in entries
    ]


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    return min(verdicts, key=severity)


def young_count(details: Mapping[str, int], limit: int) -> tuple[int, int]:
    """(at the record's own date, at the scan date): how many dates of birth are of people younger than ``limit``."""
    young = [(label, n) for label, n in details.items() if all_younger_than(label, limit)]
    at_record = sum(n for label, n in young if is_at_record(label))
    return at_record, sum(n for _, n in young) - at_record


def when_taken(at_record: int, at_scan: int) -> str:
    """Which date the ages were taken at, in words."""
    parts = [f"{at_record} at the record's own date"] if at_record else []
    parts += [f"{at_scan} at the scan date"] if at_scan else []
    return "; ".join(parts)


class Classifier:
    """Classifies findings against one policy."""

    def __init__(
        self,
        policy: Policy,
        rules: Sequence[ProhibitedRule],
        bindings: Sequence[SubjectBinding] = (),
        subject: str | None = None,
        extra_categories: Mapping[str, str] | None = None,
        outside: Sequence[OutsideSubject] = (),
    ) -> None:
        self.policy = policy
        self.rules = rules
        self.bindings = bindings
        self.subject = subject
        self.outside = {o.id: o.name for o in outside}
        self.categories = dict(entity_categories())
        for entity, category in (extra_categories or {}).items():
            self.categories.setdefault(entity, [category])

    def unknown_subjects(self) -> list[str]:
        """Subjects named by --subject or the configuration that neither the policy nor ``outside_policy`` defines."""
        named = {b.subject for b in self.bindings} | ({self.subject} if self.subject else set())
        return sorted(named - set(self.policy.subjects) - set(self.outside))

    def subject_for(self, source: str, container: str | None) -> str | None:
        if self.subject:
            return self.subject
        return next((b.subject for b in self.bindings if b.matches(source, container)), None)

    def classify(self, finding: Finding) -> Finding:
        categories = list(self.categories.get(finding.entity, []))
        subject = self.subject_for(finding.source, finding.container)
        rule = next((r for r in self.rules if r.applies(finding.entity, categories)), None)
        if self.children_in(categories, finding):
            categories.append(CHILDRENS)
        verdict, refs, notes = self.judge(categories, subject, finding)
        if rule:
            verdict = "prohibited"
            refs.insert(0, {"rule": rule.id, "text": rule.reference})
        return replace(
            finding,
            categories=categories,
            subject=subject,
            disclosure=verdict,
            policy_refs=refs,
            rule=f"{rule.id}: {rule.name}" if rule else None,
            notes=notes,
        )

    def judge(self, categories: Sequence[str], subject: str | None, finding: Finding) -> Judgement:
        """The verdict of a finding of ``categories`` about ``subject`` (before the prohibited rules)."""
        if not categories:
            return "undisclosed", [], [f"no data category is mapped for entity {finding.entity}"]
        if subject in self.outside:
            return "undisclosed", [], [f"the policy does not cover {self.outside[subject]}"]
        judged = [self.verdict(c, subject, finding) for c in categories]
        refs = [ref for _, category_refs, _ in judged for ref in category_refs]
        notes = ([] if subject else [NO_SUBJECT]) + [note for _, _, category_notes in judged for note in category_notes]
        return worst(v for v, _, _ in judged), refs, notes

    def children_in(self, categories: Sequence[str], finding: Finding) -> bool:
        """Whether a date-of-birth finding holds children's dates (younger than the audience age, else 13)."""
        limit = self.policy.audience_min_age or CHILD_AGE
        return DATE_OF_BIRTH in categories and any(young_count(finding.details, limit))

    def verdict(self, category: str, subject: str | None, finding: Finding) -> Judgement:
        """(verdict, policy quotes behind it, notes) for one category of a finding (``None``: no subject)."""
        if subject is None:
            return self.verdict_for_anyone(category, finding)
        covering = {category, *(a for a in self.policy.taxonomy.ancestors(category) if a not in ROOT_TERMS)}
        for exclusion in self.policy.exclusions_for(subject):
            if covering.intersection(exclusion.categories):
                return "incorrect", [exclusion.quote.as_ref(exclusion.id)], []
        under_age = self.under_age(category, finding)
        if under_age:
            quote = self.policy.audience_quote
            refs = [quote.as_ref("audience_min_age")] if quote else []
            return "incorrect", refs, [under_age]
        exact, broader = [], []
        for declaration in self.policy.declarations_for(subject):
            if category in declaration.categories:
                exact.append(declaration)
            elif covering.intersection(declaration.categories):
                broader.append(declaration)
        judged = self.qualified(exact, finding) if exact else None
        if judged and (judged[0] == "disclosed" or not broader):
            return judged
        if broader:  # also for values of another kind than the exact declarations name
            names = ", ".join(sorted({c for d in broader for c in d.categories if c in covering}))
            return "vague", [d.quote.as_ref(d.id) for d in broader[:3]], [f"covered only by the broader {names}"]
        others = sorted({s for d in self.policy.declarations if category in d.categories for s in d.subjects})
        note = f"declared only for other subjects: {', '.join(others)}" if others else NOT_MENTIONED
        return "undisclosed", [], [note]

    def verdict_for_anyone(self, category: str, finding: Finding) -> Judgement:
        """A finding with no subject: ``disclosed`` only where every subject's verdict is, ``vague`` where some
        subject's declarations cover the category, else the most lenient of the subjects' failing verdicts."""
        judged = {s: self.verdict(category, s, finding) for s in self.policy.subjects}
        verdicts = {v for v, _, _ in judged.values()}
        if len(verdicts) == 1:
            return next(iter(judged.values()))
        declared = [s for s, (v, _, _) in judged.items() if v == "disclosed"]
        broadly = [s for s, (v, _, _) in judged.items() if v == "vague"]
        if not declared + broadly:
            return min(judged.values(), key=lambda j: -severity(j[0]))
        refs = {ref.get("declaration", ref["text"]): ref for s in declared + broadly for ref in judged[s][1]}
        others = [s for s in judged if s not in declared + broadly]
        note = "; ".join(
            f"{label} {', '.join(names)}"
            for label, names in (
                ("declared for", declared),
                ("covered only by a broader category for", broadly),
                ("not declared for", others),
            )
            if names
        )
        return "vague", list(refs.values())[:3], [note]

    def qualified(self, declarations: Sequence[Declaration], finding: Finding) -> Judgement:
        """Declarations naming the category: ``disclosed``, unless they all name one kind of value (business,
        personal) and the detector found values of another kind."""
        refs = [d.quote.as_ref(d.id) for d in declarations[:3]]
        kinds = {d.qualifier for d in declarations}
        kind = kinds.pop() if len(kinds) == 1 else None
        other = values_not(kind, finding.details) if kind else 0
        if not kind or not other:
            return "disclosed", refs, []
        note = f"{other} of {finding.occurrences} values are not {kind} ones; the policy declares only {kind} ones"
        return "undisclosed", refs, [note]

    def under_age(self, category: str, finding: Finding) -> str | None:
        limit = self.policy.audience_min_age
        if category != DATE_OF_BIRTH or limit is None:
            return None
        at_record, at_scan = young_count(finding.details, limit)
        if not at_record + at_scan:
            return None
        return (
            f"{at_record + at_scan} of {finding.occurrences} dates of birth are of people under {limit}, "
            f"the policy's age limit ({when_taken(at_record, at_scan)})"
        )

    def classify_all(self, findings: Iterable[Finding]) -> list[Finding]:
        classified = [self.classify(f) for f in findings]
        return sorted(classified, key=lambda f: (severity(f.disclosure or "disclosed"), f.source, f.container or ""))
