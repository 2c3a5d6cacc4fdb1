"""A privacy policy's own text, read into blocks: plain text, Markdown or a saved HTML page.

``read_document`` gives the headings, paragraphs, list items and table rows that ``policy draft``
reads; ``policy_text`` gives the text that quotes are checked against (the same words, so a quote
taken from a block is always found). Text that was saved as UTF-8 but read as Mac Roman or
Windows-1252 (``‚Äú``, ``â€™``) is repaired first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Sequences whose repair is not a plain re-encoding (the Cytracom seed mixes Mac Roman and Mac Central European).
MOJIBAKE = {"‚Äú": "“", "‚ÄĚ": "”", "‚Äù": "”", "‚Äô": "’", "‚Äò": "‘", "‚Äì": "–", "‚Äî": "—", "¬†": "\u00a0"}
MOJIBAKE_RUN = re.compile(r"[^\x00-\x7f]{2,}")
MOJIBAKE_CODECS = ("mac_roman", "mac_latin2", "cp1252")
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
# HTML elements whose content is never policy text: page furniture, scripts, forms, cookie banners
SKIPPED_TAGS = {
    "script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button", "select",
    "iframe", "object", "canvas", "aside", "head", "dialog",
}  # fmt: skip
SKIPPED_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search", "menu", "menubar"}
# id or class words of page furniture: "cookie-banner", "consent", "navbar", "site-footer" (not "has-sidebar")
SKIPPED_MARKERS = re.compile(
    r"^(?:cookies?|cookie-?(?:banner|bar|consent|notice|popup)|consent|gdpr|cc-window|onetrust|navbar|nav|navigation|"
    r"menu|main-menu|breadcrumbs?|sidebar|skip-?link|site-header|site-footer|page-footer|footer|header-nav)(?:[-_].*)?$",
    re.I,
)
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "base", "col", "embed", "param"}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption",
    "caption", "dl", "dt", "dd", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "body", "html", "center",
}  # fmt: skip
BULLET = re.compile(r"^\s*(?:[•·◦▪‣●○■□➢►✓✔*+]|-(?!-)|–|—|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s+")
NUMBERING = re.compile(
    r"^(?:(?P<section>\d{1,2}(?:\.\d{1,2})+)\.?|(?P<digit>\d{1,2})[.)]|(?P<roman>[ivx]{1,5})[.)]"
    r"|(?P<upper_roman>[IVX]{2,5})[.)]|(?P<upper>[A-Z])[.)]|(?P<lower>[a-z])[.)]|\((?P<paren>[a-z0-9]{1,3})\))\s+(?=\S)"
)
WORD = re.compile(r"[\w’'-]+")
WRAP_WIDTH_MAX = 120  # longer lines: the text keeps one paragraph per line


@dataclass
class Block:
    """One unit of the policy's layout."""

    kind: str  # "heading", "paragraph", "item" (a list item) or "row" (a table row)
    text: str
    level: int = 0  # heading level (1 is the top) or list depth (1 is the outermost list)
    lead: str = ""  # a bold run opening a paragraph or item ("Account data:"), marked up as such
    cells: tuple[tuple[str, ...], ...] = ()  # a row's cells, each the paragraphs or list items in it
    header: bool = False  # a table's header row
    numbered: bool = False  # a heading that carries its own number ("C.", "ii.", "2.1")


