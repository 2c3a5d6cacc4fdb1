"""``piiaudit policy draft``: a privacy policy's own text → a policy file for a reviewer to finish.

The text is read into blocks (``text.py``), its sentences are read for what they say about data
(``sentences.py``) and each data item's words are mapped to categories by the phrase book
(``phrases.py``). Every declaration quotes the words it comes from; what the draft could not decide
is written down as ``review`` notes and ``unmatched`` sentences (docs/policy-draft.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from piiaudit.scanner.policy.diff import subject_key
from piiaudit.scanner.policy.facts import find_date, find_organization, find_title, find_version, heading_text
from piiaudit.scanner.policy.phrases import Match, PhraseBook, compact, load_phrase_book
from piiaudit.scanner.policy.sentences import (
    ENUMERATION,
    ITEM_TAIL,
    LEGAL_BASIS_PREFIX,
    SentenceReader,
    Statement,
    clean_item,
    split_conjuncts,
    split_sentences,
    split_top_level,
    top_level_colon,
    vocabulary,
)
from piiaudit.scanner.policy.taxonomy import TAXONOMY_PIN, default_taxonomy
from piiaudit.scanner.policy.text import NUMBERING, Block, PolicyDocument, read_document, title_like

AGE_LIMIT = re.compile(
    r"(?:under|below|younger than|less than)\s*(?:the\s+age\s+of\s+)?(?P<age>\d{1,2})\b|"
    r"(?P<min>\d{1,2})\s*(?:years\s+(?:of\s+age\s+)?|years old\s+)?or\s+older|"
    r"\bat\s+least\s+(?:the\s+age\s+of\s+)?(?P<least>\d{1,2})\b",
    re.I,
)
CHILD_WORDS = re.compile(r"child|minor|kid|anyone|individuals|persons|people|users|visitors|teen|age", re.I)
AUDIENCE = re.compile(
    r"\bnot\s+(?:directed|intended|targeted|aimed|designed|meant|for\s+use|available|offered|addressed)|"
    r"\bmust\s+be\s+(?:at\s+least\s+)?\d|\bor\s+older\b|\byou\s+(?:represent|confirm|warrant)\b.{0,40}\bat\s+least\b",
    re.I,
)
RETENTION = re.compile(
    r"\b(?:retain|retention|keep|kept|store|stored|hold|held)\b.*?\b(?:as long as|length of time|period|until|"
    r"no longer than|\d+\s+(?:years?|months?|days?|weeks?))\b",
    re.I,
)
SCOPE = re.compile(
    r"\bwhether\s+(?:as\s+)?(?:an?\s+)?(?P<whether>[^()]+?)(?:,?\s+or\s+otherwise)?\)|"
    r"\b(?:policy|notice|statement)\s+(?:applies|apply|is addressed|relates)\s+to\s+(?P<applies>[^.;:]+)|"
    r"\b(?:policy|notice|statement)\b[^.;:]{0,80}\b(?:about|of|concerning|regarding)\s+(?:our\s+)?(?P<about>[^.;:]+)",
    re.I,
)
ROLE_WORDS = re.compile(r"\b(?:data\s+)?(?P<role>processor|controller)\b", re.I)
PURPOSE_START = re.compile(r"^(?:to|for|in order to)\s+\w", re.I)
MAX_NOTE_KEYS = 6


# ---------------------------------------------------------------------------------------------- data


@dataclass
class Caption:
    """A group of people the text names (a heading, a table's subject cell, a scope sentence)."""

    name: str
    level: int
    role: str = "controller"
    role_quote: dict[str, str] | None = None
    id: str = ""


@dataclass
class Group:
    """Data items read together: the purposes, legal bases and retention that follow them apply to all."""

    purposes: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    retention: str | None = None
    mixed: bool = False  # a subject's list: data items, then purposes, then legal bases
    phase: str = "items"


@dataclass
class Found:
    """A data item the text declares."""

    item: str
    quote: str
    section: str
    caption: Caption | None
    categories: list[str]
    notes: list[str]
    group: Group
    legal_basis: list[str] = field(default_factory=list)


@dataclass
class Mapping:
    categories: list[str]
    notes: list[str]


# ---------------------------------------------------------------------------------------------- drafting


class Drafter:
    """Walks a policy's blocks once, collecting declarations, exclusions, subjects and notes."""

    def __init__(self, document: PolicyDocument, book: PhraseBook, organization: str | None = None) -> None:
        self.document = document
        self.book = book
        self.words = vocabulary()
        self.organization = organization or find_organization(document)
        self.reader = SentenceReader(self.organization)
        self.sections: list[tuple[int, str]] = []
        self.caption: Caption | None = None
        self.captions: list[Caption] = []
        self.scope: list[Caption] = []
        self.group = Group()
        self.list_role: str | None = None  # what the bullets that follow are: items, purposes, bases
        self.list_condition = ""
        self.list_to_document = False  # purposes of a list that uses all collected data
        self.introduced = False  # the paragraph before ended by introducing a list
        self.columns: list[str] = []
        self.found: list[Found] = []
        self.exclusions: list[dict[str, Any]] = []
        self.unmatched: list[dict[str, str]] = []
        self.document_purposes: list[str] = []
        self.retention: str | None = None
        self.retention_from_section = False
        self.audience: tuple[int, dict[str, str]] | None = None
        self.children: tuple[int, dict[str, str]] | None = None
        self.title_region = True
        self.collecting = False  # the last sentence read was a collection statement
        self.bold_level: int | None = None  # the level of headings written as bold paragraphs
        self.paragraph_text = ""  # the paragraph being read
        self.title = find_title(document)

    # -- the walk -----------------------------------------------------------------------------------------
    def run(self) -> None:
        for block in self.document.blocks:
            if block.kind == "heading":
                self.heading(block)
            elif block.kind == "paragraph":
                self.title_region = False
                self.paragraph(block)
            elif block.kind == "item":
                self.title_region = self.introduced = False
                self.item(block.text, self.section, block.lead)
            elif block.kind == "row":
                self.title_region = False
                self.row(block)

    @property
    def section(self) -> str:
        return " › ".join(text for _, text in self.sections) or (self.title or "")

    def new_group(self, mixed: bool = False) -> None:
        self.group = Group(mixed=mixed)

    def heading(self, block: Block, bold: bool = False) -> None:
        text = heading_text(block.text)
        if not bold:
            self.bold_level = None
        if self.title_region and not block.numbered and (self.document.format == "text" or block.level <= 1):
            return  # the logo and the title
        self.title_region = False
        if is_column_header(text):
            return  # a table's header row, saved as a line of text
        level = block.level or 1
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        if self.caption is not None and self.caption.level >= level:
            self.caption = None
        self.columns = []
        name = self.people_name(text, heading=True)
        if name is None or not is_group_name(text, name):
            self.sections.append((level, text))
        self.list_role = self.section_role()
        self.introduced = False
        self.new_group()
        if name is not None:
            self.caption = self.add_caption(name, level)
            self.new_group(mixed=True)
            self.list_role = "mixed"

    def section_role(self) -> str | None:
        kind = section_kind(self.sections[-1][1] if self.sections else "", self.words["sections"])
        return {"collection": "items", "use": "purposes"}.get(kind)

    def paragraph(self, block: Block) -> None:
        text, section, start = block.text, self.section, 0
        self.paragraph_text = text
        lead = block.lead.rstrip(".: ") if block.lead else run_in_heading(text, self.document.format)
        if lead:
            section = f"{section} › {lead}" if section else lead
            start = text.find(lead) + len(lead)
            start += len(text[start:]) - len(text[start:].lstrip(".: "))
        spans = [(a + start, b + start) for a, b in split_sentences(text[start:])]
        if lead and not spans:
            if is_bold_heading(block):
                if self.bold_level is None:  # bold lines under a heading are its subsections, siblings of each other
                    self.bold_level = self.sections[-1][0] + 1 if self.sections else 2
                self.heading(Block("heading", text, level=self.bold_level), bold=True)
            else:
                self.item(text, section)  # "**Account data:**" alone
            return
        if self.introduced and self.list_role and spans and ";" in text[spans[0][0] : spans[0][1]]:
            self.inline_list(text, *spans[0], section, self.list_role)  # a list introduced by the paragraph before
            spans = spans[1:]
        introduced = self.introduced = False
        for n, (a, b) in enumerate(spans):
            if n == len(spans) - 1 and self.announces_list(text[a:b], section):
                self.start_list("items", "")  # "This may include:" after a collection statement
                self.introduced = True
                return
            if RETENTION.search(text[a:b]) and not AGE_LIMIT.search(text[a:b]):
                self.retention_statement(text, a, b, spans[-1][1], section)
            introduced = self.sentence(text, a, b, section)
        self.introduced = introduced
        if not introduced and not self.group.mixed:
            self.list_role = self.section_role()
            self.list_condition = ""
            self.new_group()

    def retention_statement(self, text: str, start: int, end: int, paragraph_end: int, section: str) -> None:
        """The policy's general retention statement: the first paragraph on it in a retention section, else
        the first sentence on it anywhere."""
        in_section = section_kind(section, self.words["sections"]) == "retention"
        if self.retention is None or (in_section and not self.retention_from_section):
            self.retention = " ".join(text[start : paragraph_end if in_section else end].split())
            self.retention_from_section = in_section

    def announces_list(self, sentence: str, section: str) -> bool:
        """ "This may include:" after a collection statement, or in a section about what is collected."""
        if not DEMONSTRATIVE_LIST.match(sentence):
            return False
        return self.collecting or section_kind(section, self.words["sections"]) == "collection"

    def sentence(self, text: str, start: int, end: int, section: str) -> bool:
        """Read one sentence; True when it ends by introducing a list that follows."""
        sentence = text[start:end]
        self.facts(sentence, section)
        statement = self.reader.read(sentence)
        self.collecting = statement.kind == "collect"
        if statement.kind == "collect":
            return self.collected(sentence, statement, section)
        if statement.kind == "exclude":
            self.excluded(sentence, statement, section)
        elif statement.kind == "use":
            return self.used(sentence, statement, section)
        elif statement.kind in ("others", "choice"):
            self.not_ours(sentence, statement, section)
        return False

    def collected(self, sentence: str, statement: Statement, section: str) -> bool:
        if statement.introduces_list:
            rest = sentence[statement.list_start :].strip()
            if rest:
                self.inline_list(sentence, statement.list_start, len(sentence), section, "items", statement.condition)
                return False
            self.start_list("items", statement.condition)
            return True
        retention = bool(RETENTION.search(sentence))  # "We keep your data for …": no declaration by itself
        for a, b in statement.objects:
            b = enumeration_end(sentence, a, b)
            if self.book.find(sentence[a:b]) or (INFORMATION_WORDS.search(sentence[a:b]) and not retention):
                self.add_item(sentence[a:b], sentence, section, condition=statement.condition)
        return False

    def used(self, sentence: str, statement: Statement, section: str) -> bool:
        """ "We use the information we collect to: …" gives purposes; "We use cookies …" declares cookies."""
        named = [(a, b) for a, b in statement.objects if self.book.find(sentence[a:b])]
        if COOKIE_BANNER.search(self.paragraph_text):
            named = []  # "We use cookies to give you the best experience. By continuing …": a banner, no item
        for a, b in named:
            self.add_item(sentence[a:b], sentence, section)
        about_data = not named and all(not self.book.content_words(sentence[a:b]) for a, b in statement.objects)
        if statement.introduces_list:
            rest = sentence[statement.list_start :].strip()
            if rest:
                purposes = [sentence[a:b] for a, b in split_top_level(sentence, statement.list_start, len(sentence))]
                self.add_purposes(purposes, about_data)
                return False
            self.start_list("purposes", "", to_document=about_data)
            return True
        after = max((b for _, b in statement.objects), default=0)
        purpose = re.search(r"\b(?:to|for)\s+(?P<purpose>\w.*)$", sentence[after:])
        if about_data and purpose and statement.objects:
            self.add_purposes([clean(purpose.group("purpose"))], True)
        return False

    def start_list(self, role: str, condition: str, to_document: bool = False) -> None:
        self.new_group(mixed=self.group.mixed and role == "items")
        self.list_role, self.list_condition, self.list_to_document = role, condition, to_document

    def add_purposes(self, purposes: list[str], to_document: bool) -> None:
        target = self.document_purposes if to_document else self.group.purposes
        target.extend(p for p in (clean(p) for p in purposes) if p and p not in target)

    def inline_list(self, text: str, start: int, end: int, section: str, role: str, condition: str = "") -> None:
        separators = ";" if ";" in text[start:end] else ","
        self.new_group(mixed=self.group.mixed)
        for a, b in split_top_level(text, start, end, separators):
            self.item(text[a:b], section, role=role, condition=condition)

    def item(self, text: str, section: str, lead: str = "", role: str | None = None, condition: str = "") -> None:
        """A list item: a data item, a purpose or a legal basis, depending on the list it is in."""
        role = role or self.list_role
        condition = condition or self.list_condition
        statement = self.reader.read(text) if role != "purposes" or self.reader.candidate.search(text) else NOTHING
        sentence_like = statement.kind in ("collect", "exclude", "others") and not (
            role == "items" and statement.listing
        )
        if sentence_like and self.reader.is_clause(text):
            self.sentence(text, 0, len(text), section)
            if role == "purposes":
                self.add_purposes([text], self.list_to_document)
            return
        if role == "mixed":
            role = self.classify(text)
        if role == "items":
            self.add_item(text, text, section, condition=condition, lead=lead, listed=True)
        elif role == "purposes":
            self.add_purposes([text], self.list_to_document)
        elif role == "bases":
            self.group.legal_basis.append(clean(text))

    def classify(self, text: str) -> str:
        """In a subject's list: data items come first, then purposes, then legal bases (a flattened table)."""
        if is_legal_basis(text, self.words["legal_bases"]):
            self.group.phase = "bases"
            return "bases"
        if self.group.phase != "items" or self.is_purpose(text):
            self.group.phase = "purposes"
            return "purposes"
        return "items"

    def is_purpose(self, text: str) -> bool:
        if PURPOSE_START.match(text) or re.search(r"\bpurposes?\b", text, re.I):
            return True
        doc = self.reader.parse(text).doc
        first = doc[0]
        starts_with_phrase = any(m.start == 0 for m in self.book.find(text))
        if first.tag_ in ("VBG", "VB") and first.pos_ == "VERB" and not starts_with_phrase:
            return True
        return any(t.lower_ == "you" and t.dep_ in ("dative", "dobj") and t.head.pos_ == "VERB" for t in doc)

    def row(self, block: Block) -> None:
        if block.header or not self.columns:
            roles = [column_role(" ".join(cell)) for cell in block.cells]
            if block.header or ("data" in roles and sum(r != "other" for r in roles) >= 2):
                self.columns = roles
                return
        section = self.section
        cells = dict(zip(self.columns, block.cells, strict=False))
        if re.match(r"\s*(?:no|not collected|none|n/a)\b", " ".join(cells.get("collected", ("",))), re.I):
            self.unmatch(block.text, section, "the table says this is not collected")
            return
        caption = self.caption
        self.new_group()
        for role, cell in zip(self.columns, block.cells, strict=False):
            if role == "subject" and cell:
                name = self.people_name(cell[0]) or cell[0]
                self.caption = self.add_caption(name, 99)
            elif role == "purpose":
                self.group.purposes.extend(cell_parts(cell))
            elif role == "basis":
                self.group.legal_basis.extend(cell_parts(cell, ";,"))
            elif role == "retention":
                self.group.retention = " ".join(cell)
        data = [cell for role, cell in zip(self.columns, block.cells, strict=False) if role == "data" and cell]
        for n, cell in enumerate(data):
            for part in cell:  # a label column ("Identity data") beside an examples column needs no category
                if n == 0 < len(data) - 1 and not self.book.find(part):
                    continue
                self.add_item(part, part, section, listed=True)
        self.caption = caption

    # -- data items -----------------------------------------------------------------------------------------
    def add_item(
        self, text: str, quote: str, section: str, condition: str = "", lead: str = "", listed: bool = False
    ) -> bool:
        """Declare the data item ``text`` (quoted by ``quote``); False when its words name no category."""
        basis = LEGAL_BASIS_PREFIX.match(text)
        legal_basis = [basis.group(1)] if basis else []
        body = text[basis.end() :] if basis else text
        parts = self.parts(body) if not lead else [body]
        declared = False
        for part in parts:
            mapping = self.map_item(part)
            if not mapping.categories:
                continue
            group_named = self.condition_group(condition)
            notes = mapping.notes + ([f"only when: {condition}"] if condition and not group_named else [])
            item_quote = part if quote == text and part in quote else quote
            caption = self.add_caption(group_named, self.caption.level if self.caption else 99) if group_named else None
            found = Found(
                clean(part), item_quote, section, caption or self.caption, mapping.categories, notes, self.group
            )
            found.legal_basis = legal_basis
            self.found.append(found)
            declared = True
        if not declared and (listed or quote != text or INFORMATION_WORDS.search(body)):
            words = self.book.content_words(body)
            note = f"no data category for: {', '.join(words)}" if words else "names no data item, only generic words"
            self.unmatch(quote, section, note)
        return declared

    def parts(self, text: str) -> list[str]:
        """ "your name, email address and phone number" → three items, when every part names a category."""
        spans = split_conjuncts(text)
        if len(spans) < 2 or ENUMERATION.search(without_brackets(text)):
            return [text]  # "contact information such as your address and phone number" is one item
        parts = [text[a:b] for a, b in spans]
        bracketed = ["(" in p for p in parts]
        if bracketed[-1] and not all(bracketed):
            return [text]  # "Computer, mobile device, and/or web browser information (e.g., …)": shared examples
        if any(re.search(r"\b(?:to|of|for|with|about|and|or|the|your)$", p, re.I) for p in parts):
            return [text]
        keys = [frozenset(m.key for m in self.book.find(self.head(p)[0])) for p in parts]
        named = [(p, k) for p, k in zip(parts, keys, strict=True) if k or self.book.content_words(self.head(p)[0])]
        if all(k for _, k in named) and len({k for _, k in named}) > 1:
            return [p for p, _ in named]  # "…, phone number and any other information you provide": no catch-all
        return [text]  # "your name or alias" stays one item: both parts say the same

    def head(self, text: str) -> tuple[str, list[str]]:
        """An item's own words and its examples: "Contact details (e.g., e-mail address)" → head, [examples]."""
        examples = [text[a + 1 : b] for a, b in bracket_groups(text)]
        head = without_brackets(text)
        marker = ENUMERATION.search(head)
        colon = top_level_colon(head)
        if marker and marker.start() > 0:
            examples.insert(0, head[marker.end() :])
            head = head[: marker.start()]
        elif 0 < colon < len(head):
            examples.insert(0, head[colon:])
            head = head[: colon - 1]
        return cut_tail(head), [cut_tail(EXAMPLE_MARKER.sub("", example, count=1)) for example in examples]

    def map_item(self, text: str) -> Mapping:
        head, examples = self.head(text)
        head_matches = self.book.find(head)
        head_keys = [m.key for m in head_matches]
        keys: list[str] = []
        notes: list[str] = []
        for match in head_matches:
            keys.append(match.key)
            notes += self.match_notes(match, head)
        for example in examples:
            for a, b in split_top_level(example, separators=",;"):
                part = example[a:b]
                for match in self.book.find(part):
                    key = self.resolve(match, head_keys)
                    keys.append(key)
                    if key == match.key:
                        notes += self.match_notes(match, part)
        keys = list(dict.fromkeys(keys))
        words = self.book.content_words(head, head_matches)
        if keys and words and all(k.count(".") <= 1 for k in keys) and not examples:
            narrower = self.narrower(keys[0])
            hint = f"; narrower keys: {', '.join(narrower)}" if narrower else ""
            notes.append(f"only the broad {keys[0]} for '{clean(text)}' (no category for: {', '.join(words)}){hint}")
        elif keys and words and not head_matches and not examples:
            notes.append(f"no category for: {', '.join(words)}")
        return Mapping(keys, list(dict.fromkeys(notes)))

    def resolve(self, match: Match, head_keys: list[str]) -> str:
        """An ambiguous example takes the candidate its item's own key covers ("correspondence, such as an email")."""
        if not match.ambiguous:
            return match.key
        for key in match.phrase.keys:
            if any(key == h or key.startswith(h + ".") for h in head_keys):
                return key
        return match.key

    def match_notes(self, match: Match, text: str) -> list[str]:
        notes = []
        words = text[match.start : match.end]
        if match.ambiguous:
            notes.append(f"'{words}' could also be: {', '.join(match.phrase.keys[1:])}")
        if match.glued:
            notes.append(f"words run together in the text around '{words}'")
        return notes

    def narrower(self, key: str) -> list[str]:
        children = [
            k for k in self.book.taxonomy.categories if k.startswith(key + ".") and k.count(".") == key.count(".") + 1
        ]
        return children[:MAX_NOTE_KEYS] + (["…"] if len(children) > MAX_NOTE_KEYS else [])

    # -- exclusions, others, facts --------------------------------------------------------------------------
    def excluded(self, sentence: str, statement: Statement, section: str) -> None:
        if statement.exception:
            self.unmatch(sentence, section, "says what is not collected, with an exception: check what is")
            return
        age = AGE_LIMIT.search(sentence)
        if age and CHILD_WORDS.search(sentence):
            self.children = self.children or (age_of(age), quote(section, sentence))
            return
        spans = [(a, enumeration_end(sentence, a, b)) for a, b in statement.objects]
        keys = list(dict.fromkeys(m.key for a, b in spans for m in self.book.find(sentence[a:b])))
        if not keys:
            self.unmatch(sentence, section, "says what is not collected, naming no data category")
            return
        self.exclusions.append(
            {
                "id": f"no-{slug(' '.join(sentence[a:b] for a, b in statement.objects), 40)}",
                "subjects": [],
                "categories": keys,
                "quote": quote(section, sentence),
                "review": EXCLUSION_REVIEW,
            }
        )

    def not_ours(self, sentence: str, statement: Statement, section: str) -> None:
        keys = [m.key for a, b in statement.objects for m in self.book.find(sentence[a:b])]
        if statement.kind == "others" and (
            keys or any(INFORMATION_WORDS.search(sentence[a:b]) for a, b in statement.objects)
        ):
            self.unmatch(sentence, section, f"collection by {statement.agent or 'others'}, not by the organisation")
        elif statement.kind == "choice" and (named := self.opted_out(sentence)):
            self.unmatch(sentence, section, f"an opt-out or choice about {', '.join(named)}, not a declaration")

    def opted_out(self, sentence: str) -> list[str]:
        """Categories an opt-out names as data ("opt out of precise location data"), not just any noun."""
        marker = self.reader.opt_out.search(sentence)
        after = sentence[marker.end() : marker.end() + 60] if marker else ""
        if not INFORMATION_WORDS.search(after):
            return []
        return list(dict.fromkeys(m.key for m in self.book.find(after)))

    def facts(self, sentence: str, section: str) -> None:
        """Audience age, retention and the people the policy applies to, wherever the text states them."""
        age = AGE_LIMIT.search(sentence)
        if age and AUDIENCE.search(sentence) and CHILD_WORDS.search(sentence) and self.audience is None:
            self.audience = (age_of(age), quote(section, sentence))
        if not self.scope and (scope := SCOPE.search(sentence)):
            listed = scope.group("whether") or scope.group("applies") or scope.group("about")
            names = [n for n in (self.people_name(part) for part in re.split(r",|\bor\b|\band\b", listed)) if n]
            if len(names) >= 2:
                self.scope = [Caption(plural(n), 0, role_quote=quote(section, sentence)) for n in names]

    def unmatch(self, text: str, section: str, note: str) -> None:
        if all(u["text"] != text for u in self.unmatched):
            self.unmatched.append({"section": section, "text": text, "note": note})

    # -- subjects ---------------------------------------------------------------------------------------------
    def people_name(self, text: str, heading: bool = False) -> str | None:
        """The group of people ``text`` names ("Users of our Website", "job applicants"), or None."""
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
        if not words or (heading and len(words) > 9):
            return None
        if heading and (ROLE_WORDS.search(text) or section_kind(text, self.words["sections"]) in NOT_SUBJECT_SECTIONS):
            return None
        people = self.words["people"]
        found = [w for w in words if w in people]
        if not found or any(w in self.words["not_subjects"] for w in words[-2:]):
            return None
        stripped = re.sub(
            r"^(?:for|if you are an?|when you are an?|as an?|to|our|all|the|any)\s+",
            "",
            strip_numbering(text.strip()),
            flags=re.I,
        )
        tail = re.search(
            r"\b(?:from|about|of|for|by|regarding|concerning)\s+(?:our\s+|the\s+)?(?P<who>[^,;:]+)$", stripped
        )
        if tail and not any(w in people for w in re.findall(r"\w+", stripped[: tail.start()].lower())):
            return tail.group("who").strip(" .:")
        return stripped.strip(" .:;,") or None

    def condition_group(self, condition: str) -> str | None:
        """The group a condition names: "If you are a job applicant" → "job applicants"."""
        match = re.match(
            r"^(?:if|where|when)\s+you\s+are\s+(?:an?\s+|one of our\s+|our\s+)?(?P<who>.+)$", condition, re.I
        )
        name = self.people_name(match.group("who")) if match else None
        return plural(name) if name else None

    def add_caption(self, name: str, level: int) -> Caption:
        for caption in self.captions:
            if caption.name == name:
                caption.level = level
                return caption
        caption = Caption(name, level)
        role = next((m for _, h in reversed(self.sections) if (m := ROLE_WORDS.search(h))), None)
        if role:
            caption.role = role.group("role").lower()
            heading = next(h for _, h in reversed(self.sections) if ROLE_WORDS.search(h))
            caption.role_quote = {"section": self.section, "text": strip_numbering(heading)}
        self.captions.append(caption)
        return caption

    def fides_subject(self, name: str) -> str | None:
        people = self.words["people"]
        lower = name.lower()
        owner = re.match(r"^(?P<owner>.+?)[’']s?\s+\w+", lower)
        if any(w in lower.split() for w in self.words["prospect_words"]):
            return "prospect"
        scope = owner.group("owner") if owner and any(p in owner.group("owner") for p in people) else lower
        found = sorted((p for p in people if re.search(rf"\b{re.escape(p)}\b", scope)), key=len, reverse=True)
        return people[found[0]] if found else None

    # -- the policy file ------------------------------------------------------------------------------------
    def policy(self, source: str) -> dict[str, Any]:
        title, version, updated = self.title, find_version(self.document), find_date(self.document)
        subjects, assign = self.subjects()
        declarations = self.declarations(assign)
        exclusions = list(self.exclusions)
        if self.children:
            age, child_quote = self.children
            exclusions.insert(
                0,
                {
                    "id": f"no-children-under-{age}",
                    "subjects": [],
                    "categories": ["user.childrens"],
                    "quote": child_quote,
                },
            )
        policy: dict[str, Any] = {
            "policy_format": 1,
            "taxonomy": TAXONOMY_PIN,
            "organization": self.organization or "UNKNOWN (set the organisation's name)",
            "document": {"title": title or None, "version": version, "last_updated": updated, "source": source},
        }
        audience = self.audience or self.children
        if audience:
            policy["audience_min_age"], policy["audience_quote"] = audience
        policy["subjects"] = subjects
        policy["declarations"] = declarations
        if exclusions:
            policy["exclusions"] = exclusions
        if self.unmatched:
            policy["unmatched"] = self.unmatched
        return policy

    def subjects(self) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
        """Subject entries, and each found item's subject ids (by ``id(found)``)."""
        used = [c for c in self.captions if any(f.caption is c for f in self.found)]
        unscoped = [f for f in self.found if f.caption is None or f.caption not in used]
        audience = self.title_audience()
        named = {subject_key(c.name): c for c in used}
        # what no heading assigns is about whom the title names, whom the policy says it covers, or everyone
        everyone = [named.get(subject_key(c.name), c) for c in ([audience] if audience else self.scope)]
        if not everyone:
            fallback = self.everyone()
            everyone = [named.get(subject_key(fallback.name), fallback)]
        chosen = used + ([c for c in everyone if c not in used] if unscoped or not used else [])
        ids: set[str] = set()
        for caption in chosen:
            caption.id = unique(slug(re.sub(r"\s*\([^)]*\)", "", caption.name), 40, "_") or "subjects", ids)
        entries = []
        for caption in chosen:
            entry: dict[str, Any] = {"id": caption.id, "name": caption.name, "role": caption.role}
            if caption.role_quote:
                entry["role_quote"] = caption.role_quote
            fides = self.fides_subject(caption.name)
            if fides:
                entry["fides_subject"] = fides
            if caption.level == 0 and not caption.role_quote and not used and not self.scope:
                entry["description"] = "The policy names no separate groups of people: everyone whose data it covers."
            entries.append(entry)
        assign: dict[int, list[str]] = {}
        for found in self.found:
            if found.caption is not None and found.caption in used:
                assign[id(found)] = [found.caption.id]
            else:
                assign[id(found)] = [c.id for c in everyone]
                if used:
                    names = ", ".join(c.name for c in everyone)
                    found.notes.append(f"the text names no group of people for this item: drafted for {names}")
        return entries, assign

    def everyone(self) -> Caption:
        """The one subject of a policy that distinguishes no groups: named by the group word the text uses
        most ("users", "customers"), "Users" when it uses none."""
        text = self.document.text.lower()
        counts = {
            word: len(re.findall(rf"\b{re.escape(word)}\b", text))
            for word in self.words["people"]
            if word.endswith("s") and word not in self.words["not_subjects"] and word not in VAGUE_GROUPS
        }
        best = max(counts, key=lambda w: (counts[w], len(w)), default="")
        return Caption(best.capitalize() if best and counts[best] else "Users", 0)

    def title_audience(self) -> Caption | None:
        """The group of people the title is for: "Data protection notice for customers", "Applicant privacy notice"."""
        people = sorted(self.words["people"], key=len, reverse=True)
        for word in people:
            if match := re.search(rf"\b{re.escape(word)}\b", self.title, re.I):
                return Caption(match.group(0), 0, role_quote={"section": "", "text": self.title})
        return None

    def declarations(self, assign: dict[int, list[str]]) -> list[dict[str, Any]]:
        ids: set[str] = set()
        single = len({tuple(v) for v in assign.values()}) > 1
        result = []
        for found in self.found:
            subjects = assign[id(found)]
            prefix = initials(subjects[0]) + "-" if single and len(subjects) == 1 else ""
            group = found.group
            purposes = group.purposes or self.document_purposes
            entry: dict[str, Any] = {
                "id": unique(prefix + (slug(found.item, 40) or "item"), ids),
                "subjects": subjects,
                "categories": found.categories,
                "item": found.item,
                "purposes": list(purposes),
                "legal_basis": found.legal_basis + [b for b in group.legal_basis if b not in found.legal_basis],
                "retention": group.retention or self.retention,
                "quote": quote(found.section, found.quote),
            }
            if found.notes:
                entry["review"] = "; ".join(dict.fromkeys(found.notes))
            result.append(entry)
        return result


VAGUE_GROUPS = frozenset({"individuals", "contacts", "recipients", "representatives", "leads", "people"})
EXCLUSION_REVIEW = "the text says this is not collected: keep it only if it is a promise (findings become incorrect)"
NOTHING = Statement("none")
COOKIE_BANNER = re.compile(
    r"\bby (?:continuing|clicking|using|browsing|staying)\b|\baccept(?:ing)? (?:all )?cookies\b|"
    r"\bagree to (?:our|the) use of cookies\b|\bcookie (?:settings|preferences|banner)\b|"
    r"\bbest (?:possible )?experience\b",
    re.I,
)
NOT_SUBJECT_SECTIONS = ("sharing", "rights", "children", "security", "retention")
INFORMATION_WORDS = re.compile(r"\b(?:information|data|details|records|content|identifiers|particulars|pii)\b", re.I)


# ---------------------------------------------------------------------------------------------- helpers


EXAMPLE_MARKER = re.compile(
    r"^\s*(?:e\.\s?g\.?|i\.\s?e\.?|such as|including(?:,?\s*(?:but|without) (?:not )?limit(?:ed|ation)(?: to)?)?|"
    r"for example|for instance|incl\.|like)\s*[,:]?\s*",
    re.I,
)


ENUMERATION_STOP = re.compile(r"[;]|\s(?:to|so that|in order to|for the purposes?|when|if|because|who)\s", re.I)


LATER_ENUMERATION = re.compile(r",?\s*\b(?:which|that)\s+(?:may\s+)?(?:includes?|contains?)\b", re.I)


def enumeration_end(sentence: str, start: int, end: int) -> int:
    """Where an object with an enumeration really ends: the parser may stop it early ("…, including your IP
    address, browser type, pages viewed, and the date of your visit"), so it runs on to the end of the
    sentence, or to a clause that follows it."""
    bracket = re.match(r"\s*\(", sentence[end:])
    if bracket:  # "any special categories of data (this includes your race, …)"
        close = next((b for a, b in bracket_groups(sentence) if a == end + bracket.end() - 1), None)
        end = close + 1 if close is not None else end
    later = LATER_ENUMERATION.search(sentence, end)
    if not ENUMERATION.search(sentence[start:end]) and not later:
        return end
    stop = ENUMERATION_STOP.search(sentence, later.end() if later else end)
    return clean_item(sentence, start, stop.start() if stop else len(sentence))[1]


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """Offsets of the outermost matched "(…)" and "[…]" pairs."""
    groups, stack = [], []
    for i, ch in enumerate(text):
        if ch in "([":
            stack.append(i)
        elif ch in ")]" and stack:
            start = stack.pop()
            if not stack:
                groups.append((start, i))
    return groups


LEADING_CLAUSE = re.compile(r"^\s*(?:if|when|where|once|after|before|whenever)\b[^,]{0,120},\s*", re.I)


def without_brackets(text: str) -> str:
    """``text`` without its bracketed parts: "Name (first, last) and unique identifiers (e.g., username)" →
    "Name  and unique identifiers "."""
    kept, last = [], 0
    for start, end in bracket_groups(text):
        kept.append(text[last:start])
        last = end + 1
    return "".join([*kept, text[last:]])


def cut_tail(text: str) -> str:
    """An item's own words: "Your name associated with your mobile device" → "Your name", "if you buy Pro,
    your billing address" → "your billing address"."""
    text = LEADING_CLAUSE.sub("", text, count=1)
    tail = ITEM_TAIL.search(text)
    return text[: tail.start()] if tail and re.search(r"\w{3}", text[: tail.start()]) else text


DEMONSTRATIVE_LIST = re.compile(
    r"^(?:this|these|such information|such data|it|they)\s+(?:may\s+|can\s+|will\s+|might\s+)?(?:also\s+)?"
    r"(?:includes?|consists? of|comprises?|contains?|is|are|covers?)\b[^:]*:\s*$",
    re.I,
)


def is_bold_heading(block: Block) -> bool:
    """A paragraph that is nothing but a short bold line: a heading by another name."""
    words = block.text.split()
    return block.lead.rstrip(":.") == block.text.rstrip(":.") and len(words) <= 10 and not block.text.endswith(".")


def is_legal_basis(text: str, bases: Iterable[str]) -> bool:
    """ "Performance of a contract", "Your consent (if requested and provided)", "Cytrack’s legitimate interests"."""
    low = re.sub(r"\([^)]*\)", "", " ".join(text.lower().split())).strip(" ;,.")
    low = re.sub(r"^(?:your|our|the|\S+['’]s?)\s+", "", low)
    for basis in bases:
        if low.startswith(basis):
            rest = low[len(basis) :].split()
            return len(rest) <= 4 and not INFORMATION_WORDS.search(" ".join(rest))
    return False


def age_of(match: re.Match[str]) -> int:
    return int(match.group("age") or match.group("min") or match.group("least"))


def cell_parts(cell: tuple[str, ...], separators: str = ";") -> list[str]:
    """A table cell's purposes or legal bases: its list items, each split at ";" ("Contract; consent")."""
    return [clean(part[a:b]) for part in cell for a, b in split_top_level(part, separators=separators)]


def is_column_header(text: str) -> bool:
    """ "Data subject category Personal data Purposes Legal basis": the column names of a flattened table."""
    low = text.lower()
    named = [role for role, pattern in COLUMN_ROLES if role != "other" and re.search(pattern, low)]
    return len(named) >= 3


def column_role(header: str) -> str:
    low = header.lower()
    for role, pattern in COLUMN_ROLES:
        if re.search(pattern, low):
            return role
    return "other"


COLUMN_ROLES = (
    ("collected", r"^\s*(?:collected|collected\?|do we collect\??|collected \(yes/no\)|yes/no)\s*$"),
    ("basis", r"\bbasis\b|\blawful\b|\blegal ground"),
    ("retention", r"retention|retain|how long|storage period|kept for"),
    ("purpose", r"purpose|why we|\buse\b|\buses\b|how we use"),
    ("subject", r"data subject|subjects?\b|individual|whose|\bwho\b|people|persons?\b"),
    ("other", r"source|recipient|shared with|disclos|third part"),
    ("data", r"data|information|categor|what we collect|example|personal"),
)


def section_kind(heading: str, kinds: dict[str, list[str]]) -> str:
    low = heading.lower()
    hits = {kind: any(re.search(rf"\b{re.escape(w)}", low) for w in words) for kind, words in kinds.items()}
    if hits.get("collection"):
        return "collection"
    return next((kind for kind, hit in hits.items() if hit), "")


def strip_numbering(text: str) -> str:
    match = NUMBERING.match(text)
    return text[match.end() :] if match else text


def is_group_name(heading: str, name: str) -> bool:
    """The heading is nothing but the group's name ("End Users’ employees"), not a section with a topic."""
    return compact(strip_numbering(heading)).endswith(compact(name)) and len(compact(heading)) - len(compact(name)) <= 6


def run_in_heading(text: str, fmt: str) -> str:
    """A paragraph's opening label in plain text: "Do Not Track Signals. WE DO NOT …", "Account: You may …"."""
    if fmt != "text":
        return ""
    match = re.match(r"^(?P<lead>[A-Z][^.:!?()]{0,80}?)(?P<end>[.:])\s+(?=[A-Z“\"/])", text)
    if not match:
        return ""
    words = re.findall(r"[\w’'-]+", match.group("lead"))
    if not 1 <= len(words) <= 8 or words[0].lower() in SENTENCE_OPENERS:
        return ""
    return match.group("lead") if title_like(words) or (match.group("end") == ":" and len(words) <= 3) else ""


SENTENCE_OPENERS = frozenset({"we", "you", "our", "your", "they", "it", "this", "these", "if", "when", "where"})


def plural(name: str) -> str:
    """A group's name: "as a Customer, Reseller, visitor" names Customers, Resellers and visitors."""
    last = name.split()[-1]
    if not last.isalpha() or last.lower().endswith(("s", "staff", "personnel", "people")):
        return name
    return name[:-1] + "ies" if re.search(r"[^aeiou]y$", last) else name + "s"


def clean(text: str) -> str:
    start, end = clean_item(text, 0, len(text))
    return " ".join(text[start:end].split())


def quote(section: str, text: str) -> dict[str, str]:
    return {"section": section, "text": " ".join(text.split())}


def slug(text: str, limit: int, sep: str = "-") -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit and out:
            break
        out = f"{out}{sep}{word}" if out else word
    if sep == "_" and out and not out[0].isalpha():
        out = f"s_{out}"
    return out


def unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}" if "_" not in base else f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def initials(subject_id: str) -> str:
    return "".join(part[0] for part in subject_id.split("_") if part)[:4]


