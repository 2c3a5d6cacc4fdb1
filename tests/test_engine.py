"""The detection engine: column decisions, the shared column view, and the fast path against the thorough one."""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path

import pytest
from presidio_analyzer import Pattern

from bench.corpus import SOURCES, build_pools, write_source
from bench.crm_table import write_crm_table
from piiaudit.detectors.base import HAS_DIGIT, Detector
from piiaudit.detectors.column import Column
from piiaudit.detectors.email import EmailDetector
from piiaudit.scanner.engine.detection import (
    YOUNG_COLLECTION_ALLOCATIONS,
    Engine,
    Turns,
    collections_spaced,
    looks_like_free_text,
)
from piiaudit.scanner.model import FREE_TEXT, FieldBatch, FieldContext, Match
from piiaudit.scanner.run.local import Scan
from piiaudit.scanner.sources import discover


def occurrences_of(engine: Engine, folder: Path) -> list[tuple]:
    """Every occurrence a scan of ``folder`` finds, as comparable tuples."""
    found: list[tuple] = []
    scan = Scan(engine, on_occurrences=lambda occ: found.extend(sorted(map(astuple, occ))))
    result = scan.run(list(discover([folder])), [folder])
    assert [s.status for s in result.sources] == ["ok"] * (len(SOURCES) + 1)
    return found


@pytest.fixture(scope="module")
def bench_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's smallest corpus (250 kB, every source) and the CRM table of one column per entity."""
    folder = tmp_path_factory.mktemp("bench")
    pools = build_pools(seed=11)
    for spec in SOURCES:
        write_source(spec, folder, 250_000, 11, pools, lambda plants: None)
    write_crm_table(folder / "crm_table.csv", rows=600, seed=11)
    return folder


