"""Regular expressions are safe against catastrophic backtracking: pathological 1 MB inputs, with a time bound.

The bound is enforced by the test harness (pytest-timeout, signal method), not by timing inside the test:
a detector that backtracks catastrophically would run for minutes and be killed.
"""

from __future__ import annotations

import pytest

from piiaudit.detectors.registry import load_detectors
from piiaudit.scanner.model import FieldContext

MEGABYTE = 1_000_000
PATHOLOGICAL = {
    "letters": "a" * MEGABYTE,
    "digits": "1" * MEGABYTE,
    "digits-spaced": "1 " * (MEGABYTE // 2),
    "digits-dashed": "1-" * (MEGABYTE // 2),
    "digits-dotted": "1." * (MEGABYTE // 2),
    "at-signs": "a@" * (MEGABYTE // 2),
    "email-almost": "a." * (MEGABYTE // 2 - 1) + "@",
    "colons-hex": "ff:" * (MEGABYTE // 3),
    "angle-brackets": 'a "<' * (MEGABYTE // 4),
    "capitalised-words": "Ab " * (MEGABYTE // 3),
    "street-almost": "1 Aa " * (MEGABYTE // 5),
    "month-words": "12 March " * (MEGABYTE // 9),
}
REGEX_DETECTORS = [d for d in load_detectors() if d.NAME != "person"]


@pytest.mark.timeout(20, method="signal")
@pytest.mark.parametrize("detector", REGEX_DETECTORS, ids=lambda d: d.NAME)
def test_pathological_megabyte_inputs_finish(detector):
    for text in PATHOLOGICAL.values():
        for where in (FieldContext("notes", True), FieldContext("phone", False)):
            detector.find(text, where)
