"""Shared fixtures: the sample corpus scanned once per session, and planted values read back from it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from piiaudit.detectors.registry import load_detectors
from piiaudit.scanner.cli import main
from piiaudit.scanner.engine.detection import Engine
from tests import corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
LABELS = SAMPLE / "expected_findings.csv"


@pytest.fixture(scope="session")
def detectors():
    return load_detectors()


@pytest.fixture
def engine(detectors):
    return Engine(detectors)


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> tuple[dict, Path, Path]:
    """``piiaudit scan sample_data --format json -o r.json --occurrences occ.jsonl``, run once."""
    out = tmp_path_factory.mktemp("sample")
    report, occurrences = out / "r.json", out / "occ.jsonl"
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLE), "--format", "json", "-o", str(report), "--occurrences", str(occurrences)]
    )
    assert result.exit_code == 0, result.output
    return json.loads(report.read_text()), report, occurrences


@pytest.fixture(scope="session")
def labels() -> list[dict[str, str]]:
    with LABELS.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def planted_values() -> set[str]:
    """Every full planted value of five characters or more, from sample_data/generate.py's builder (for leak checks).

    The builder returns each plant with its value, also where the labels give a position by row only (chat
    messages, log lines, call-centre exports); the corpus on disk is checked to be what it builds.
    """
    files, plants = corpus.build()
    stale = [name for name, data in files.items() if (SAMPLE / name).read_bytes() != data]
    assert not stale, f"sample_data differs from what generate.py builds: {stale}"
    return {plant.value for plant in plants if len(plant.value) >= 5}


# --- sample_data checked against the Cytrack policy (HTML report tests) -------------------------------
@pytest.fixture(scope="session")
def cytrack_result():
    """The audit of sample_data against the Cytrack policy and its scan configuration, through the API, once."""
    from piiaudit.scanner.app import audit

    policies = SAMPLE / "policies"
    return audit([SAMPLE], config_path=policies / "cytrack-scan.yaml", policy_path=policies / "cytrack.yaml")
