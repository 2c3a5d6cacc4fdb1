"""What a privacy policy says about itself: its title, organisation, version and date.

``policy draft`` writes these into ``document`` and ``organization``; each looks where policies
usually say it (a "Last updated …" line, ``Acme LLC (“Acme”)``, the page title).
"""

from __future__ import annotations

import re
from datetime import date

from piiaudit.scanner.policy.sentences import words as word_list
from piiaudit.scanner.policy.text import Block, PolicyDocument

POLICY_WORDS = re.compile(r"\b(?:privacy|policy|notice|statement|data protection)\b", re.I)
LEGAL_SUFFIX = (
    r"(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|GmbH|Pty Ltd|Pty\.? Ltd\.?|plc|PLC|Corp\.?|Corporation|S\.A\.|SAS|SARL|"
    r"B\.V\.|AG|AB|Oy|S\.r\.l\.|LLP|LP|Co\.|e\.\s?V\.|SE|S\.p\.A\.|K\.K\.|Pte\.? Ltd\.?|ApS|A/S|AS|ASA|N\.V\.)"
)
DEFINED_ORG = re.compile(
    r"(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.,-]*){0,5}(?:,?\s+" + LEGAL_SUFFIX + r")?)"
    r"\s*\(\s*(?:the\s+|also\s+|hereinafter\s+)?[“\"‘']+(?P<short>[^”\"’']{1,40})[”\"’']"
)
WE_MEANS = re.compile(r"[“\"]we[”\"][^.]{0,80}?\bmeans?\s+(?P<org>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4})")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
DATE_LABEL = re.compile(
    r"\b(?:last\s*(?:updated|modified|revised|amended|changed|reviewed)|effective(?:\s+date)?(?:\s+(?:as\s+)?of)?|"
    r"updated(?:\s+on)?|revised(?:\s+on)?|date of last revision|version date|valid from)\s*(?:on\s*)?[:\-–]?\s*",
    re.I,
)
VERSION = re.compile(r"^\W*version\b\s*[:#]?\s*(?P<version>[^,;()]{1,40}?)\s*(?:[,;(]|$)", re.I)


def heading_text(text: str) -> str:
    return text.strip().rstrip(".:").strip()


def title_blocks(document: PolicyDocument) -> list[Block]:
    blocks = []
    for block in document.blocks:
        if block.kind != "heading":
            break
        blocks.append(block)
    return blocks


def find_title(document: PolicyDocument) -> str:
    headings = [b.text for b in title_blocks(document) if not b.numbered]
    top = [b.text for b in document.blocks if b.kind == "heading" and b.level == 1][:3]
    for text in [*headings, *top, document.title]:
        if text and POLICY_WORDS.search(text) and not DATE_LABEL.search(text):
            return heading_text(text)
    return heading_text(headings[0]) if headings else heading_text(document.title)


def find_organization(document: PolicyDocument) -> str:
    """The organisation: a defined name ("Cytracom LLC (“Cytracom”)"), "“we” … means X", the page's site name,
    the page title's other part ("Kestrel Bank – Data protection notice") or the words before the title's
    policy words ("Cytrack Data Privacy Policy"); empty when none says it."""
    text = "\n".join(b.text for b in document.blocks[:60])
    for defined in DEFINED_ORG.finditer(text):
        org, short = defined.group("org").strip(" ,"), defined.group("short").strip()
        if len(re.sub(r"\W", "", org)) < 3:
            continue
        if short.lower() in word_list("not_organisation") or org.lower() in word_list("not_organisation"):
            continue
        if (
            re.search(LEGAL_SUFFIX + r"$", org)
            or short.lower() in ("company", "we", "us")
            or org.split()[0] == short.split()[0]
        ):
            return org
    if match := WE_MEANS.search(" ".join(b.text for b in document.blocks)):
        return match.group("org")
    if document.site_name:
        return document.site_name
    parts = [p.strip() for p in re.split(r"\s[|–—-]\s", document.title) if p.strip()]
    if len(parts) > 1 and (names := [p for p in parts if not POLICY_WORDS.search(p)]):
        return names[0]
    before = re.split(
        r"(?i)\b(?:data\s+|online\s+|website\s+|global\s+)?(?:privacy|data protection|cookie)\b", find_title(document)
    )[0]
    before = before.strip(" -–|:")
    return before if before and before[0].isupper() and len(before.split()) <= 5 else ""


def find_date(document: PolicyDocument) -> str | None:
    for block in document.blocks:
        for line in [block.text, *(p for c in block.cells for p in c)]:
            label = DATE_LABEL.search(line)
            if label and (found := parse_date(line[label.end() : label.end() + 40])):
                return found
    return None


def parse_date(text: str) -> str | None:
    """ "26 June 2018", "August 9th, 2019", "2019-08-09", "March 3, 2024" → ISO; None when there is no date."""
    text = text.strip().lower()
    if iso := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return valid_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    month = r"(?P<month>" + "|".join(m[:3] + r"[a-z]*\.?" for m in MONTHS) + r")"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    for pattern in (rf"{day}\s+(?:of\s+)?{month},?\s+{year}", rf"{month}\s+{day},?\s+{year}", rf"{month},?\s+{year}"):
        if m := re.match(pattern, text):
            number = next(i for i, name in enumerate(MONTHS, 1) if m.group("month").startswith(name[:3]))
            return valid_date(int(m.group("year")), number, int(m.groupdict().get("day") or 1))
    return None


def valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_version(document: PolicyDocument) -> str | None:
    for block in document.blocks:
        if len(block.text.split()) <= 12 and (match := VERSION.match(block.text)):
            return match.group("version").strip()
    return None