def test_fast_path_finds_every_occurrence_the_thorough_path_finds(detectors, bench_corpus: Path) -> None:
    """Shared column views, prefilters run by Arrow, skipped batches and the value cache change nothing:
    every detector on every value, one at a time, finds the same occurrences, with the same scores and reasons."""
    fast = occurrences_of(Engine(detectors), bench_corpus)
    thorough = occurrences_of(Engine(detectors, thorough=True), bench_corpus)
    assert len(fast) > 5_000
    assert {o[5] for o in fast} >= {"EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "STREET_ADDRESS", "IP_ADDRESS"}
    assert fast == thorough


@pytest.mark.parametrize(
    "sample",
    [
        ["10 Bruce Crescent, Perth 6071", "Flat 3, 482 Kemp Dr, Denver 80214", "25/220 Mcclain Rd, Hobart 7008"],
        ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"] * 3,
        ["Senior Account Manager, Corallink Pty Ltd", "Head of Customer Care, Corallink Pty Ltd"],
    ],
)
def test_values_of_many_capitalised_words_are_cells_not_prose(sample: list[str]) -> None:
    assert not looks_like_free_text(sample)


@pytest.mark.parametrize(
    "sample",
    [
        ["Requested a copy of the latest invoice.", "Spoke with Ann Lee about the renewal and the new plan."],
        ["Hi, my name is Sarah Jones and my number changed", "can you call me back on the mobile please"],
    ],
)
def test_values_that_read_like_sentences_are_prose(sample: list[str]) -> None:
    assert looks_like_free_text(sample)


@pytest.mark.parametrize("prefilter", [HAS_DIGIT, re.compile(r"\d[.:]|:[0-9A-Fa-f]"), re.compile(r"\w@\w"), None])
def test_a_columns_passing_values_are_those_pythons_re_finds(prefilter: re.Pattern[str] | None) -> None:
    values = ["no digits", "٣٤٥ Arabic-Indic digits", "10.1.2.3", "fe80::1", "a@b", "", "x:y", "１２ full-width"]
    for column in (Column(values), Column([*values, "\ud800 a lone surrogate 7"])):
        check_passing(column, prefilter)


def check_passing(column: Column, prefilter: re.Pattern[str] | None) -> None:
    values = column.values
    expected = [i for i, v in enumerate(values) if prefilter is None or prefilter.search(v)]
    assert set(expected) <= set(column.passing(prefilter))  # RE2 may let more through, never fewer
    joined, indices, starts = column.text(prefilter)
    assert indices == column.passing(prefilter)
    assert [joined[s : s + len(values[i])] for s, i in zip(starts, indices, strict=True)] == [
        values[i] for i in indices
    ]


class OldStyleDetector(Detector):
    """A detector written before ``find_column``: it overrides ``find_many`` only."""

    ENTITY, NAME = "TICKET", "ticket"
    PATTERNS = (Pattern("ticket", r"T-\d+", 0.9),)

    def find_many(self, values: Sequence[str], where: FieldContext = FREE_TEXT) -> list[list[Match]]:
        return [[Match(self.ENTITY, self.NAME, 0, len(v), 0.9, ("old",))] if v.startswith("T-") else [] for v in values]


def test_a_detector_written_before_column_views_is_asked_as_before() -> None:
    values = ["T-1", "nothing", "T-22"]
    where = FieldContext("ticket", False)
    assert OldStyleDetector().find_column(Column(values), where) == OldStyleDetector().find_many(values, where)
    email = EmailDetector()
    mails = ["write to ann@example.org", "none here", "bob@example.com"]
    assert [list(hits) for hits in email.find_column(Column(mails), where)] == [email.find(v, where) for v in mails]


class OfferedValues(Detector):
    """A detector that matches nothing and remembers every value it is asked about."""

    ENTITY, NAME = "NOTHING", "offered"
    PATTERNS = (Pattern("never", r"(?!)", 0.1),)

    def __init__(self) -> None:
        super().__init__()
        self.offered: list[str] = []

    def find_many(self, values: Sequence[str], where: FieldContext = FREE_TEXT) -> list[list[Match]]:
        self.offered.extend(values)
        return [[] for _ in values]


def test_a_column_is_asked_of_its_own_detector_first_and_what_it_claims_goes_no_further(detectors) -> None:
    spy = OfferedValues()
    engine = Engine([spy, *detectors])
    values = [f"customer{i}@example.org" for i in range(60)] + ["call 0412 345 678 after 5pm"]
    batch = FieldBatch("contact", list(range(1, 62)), values)
    turns = engine.turns(engine.field_context("crm.csv", batch))
    assert turns.owner == "email" and turns.order[0].NAME == "email"
    assert turns.order[1] is spy  # the others keep their registry order
    spy.offered.clear()  # what it saw while the column's sample was ranked
    found = engine.scan("crm.csv", batch)
    assert spy.offered == ["call 0412 345 678 after 5pm"]  # every e-mail address was claimed by the e-mail detector
    assert [(o.row, o.entity) for o in found if o.entity != "EMAIL_ADDRESS"] == [(61, "PHONE_NUMBER")]
    assert sum(o.entity == "EMAIL_ADDRESS" for o in found) == 60


def test_a_mixed_column_has_no_owner(detectors) -> None:
    engine = Engine(detectors)
    values = [f"customer{i}@example.org" for i in range(30)] + [f"+61 412 345 {i:03d}" for i in range(30)]
    turns = engine.turns(engine.field_context("crm.csv", FieldBatch("contact", list(range(1, 61)), values)))
    assert turns.owner is None
    assert {turns.order[0].NAME, turns.order[1].NAME} == {"email", "phone"}


def test_the_owners_whole_value_match_stands_alone_in_its_column() -> None:
    value = "4 Grace Kelly Parade"
    address = Match("STREET_ADDRESS", "street_address", 0, len(value), 0.75, ())
    name = Match("PERSON", "person", 2, 13, 0.95, ())
    assert Turns([], owner="street_address").resolve(value, [name, address]) == [address]
    assert Turns([], owner=None).resolve(value, [name, address]) == [name]  # elsewhere the most confident wins


def test_a_scan_spaces_the_garbage_collectors_runs_and_restores_them_after():
    before = gc.get_threshold()
    with pytest.raises(KeyError), collections_spaced():
        assert gc.get_threshold() == (YOUNG_COLLECTION_ALLOCATIONS, *before[1:])
        raise KeyError("a reader's failure")
    assert gc.get_threshold() == before
