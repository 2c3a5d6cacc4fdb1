"""Coverage-guided fuzzing (atheris, libFuzzer) of the properties in tests/test_fuzz.py, for long runs outside CI.

    pip install -e '.[fuzz]'
    python -m tests.fuzz_atheris test_csv_with_hostile_cells -max_total_time=600

Any test of tests/test_fuzz.py that pytest does not parametrize can be named; hypothesis turns libFuzzer's
bytes into the test's inputs (``fuzz_one_input``), and libFuzzer keeps the inputs that reach new code.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["piiaudit"]):
    from tests import test_fuzz


def main() -> None:
    if len(sys.argv) < 2 or not hasattr(getattr(test_fuzz, sys.argv[1], None), "hypothesis"):
        sys.exit("usage: python -m tests.fuzz_atheris TEST [libFuzzer options]  (TEST: a test of tests/test_fuzz.py)")
    test = getattr(test_fuzz, sys.argv[1])
    atheris.Setup([sys.argv[0], *sys.argv[2:]], test.hypothesis.fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
