"""RE2 filters find something wherever Python's pattern does (detectors/re2_filter.py)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from piiaudit.detectors.column import FILTER_MIN_CHARS, SEPARATORS, Column, squash
from piiaudit.detectors.re2_filter import CASE_EXTRAS, any_of, re2_filter
from piiaudit.detectors.registry import load_detectors
from piiaudit.scanner.model import FieldContext

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
TRICKY = [
    "İBAN DE89 3704 0044 0532 0130 00",  # a dotted capital I: Python's re.IGNORECASE matches it with "i"
    "born ſeptember 1, 1980",  # long s
    "\u212aelvin sign",
    "call\u00a0+61\u00a0412\u00a0345\u00a0678",
    "٣٤٥-٦٧٨-٩٠١٢ Arabic-Indic digits",
    "１２３ full-width digits",
    "Ñoño Muñoz <nono@example.es>",
    "ip=10.0.0.1\tuser=jane_doe@example.com\r\n",
    "tab\tseparated\x0bvertical tab",
    "é10.0.0.1é ключ4111 1111 1111 1111ключ ٣0412 345 678٣ _2001:db8::1_",  # word characters beyond ASCII
    "",
]


def finds(re2: str, texts: list[str]) -> list[bool]:
    return pc.match_substring_regex(pa.array(texts, pa.string()), re2).to_pylist()


def test_ignoring_case_python_matches_an_ascii_letters_two_cases_and_the_listed_extras() -> None:
    codes = [c for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    for letter in string.ascii_lowercase:
        pattern = re.compile(letter, re.IGNORECASE)
        matched = {chr(c) for c in codes if pattern.fullmatch(chr(c))}
        assert matched == {letter, letter.upper(), *CASE_EXTRAS.get(letter, "")}, letter


def corpus_lines() -> list[str]:
    lines = list(TRICKY)
    for path in sorted(SAMPLE_DATA.rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".jsonl", ".json", ".log", ".txt", ".xml", ".ndjson"}:
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines


LINES = corpus_lines()


@pytest.mark.parametrize("detector", load_detectors(), ids=lambda d: d.NAME)
def test_each_detectors_filter_finds_every_line_its_patterns_match(detector) -> None:
    compiled = [re.compile(p.regex, detector.FLAGS) for p in detector.PATTERNS]
    combined = any_of(compiled)
    assert combined is not None, "every built-in pattern has a filter"
    passed = finds(combined, LINES)
    for line, ok in zip(LINES, passed, strict=True):
        if not ok:
            assert not any(p.search(line) for p in compiled), (detector.NAME, line[:80])
    assert not all(passed) or detector.NAME in WHOLE_VALUE_DETECTORS  # it does filter something out


WHOLE_VALUE_DETECTORS = {"gender", "plaintext_password", "security_answer"}  # a whole value, any value


def test_what_re2_cannot_say_is_widened_and_what_it_cannot_widen_gives_no_filter() -> None:
    boundary = re2_filter(re.compile(r"\bcat\b"))  # at the edges, next to word characters: kept
    assert boundary is not None and finds(boundary, ["concatenate", "a cat.", "cat", "écat", "dog"]) == [
        False, True, True, True, False,  # "écat": RE2 reads \w as ASCII, so it admits more than Python here
    ]  # fmt: skip
    inside = re2_filter(re.compile(r"con\bcat"))  # elsewhere: left out
    assert inside is not None and finds(inside, ["concat"]) == [True]
    behind = re2_filter(re.compile(r"(?<!\d)\d{3}(?![\d.]|-\d)"))  # one character at the edges: kept
    assert behind is not None and finds(behind, ["x1234", "x123y", "123", "123.4", "123-4", "12"]) == [
        False, True, True, False, True, False,  # "123-4": a two-character lookahead is left out
    ]  # fmt: skip
    wrong_way = re2_filter(re.compile(r"(?=\d)\d{3}(?<=\d)"))  # a lookahead at the start: left out
    assert wrong_way is not None and finds(wrong_way, ["1234"]) == [True]
    ignoring = re2_filter(re.compile("iban", re.IGNORECASE))
    assert ignoring is not None and finds(ignoring, ["İBAN", "IBAN", "ban"]) == [True, True, False]
    assert re.search("iban", "İBAN", re.IGNORECASE)  # Python agrees; RE2's own (?i) would not
    negated = re2_filter(re.compile(r"[^\s;]+=\d"))
    assert negated is not None and finds(negated, ["key=1", "; =1"]) == [True, False]
    assert re2_filter(re.compile(r"(a)?(?(1)b|c)")) is None  # a conditional group: no filter


def test_a_column_narrows_values_by_patterns_and_context_words() -> None:
    dob = next(d for d in load_detectors() if d.NAME == "date_of_birth")
    filler = "nothing to see here " * 40
    values = [f"{filler} born 1980-01-02", f"{filler} logged at 2026-01-02", f"{filler} dob unknown", filler] * 20
    assert sum(map(len, values)) >= FILTER_MIN_CHARS
    column = Column(values)
    _, indices, _ = column.text(dob.PREFILTER, dob._filter, dob.CONTEXT)
    assert indices == [i for i in range(len(values)) if i % 4 == 0]  # a date and a context word
    _, indices, _ = column.text(dob.PREFILTER, dob._filter)
    assert indices == [i for i in range(len(values)) if i % 4 in (0, 1)]  # a date


def test_squash_is_the_separator_rule_over_every_code_point() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for text in (everything, "Ph: +61 (0)412-345", "\u212aELVIN İstanbul ſms", ""):
        assert squash(text) == SEPARATORS.sub("", text.lower())


@pytest.mark.parametrize("detector", [d for d in load_detectors() if d.CONTEXT_PATTERNS], ids=lambda d: d.NAME)
def test_every_hit_of_a_context_pattern_needs_context(detector) -> None:
    hits = [
        line[start:end]
        for line in LINES
        for name, start, end, _ in detector.candidates(line)
        if name in detector.CONTEXT_PATTERNS
    ]
    assert hits and all(detector.requires_context(hit) for hit in hits)


def test_without_a_context_word_values_only_a_context_pattern_matches_are_not_read() -> None:
    caller_id = next(d for d in load_detectors() if d.NAME == "caller_id")
    values = [f"2026-10-{day % 28 + 1:02d}T12:{day % 60:02d}:00+10:00 +61 2 9252 {day:04d}" for day in range(2000)]
    values[777] = 'queued "Jane Roe" <+61 2 9252 0631>'
    assert sum(map(len, values)) >= FILTER_MIN_CHARS
    column = Column(values)
    found = caller_id.find_column(column, FieldContext("started", free_text=False))
    assert [i for i, hits in enumerate(found) if hits] == [777]
    _, read, _ = column.text(caller_id.PREFILTER, caller_id._filter_without_context)
    assert read == [777]  # the bare numbers, which would need a context word, were not searched
    mentioned = Column([*values[:777], "caller id +61 2 9252 0632", *values[778:]])
    found = caller_id.find_column(mentioned, FieldContext("started", free_text=False))
    assert 777 in [i for i, hits in enumerate(found) if hits]  # with the word, a bare number counts
