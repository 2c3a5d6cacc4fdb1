"""Policy stage: give every finding its data categories, its data subject and a disclosure verdict.

Verdicts, most severe first:

- ``prohibited``: data that must not be stored whatever the policy says (a rule names why);
- ``incorrect``: the policy says the opposite (a "we do not collect" statement, or a date of birth
  of someone younger than the policy's audience age limit);
- ``undisclosed``: nothing in the policy covers the category for that subject;
- ``vague``: only a broader category is declared for that subject;
- ``disclosed``: the category is declared for the subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from piiaudit.scanner.model import VERDICTS, Finding, Verdict, severity
from piiaudit.scanner.model.ages import all_younger_than
from piiaudit.scanner.model.settings import SubjectBinding
from piiaudit.scanner.policy.document import Policy
from piiaudit.scanner.policy.taxonomy import ROOT_TERMS, entity_categories, package_data

FAILING_BY_DEFAULT: frozenset[Verdict] = frozenset({"prohibited", "incorrect", "undisclosed"})
NEEDS_ACTION: tuple[Verdict, ...] = tuple(v for v in VERDICTS if v in FAILING_BY_DEFAULT)  # most severe first
DATE_OF_BIRTH = "user.demographic.date_of_birth"
NOT_MENTIONED = "not mentioned in the policy"


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


class Classifier:
    """Classifies findings against one policy."""

    def __init__(
        self,
        policy: Policy,
        rules: Sequence[ProhibitedRule],
        bindings: Sequence[SubjectBinding] = (),
        subject: str | None = None,
        extra_categories: Mapping[str, str] | None = None,
    ) -> None:
        self.policy = policy
        self.rules = rules
        self.bindings = bindings
        self.subject = subject
        self.categories = dict(entity_categories())
        for entity, category in (extra_categories or {}).items():
            self.categories.setdefault(entity, [category])

    def unknown_subjects(self) -> list[str]:
        """Subjects named by --subject or the configuration that the policy does not define."""
        named = {b.subject for b in self.bindings} | ({self.subject} if self.subject else set())
        return sorted(named - set(self.policy.subjects))

    def subject_for(self, source: str, container: str | None) -> str | None:
        if self.subject:
            return self.subject
        return next((b.subject for b in self.bindings if b.matches(source, container)), None)

    def classify(self, finding: Finding) -> Finding:
        categories = self.categories.get(finding.entity, [])
        subject = self.subject_for(finding.source, finding.container)
        notes = [] if subject else ["data subject unresolved: a category declared for any subject counts"]
        if not categories:
            notes.append(f"no data category is mapped for entity {finding.entity}")
            return replace(finding, subject=subject, disclosure="undisclosed", notes=notes)
        rule = next((r for r in self.rules if r.applies(finding.entity, categories)), None)
        verdicts: list[Verdict] = []
        refs: list[dict[str, str]] = []
        for category in categories:
            verdict, category_refs, category_notes = self.verdict(category, subject, finding)
            verdicts.append(verdict)
            refs += category_refs
            notes += category_notes
        disclosure = worst(verdicts)
        if rule:
            disclosure = "prohibited"
            refs.insert(0, {"rule": rule.id, "text": rule.reference})
        return replace(
            finding,
            categories=list(categories),
            subject=subject,
            disclosure=disclosure,
            policy_refs=refs,
            rule=f"{rule.id}: {rule.name}" if rule else None,
            notes=notes,
        )

    def verdict(
        self, category: str, subject: str | None, finding: Finding
    ) -> tuple[Verdict, list[dict[str, str]], list[str]]:
        """(verdict, policy quotes behind it, notes) for one category of a finding."""
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
        if exact:
            return "disclosed", [d.quote.as_ref(d.id) for d in exact[:3]], []
        if broader:
            names = ", ".join(sorted({c for d in broader for c in d.categories if c in covering}))
            return "vague", [d.quote.as_ref(d.id) for d in broader[:3]], [f"covered only by the broader {names}"]
        others = sorted({s for d in self.policy.declarations if category in d.categories for s in d.subjects})
        note = f"declared only for other subjects: {', '.join(others)}" if others else NOT_MENTIONED
        return "undisclosed", [], [note]

    def under_age(self, category: str, finding: Finding) -> str | None:
        limit = self.policy.audience_min_age
        if category != DATE_OF_BIRTH or limit is None:
            return None
        young = sum(n for bracket, n in finding.details.items() if all_younger_than(bracket, limit))
        if not young:
            return None
        return f"{young} of {finding.occurrences} dates of birth are of people under {limit}, the policy's age limit"

    def classify_all(self, findings: Iterable[Finding]) -> list[Finding]:
        classified = [self.classify(f) for f in findings]
        return sorted(classified, key=lambda f: (severity(f.disclosure or "disclosed"), f.source, f.container or ""))
