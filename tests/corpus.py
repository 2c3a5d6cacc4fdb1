"""The sample corpus as sample_data/generate.py builds it in memory: every file's bytes and every planted value."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@functools.cache
def build() -> tuple[dict[str, bytes], list[Any]]:
    """(file name relative to sample_data → bytes, the ``Plant``s with their values), built once per process."""
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generate  # dataclasses look their module up
    spec.loader.exec_module(generate)
    return generate.build_corpus()