# ---------------------------------------------------------------------------------------------- output


def draft_policy(
    document: PolicyDocument, book: PhraseBook, source: str, organization: str | None = None
) -> dict[str, Any]:
    """The draft policy (a dict in the policy format) for ``document``; ``source`` is its path as written."""
    drafter = Drafter(document, book, organization)
    drafter.run()
    return drafter.policy(source)


class DraftDumper(yaml.SafeDumper):
    """Readable YAML: short lists and quotes on one line, shared lists as anchors, no line wrapping."""

    ANCHOR_TEMPLATE = "list%d"

    def ignore_aliases(self, data: Any) -> bool:
        return not (isinstance(data, list) and len(data) > 1)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, str) for v in data) and sum(len(v) + 2 for v in data) < 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = set(data) <= {"section", "text"} and len(data) == 2
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


DraftDumper.add_representer(list, _represent_list)
DraftDumper.add_representer(dict, _represent_dict)


def render_yaml(policy: dict[str, Any], source_name: str) -> str:
    """The draft as YAML, with a header that says what to do with it."""
    shared: dict[tuple[str, ...], list[str]] = {}
    for declaration in policy["declarations"]:
        for key in ("purposes", "legal_basis"):
            value = declaration[key]
            declaration[key] = shared.setdefault((key, *value), value) if value else value
    header = (
        f"# Drafted by `piiaudit policy draft` from {source_name}. A draft for review, not a translation:\n"
        "# check every declaration against its quote, settle each `review` note and `unmatched` sentence\n"
        "# (then delete them), and run `piiaudit policy check` on the result (docs/policy-draft.md).\n"
    )
    body = yaml.dump(policy, Dumper=DraftDumper, sort_keys=False, allow_unicode=True, width=100_000)
    return header + body


@dataclass
class Draft:
    """A drafted policy file and what a summary line says about it."""

    text: str
    declarations: int
    subjects: int
    exclusions: int
    reviews: int
    unmatched: int


def draft_file(
    path: Path,
    output: Path | None,
    phrases: Sequence[Path] = (),
    organization: str | None = None,
    fmt: str = "auto",
) -> Draft:
    """Draft a policy file from the privacy policy at ``path``; ``document.source`` is written relative to
    ``output`` (absolute without one). Raises OSError, UnicodeDecodeError or PhraseError."""
    document = read_document(path, fmt)
    book = load_phrase_book(default_taxonomy(), phrases)
    source = os.path.relpath(path.resolve(), output.resolve().parent) if output else str(path.resolve())
    policy = draft_policy(document, book, source, organization)
    reviews = sum("review" in d for key in ("declarations", "exclusions") for d in policy.get(key, []))
    return Draft(
        render_yaml(policy, path.name),
        len(policy["declarations"]),
        len(policy["subjects"]),
        len(policy.get("exclusions", [])),
        reviews,
        len(policy.get("unmatched", [])),
    )