@dataclass
class PolicyDocument:
    path: Path
    format: str  # "text", "markdown" or "html"
    blocks: list[Block]
    title: str = ""  # an HTML page's <title>
    site_name: str = ""  # an HTML page's og:site_name
    text: str = field(default="", repr=False)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Mac Roman or Windows-1252: ``‚Äú`` → ``“``, ``â€™`` → ``’``."""
    for broken, fixed in MOJIBAKE.items():
        text = text.replace(broken, fixed)
    if text.isascii():
        return text
    return MOJIBAKE_RUN.sub(_repair_run, text)


@lru_cache(maxsize=1)
def _codec_tables() -> list[tuple[dict[str, int], str]]:
    """Character → byte for each code page; a byte a code page leaves undefined stands for itself (Latin-1)."""
    tables = []
    for codec in MOJIBAKE_CODECS:
        table = {}
        for byte in range(0x80, 0x100):
            try:
                table[bytes([byte]).decode(codec)] = byte
            except UnicodeDecodeError:
                table[chr(byte)] = byte
        tables.append((table, codec))
    return tables


def _repair_run(match: re.Match[str]) -> str:
    run, out, i = match.group(0), [], 0
    while i < len(run):
        fixed, used = _decode_at(run, i)
        out.append(fixed)
        i += used
    return "".join(out)


def _decode_at(run: str, i: int) -> tuple[str, int]:
    """The character a UTF-8 sequence misread as ``run[i:]`` stood for, or ``run[i]`` unchanged."""
    for table, _codec in _codec_tables():
        lead = table.get(run[i])
        if lead is None or not 0xC2 <= lead <= 0xF4:
            continue
        size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        tail = [table.get(c) for c in run[i + 1 : i + size]]
        if len(tail) != size - 1 or any(b is None or not 0x80 <= b <= 0xBF for b in tail):
            continue
        try:
            char = bytes([lead, *tail]).decode("utf-8")  # type: ignore[list-item]
        except UnicodeDecodeError:
            continue
        if _plausible(char):
            return char, size
    return run[i], 1


def _plausible(char: str) -> bool:
    """Punctuation, Latin letters and symbols: what a misread policy text stood for (never CJK)."""
    code = ord(char)
    return 0xA0 <= code <= 0x24F or 0x2000 <= code <= 0x214F


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without a BOM), else the encoding charset-normalizer finds."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("latin-1")


def sniff_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = text[:2000].lower()
    if "<!doctype html" in head or "<html" in head or "<body" in head:
        return "html"
    if re.search(r"^#{1,6} \S", text, re.M) or re.search(r"^\s*\|.*\|\s*$\n^\s*\|?\s*:?-{3,}", text, re.M):
        return "markdown"
    return "text"


def read_document(path: Path, fmt: str = "auto") -> PolicyDocument:
    """Read a policy file into blocks; ``fmt`` is "auto" (suffix, then content), "text", "markdown" or "html"."""
    path = Path(path)
    text = repair_mojibake(decode(path.read_bytes()))
    fmt = sniff_format(path, text) if fmt == "auto" else fmt
    if fmt == "html":
        parser = parse_page(text, drop_furniture=True)
        everything = parse_page(text, drop_furniture=False)
        if len(render(parser.blocks)) * 10 < len(render(everything.blocks)):
            parser = everything  # a class name took the policy with it ("content has-sidebar"): keep it all
        blocks = [repaired(b) for b in parser.blocks]
        return PolicyDocument(path, fmt, blocks, parser.title.strip(), parser.site_name, render(blocks))
    if fmt == "markdown":
        blocks = markdown_blocks(text)
        return PolicyDocument(path, fmt, blocks, text=render(blocks))
    return PolicyDocument(path, "text", text_blocks(text), text=text)


def parse_page(text: str, drop_furniture: bool) -> PageParser:
    parser = PageParser(drop_furniture)
    parser.feed(text)
    parser.close()
    return parser


def policy_text(path: Path) -> str:
    """The policy text quotes must be found in: the file itself, or the text of a Markdown or HTML page."""
    return read_document(path).text


def repaired(block: Block) -> Block:
    """HTML entities can spell mojibake too (``&acirc;&#128;&#153;``): repair after parsing."""
    block.text = repair_mojibake(block.text)
    block.lead = repair_mojibake(block.lead)
    block.cells = tuple(tuple(repair_mojibake(part) for part in cell) for cell in block.cells)
    return block


def render(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block.kind == "row":
            lines.extend(part for cell in block.cells for part in cell)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def fold(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------- plain text


def text_blocks(text: str) -> list[Block]:
    """Plain text: bullets ("•", "-", "1.") are items, short unpunctuated lines are headings, the rest paragraphs."""
    blocks: list[Block] = []
    for group in line_groups(text.splitlines()):
        for i, line in enumerate(group):
            numbered = NUMBERING.match(line.strip())
            before_bullet = (
                i + 1 < len(group) and BULLET.match(group[i + 1]) and not NUMBERING.match(group[i + 1].strip())
            )
            if numbered and is_heading_line(line, standalone=len(group) == 1 or bool(before_bullet)):
                blocks.append(Block("heading", fold(line), numbered=True))
                continue
            if bullet := BULLET.match(line):
                depth = 1 + (len(line) - len(line.lstrip())) // 4
                blocks.append(Block("item", fold(line[bullet.end() :]), level=min(depth, 3)))
                continue
            before_list = i + 1 < len(group) and bool(BULLET.match(group[i + 1]))
            if is_heading_line(line, standalone=len(group) == 1 or before_list):
                blocks.append(Block("heading", fold(line), numbered=bool(NUMBERING.match(line.strip()))))
            else:
                blocks.append(Block("paragraph", fold(line)))
    assign_heading_levels(blocks)
    return blocks


def line_groups(lines: list[str]) -> list[list[str]]:
    """Runs of lines between blank lines, one unit per line; a hard-wrapped text's lines are joined first."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line.rstrip())
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    if not is_hard_wrapped(lines):
        return groups
    width = max(len(line.rstrip()) for line in lines)
    return [unwrap(g, width) for g in groups]


def is_hard_wrapped(lines: list[str]) -> bool:
    """Text broken into lines of a fixed width (an e-mail, a README) rather than one paragraph per line."""
    lengths = [len(line.rstrip()) for line in lines if line.strip() and not BULLET.match(line)]
    if not lengths or max(lengths) > WRAP_WIDTH_MAX:
        return False
    return sum(n >= 0.6 * max(lengths) for n in lengths) * 2 >= len(lengths)


def unwrap(group: list[str], width: int) -> list[str]:
    """Join a wrapped paragraph's lines, and a bullet's indented continuation lines to the bullet.

    A line joins the one before only if that one ran to (near) the wrap ``width``: a short line such as
    "PRIVACY POLICY" ends its own unit."""
    units: list[str] = []
    previous = ""
    for line in group:
        wrapped = len(previous.rstrip()) >= 0.6 * width
        if BULLET.match(line) or not units:
            units.append(line)
        elif wrapped and continues(units[-1], line):
            units[-1] = f"{units[-1]} {line.strip()}"
        else:
            units.append(line)
        previous = line
    return units


def continues(unit: str, line: str) -> bool:
    """A wrapped line goes on ``unit``: an indented line after a bullet, any line after an unfinished sentence."""
    if BULLET.match(unit):
        return line[:1] in " \t"
    return not unit.rstrip().endswith((".", ":", "!", "?"))


def is_heading_line(line: str, standalone: bool) -> bool:
    """A short line that does not read as a sentence: "C. What data do we process and why?", "Users of our Website"."""
    text = line.strip()
    if not text or (BULLET.match(line) and not NUMBERING.match(text)):
        return False
    words = WORD.findall(text)
    numbered = NUMBERING.match(text)
    if not words or len(words) > (14 if numbered else 10) or text[-1] in ",;:" or not (text[0].isupper() or numbered):
        return False
    if text.endswith("."):
        return standalone and len(words) <= 8 and title_like(words)
    return standalone or not text.endswith((".", "!"))


def title_like(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in MINOR_WORDS]
    return bool(content) and sum(w[0].isupper() for w in content) * 3 >= len(content) * 2


MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "per", "the", "to",
     "via", "with", "your", "our", "its", "their", "we", "you", "us"}
)  # fmt: skip


def numbering_style(text: str) -> str:
    match = NUMBERING.match(text)
    if not match:
        return "plain"
    kind = next(k for k, v in match.groupdict().items() if v)
    punctuation = match.group(0).strip()[-1]
    return f"{kind}{punctuation}" if kind != "paren" else kind


def assign_heading_levels(blocks: list[Block]) -> None:
    """Plain-text heading levels by numbering style, in order of first appearance (as reStructuredText does).

    Headings before the first paragraph that carry no number (a logo, the title) do not take a level."""
    styles: list[str] = []
    seen_text = False
    for block in blocks:
        if block.kind != "heading":
            seen_text = True
            continue
        style = numbering_style(block.text)
        if not seen_text and style == "plain":
            block.level = 1
            continue
        seen_text = True  # a numbered heading starts the body
        if style == "section":
            block.level = block.text.split()[0].rstrip(".").count(".") + 1
            continue
        if style not in styles:
            styles.append(style)
        block.level = styles.index(style) + 1


# ---------------------------------------------------------------------------------------------- Markdown


def markdown_blocks(text: str) -> list[Block]:
    """Markdown (CommonMark and GitHub tables) read with markdown-it-py; inline markup is dropped."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    depth, in_item, row = 0, 0, None
    cells: list[tuple[str, ...]] = []
    header = False
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "thead_open":
            header = True
        elif token.type == "thead_close":
            header = False
        elif token.type == "tr_open":
            row, cells = True, []
        elif token.type == "tr_close":
            blocks.append(Block("row", " ".join(" ".join(c) for c in cells), cells=tuple(cells), header=header))
            row = None
        elif token.type == "inline":
            text_, lead = inline_text(token)
            opener = tokens[i - 1].type if i else ""
            if row:
                cells.append(tuple(part for part in re.split(r"\s*<br\s*/?>\s*", text_) if part))
            elif opener == "heading_open":
                level = int(tokens[i - 1].tag[1])
                blocks.append(Block("heading", text_, level=level, numbered=bool(NUMBERING.match(text_))))
            elif text_:
                kind = "item" if in_item else "paragraph"
                blocks.append(Block(kind, text_, level=depth if in_item else 0, lead=lead))
    return blocks


def inline_text(token: Token) -> tuple[str, str]:
    """The words of an inline run, and its leading bold text where it opens with one."""
    parts: list[str] = []
    lead, in_lead = "", False
    for child in token.children or []:
        if child.type in ("strong_open",) and not "".join(parts).strip():
            in_lead = True
        elif child.type == "strong_close" and in_lead:
            lead, in_lead = fold("".join(parts)), False
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline" and re.fullmatch(r"<br\s*/?>", child.content.strip(), re.I):
            parts.append("<br>")
    text = fold("".join(parts))
    return text, lead


# ---------------------------------------------------------------------------------------------- HTML


class PageParser(HTMLParser):
    """A saved web page's policy text: navigation, scripts, forms, footers and cookie banners are dropped."""

    def __init__(self, drop_furniture: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.drop_furniture = drop_furniture  # drop elements whose id or class names page furniture
        self.blocks: list[Block] = []
        self.title = ""
        self.site_name = ""
        self.buffer: list[str] = []
        self.stack: list[str] = []  # open block-level tags
        self.skip_depth = 0  # > 0 inside an element that is dropped
        self.skip_stack: list[str] = []
        self.in_title = False
        self.lead: str | None = None  # text collected for a bold run that opened the current block
        self.lead_result = ""
        self.row: list[tuple[str, ...]] | None = None
        self.cell: list[str] | None = None
        self.row_tags: list[str] = []
        self.in_thead = False
        self.list_depth = 0

    # -- skipping -----------------------------------------------------------------------------------------
    def skipped(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in SKIPPED_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return True
        if (attrs.get("role") or "") in SKIPPED_ROLES:
            return True
        style = (attrs.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        if tag == "header" and not {"main", "article"} & set(self.stack):
            return True
        marker = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
        words = marker.split()
        return (
            self.drop_furniture
            and tag not in ("body", "html", "main", "article")
            and any(SKIPPED_MARKERS.match(word) for word in words)
        )

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "meta" and attrs.get("property") == "og:site_name":
            self.site_name = (attrs.get("content") or "").strip()
        if self.skip_depth:
            if tag not in VOID_TAGS:
                self.skip_depth += 1
            return
        if tag == "title":
            self.in_title = True
            return
        if tag not in VOID_TAGS and self.skipped(tag, attrs):
            self.flush()
            self.skip_depth = 1
            return
        if tag in ("strong", "b") and self.lead is None and not "".join(self.buffer).strip():
            self.lead = ""
        elif tag == "br":
            if self.cell is not None:
                self.flush()
            else:
                self.buffer.append(" ")
        elif tag in BLOCK_TAGS:
            self.open_block(tag)

    def open_block(self, tag: str) -> None:
        self.flush()
        if tag in ("ul", "ol"):
            self.list_depth += 1
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.row, self.row_tags = [], []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.row_tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag not in VOID_TAGS:
                self.skip_depth -= 1
            return
        if tag == "title":
            self.in_title = False
            return
        if tag in ("strong", "b") and self.lead is not None and not self.lead_result:
            self.lead_result = fold(self.lead) or " "
            return
        if tag not in BLOCK_TAGS or tag not in self.stack:
            return
        self.flush()
        while self.stack:
            open_tag = self.stack.pop()
            self.close_block(open_tag)
            if open_tag == tag:
                break

    def close_block(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.list_depth -= 1
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(tuple(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                header = self.in_thead or all(t == "th" for t in self.row_tags)
                text = " ".join(" ".join(c) for c in self.row)
                self.blocks.append(Block("row", text, cells=tuple(self.row), header=header))
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self.buffer.append(data)
            if self.lead is not None and not self.lead_result:
                self.lead += data

    def current_kind(self) -> tuple[str, int]:
        for tag in reversed(self.stack):
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                return "heading", int(tag[1])
            if tag == "li":
                return "item", max(self.list_depth, 1)
        return "paragraph", 0

    def flush(self) -> None:
        text = fold("".join(self.buffer))
        lead = self.lead_result.strip() if self.lead_result else ""
        self.buffer, self.lead, self.lead_result = [], None, ""
        if not text:
            return
        if self.cell is not None:
            self.cell.append(text)
            return
        if self.row is not None:
            return  # text between cells
        kind, level = self.current_kind()
        numbered = kind == "heading" and bool(NUMBERING.match(text))
        self.blocks.append(Block(kind, text, level=level, lead=lead if kind != "heading" else "", numbered=numbered))

    def close(self) -> None:
        super().close()
        self.flush()
