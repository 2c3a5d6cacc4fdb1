"""One aggregator for both engines: parts summarised anywhere, in any order, merge into what one collector makes."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from piiaudit.scanner.engine.aggregation import FindingCollector, FindingParts
from piiaudit.scanner.model import Example, Occurrence

REASONS = ("pattern:email", "validated", "context:column:email", "context:text:mail")
DETAILS = (None, "public", "private")


@st.composite
def occurrence_streams(draw: st.DrawFn) -> list[tuple[int, int, Occurrence]]:
    """Occurrences in the order a source yields them, each with its (pos, seq) place in its record and value."""
    out = []
    for row in range(1, draw(st.integers(1, 12)) + 1):
        for pos in range(draw(st.integers(0, 2))):
            container = draw(st.sampled_from(("email", "notes")))
            for seq in range(draw(st.integers(1, 2))):
                reasons = tuple(draw(st.lists(st.sampled_from(REASONS), min_size=1, max_size=3, unique=True)))
                occ = Occurrence(
                    "crm.csv", container, row, 0, 5, "EMAIL_ADDRESS", "email",
                    draw(st.sampled_from((0.6, 0.85, 1.0))), f"{'abc'[seq]}***@example.com",
                    reasons, draw(st.sampled_from(DETAILS)),
                )  # fmt: skip
                out.append((pos, seq, occ))
    return out


@settings(max_examples=150, deadline=None)
@given(stream=occurrence_streams(), partitions=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_parts_merged_in_any_order_equal_the_collector(stream, partitions, seed):
    local = FindingCollector()
    local.add(occ for _, _, occ in stream)

    shuffled = list(stream)
    random.Random(seed).shuffle(shuffled)  # partitions see records in no particular order
    summaries: list[dict] = [{} for _ in range(partitions)]
    for n, (pos, seq, occ) in enumerate(shuffled):
        key = (occ.source, occ.container, occ.entity, occ.detector)
        parts = summaries[n % partitions].setdefault(key, FindingParts())
        parts.add((occ.row, pos, seq), occ.confidence, occ.masked, occ.reasons, occ.detail)
    merged = FindingCollector()
    rows = [(key, part) for summary in summaries for key, parts in summary.items() for part in parts.parts()]
    random.Random(seed + 1).shuffle(rows)
    for key, part in rows:
        merged.merge(key, part)

    assert merged.findings() == local.findings()


def test_a_finding_keeps_counts_best_confidence_first_rows_and_reasons_by_frequency():
    collector = FindingCollector()
    collector.add(
        Occurrence("a.log", None, row, 0, 3, "IP_ADDRESS", "ip_address", score, masked, reasons, detail)
        for row, score, masked, reasons, detail in (
            (4, 0.6, "10.***.***.***", ("pattern:ipv4",), "private"),
            (4, 0.9, "8.***.***.***", ("pattern:ipv4", "context:text:ip"), "public"),
            (7, 0.8, "8.***.***.***", ("context:text:ip", "pattern:ipv4"), "public"),
            (9, 0.7, "9.***.***.***", ("context:text:ip",), "public"),
            (12, 1.0, "1.***.***.***", ("context:text:ip",), "public"),
        )
    )
    (finding,) = collector.findings()
    assert (finding.occurrences, finding.confidence) == (5, 1.0)
    assert finding.examples == [Example(4, "10.***.***.***"), Example(7, "8.***.***.***"), Example(9, "9.***.***.***")]
    assert finding.reasons == ["context:text:ip ×4", "pattern:ipv4 ×3"]
    assert finding.details == {"private": 1, "public": 4}
