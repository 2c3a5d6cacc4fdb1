"""Datasets: files of one shape (per-call records, rotated logs, Hive partitions, dated exports) scanned as one."""

from __future__ import annotations

import gzip
import json
import uuid
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from piiaudit.scanner.app import audit
from piiaudit.scanner.cli import main
from piiaudit.scanner.sources import discover
from piiaudit.scanner.sources.datasets import NamePattern, format_name

NAMES = ["Sarah Connor", "Priya Patel", "Michael Chen", "Aisha Khan"]


def cdr(i: int) -> dict:
    """A FreeSWITCH JSON CDR (mod_json_cdr, values URL-encoded) with unique values."""
    return {
        "core-uuid": "5b7a2f0e-0c1d-4a55-9d1e-2b6f3c4d5e6f",
        "variables": {
            "uuid": str(uuid.UUID(int=i + 1)),
            "sip_from_user": f"%2B6141234{i:04d}",
            "sip_from_display": NAMES[i % 4].replace(" ", "%20"),
            "sip_network_ip": f"203.0.113.{i % 250 + 1}",
        },
        "callflow": [{"caller_profile": {"caller_id_number": f"%2B6141234{i:04d}"}}],
    }


def write_tree(root: Path, calls: int = 12, logs: int = 4, days: int = 3) -> Path:
    """Per-call CDRs, rotated logs (plain, numbered, dated and compressed), a Hive-partitioned table,
    dated CSV exports (one with other columns) and a lone file."""
    cdrs = root / "freeswitch" / "json_cdr"
    cdrs.mkdir(parents=True)
    for i in range(calls):
        (cdrs / f"{uuid.UUID(int=10_000 + i)}.cdr.json").write_text(json.dumps(cdr(i)))
    logs_dir = root / "logs"
    logs_dir.mkdir()
    line = "2026-11-30 10:00:0{n} INFO login user=u{n}@example.com ip=198.51.100.{n}\n"
    (logs_dir / "app.log").write_text(line.format(n=0))
    for n in range(1, logs):
        (logs_dir / f"app.log.{n}").write_text(line.format(n=n))
    with gzip.open(logs_dir / "app-2026-11-29.log.gz", "wt") as handle:
        handle.write(line.format(n=9))
    for day in range(1, days + 1):
        part = root / "events" / f"date=2026-11-{day:02d}"
        part.mkdir(parents=True)
        table = pa.table({"email": [f"e{day}-{i}@example.org" for i in range(5)], "n": list(range(5))})
        pq.write_table(table, part / "part-00000.parquet")
    exports = root / "exports"
    exports.mkdir()
    for day in range(1, 4):
        (exports / f"export-2026-12-{day:02d}.csv").write_text(f"id,email\n1,x{day}@example.com\n")
    (exports / "export-2026-12-09.csv").write_text("id,phone\n1,+61 412 345 678\n")  # other columns
    (root / "crm.csv").write_text("id,email\n1,lone@example.com\n")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "data")


def datasets_of(root: Path, **options) -> dict[str, str]:
    return {s.uri: s.dataset for s in discover([root], **options)}


def test_files_of_one_shape_form_one_dataset_each(tree):
    datasets = datasets_of(tree)
    assert set(datasets.values()) == {
        "freeswitch/json_cdr/*.cdr.json",
        "logs/app*.log",
        "events/date=*/part*.parquet",
        "exports/export*.csv",
        "exports/export-2026-12-09.csv",  # other columns: on its own
        "crm.csv",
    }
    assert datasets["logs/app-2026-11-29.log.gz"] == datasets["logs/app.log.3"] == datasets["logs/app.log"]
    assert datasets["crm.csv"] == "crm.csv"
    assert datasets_of(tree, datasets=False) == {uri: uri for uri in datasets}


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("app.log", "app.log"),
        ("app.log.12", "app*.log"),
        ("app.log.2.gz", "app*.log"),
        ("app.log-20261130", "app*.log"),
        ("app-2026-11-30T23-59-59Z.log", "app*.log"),
        ("part-00003-0f3c2a91-9a1b-4c1e-8d2f-7a6b5c4d3e2f-c000.snappy.parquet", "part*-c000.snappy.parquet"),
        ("cdr_1f3a9b2c7d.csv", "cdr*.csv"),
        ("q3_report.csv", "q3_report.csv"),  # a number glued to letters is part of the name
        ("deadbeef.json", "deadbeef.json"),  # a word of hexadecimal letters is not an id
    ],
)
def test_the_varying_parts_of_a_name(name, pattern):
    parsed = NamePattern.of(name)
    assert parsed.glob(parsed.slots) == pattern


def test_a_rotated_or_compressed_name_has_its_base_names_format():
    assert format_name("Master.csv.1") == "Master.csv"
    assert format_name("app.log.2.gz") == "app.log"
    assert format_name("report.2026") == "report.2026"  # no format suffix before it: not a rotation


def test_a_finding_is_per_dataset_and_its_examples_name_their_files(tree):
    result = audit([tree])
    cdrs = [f for f in result.findings if f.source == "freeswitch/json_cdr/*.cdr.json"]
    caller = next(f for f in cdrs if f.container == "variables.sip_from_user")
    assert caller.files == 12 and caller.occurrences == 12
    assert [e.file for e in caller.examples] == sorted(e.file for e in caller.examples)
    assert all(e.file and e.file.startswith("freeswitch/json_cdr/") and e.row == 1 for e in caller.examples)
    events = next(f for f in result.findings if f.source == "events/date=*/part*.parquet")
    assert (events.files, events.occurrences) == (3, 15)
    logs = [f for f in result.findings if f.source == "logs/app*.log" and f.entity == "EMAIL_ADDRESS"]
    assert logs[0].files == 5
    assert len(result.sources) == 12 + 5 + 3 + 4 + 1  # results stay per file
    assert {s.dataset for s in result.sources if s.uri.startswith("events/")} == {"events/date=*/part*.parquet"}


def test_errors_are_reported_per_file(tree):
    (tree / "freeswitch" / "json_cdr" / f"{uuid.UUID(int=99)}.cdr.json").write_text('{"variables": ')
    result = audit([tree])
    broken = [s for s in result.sources if s.status == "error"]
    assert [(s.uri, s.dataset) for s in broken] == [
        (f"freeswitch/json_cdr/{uuid.UUID(int=99)}.cdr.json", "freeswitch/json_cdr/*.cdr.json")
    ]


def test_workers_give_the_findings_of_one_process(tree):
    one, many = audit([tree]), audit([tree], workers=3)
    assert many.findings == one.findings and many.sources == one.sources


def test_a_file_joining_a_dataset_keeps_the_baseline(tree, tmp_path):
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    assert runner.invoke(main, ["baseline", "create", str(tree), "-o", str(baseline)]).exit_code == 0
    (tree / "freeswitch" / "json_cdr" / f"{uuid.UUID(int=77)}.cdr.json").write_text(json.dumps(cdr(77)))
    (tree / "logs" / "app.log.9").write_text("2026-11-20 login user=late@example.com\n")
    pq.write_table(pa.table({"email": ["new@example.org"], "n": [1]}), tree / "events" / "part.parquet")
    (tree / "events" / "date=2026-12-24").mkdir()
    pq.write_table(
        pa.table({"email": ["xmas@example.org"], "n": [1]}), tree / "events/date=2026-12-24/part-00000.parquet"
    )
    result = runner.invoke(main, ["scan", str(tree), "--baseline", str(baseline), "--format", "json"])
    report = json.loads(result.output)
    new = [(f["source"], f["container"]) for f in report["findings"] if f["baseline"] == "new"]
    assert new == [("events/part.parquet", "email")]  # not in the partitions: a file of its own
    assert report["baseline"]["resolved"] == []


def test_a_checkpoint_skips_the_files_done(tree, tmp_path):
    checkpoint = tmp_path / "scan.checkpoint"
    sources = list(discover([tree]))
    from piiaudit.scanner.run.checkpoint import Checkpoint

    first = audit([tree])
    state = Checkpoint(checkpoint, {"scan": "datasets"})
    for source, outcome in zip(sources, first.sources, strict=True):
        state.record(source, outcome, [])
    again = Checkpoint(checkpoint, {"scan": "datasets"})
    assert all(again.finished(source) is not None for source in sources)
    (tree / "logs" / "app.log").write_text("changed\n")
    changed = [s.uri for s in sources if again.finished(s) is None]
    assert changed == ["logs/app.log"]


def test_the_configuration_turns_datasets_off(tree, tmp_path):
    config = tmp_path / "piiaudit.yaml"
    config.write_text("datasets: false\n")
    result = audit([tree], config_path=config)
    assert all(s.dataset == s.uri for s in result.sources)
    assert {f.files for f in result.findings} == {1}
    assert audit([tree], datasets=False).findings == result.findings


def test_eval_survives_a_damaged_zip(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "people.csv").write_text("email\nann@example.com\n")
    (corpus / "damaged.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(corpus / "ok.zip", "w") as archive:
        archive.writestr("inner.csv", "email\nbob@example.com\n")
    (corpus / "expected_findings.csv").write_text(
        "source,container,row,entity\npeople.csv,email,1,EMAIL_ADDRESS\nok.zip!inner.csv,email,1,EMAIL_ADDRESS\n"
    )
    result = CliRunner().invoke(main, ["eval", str(corpus), "--no-presidio"])
    assert result.exit_code == 0, result.output
    assert "AttributeError" not in result.output
    email = next(line for line in result.output.splitlines() if "EMAIL_ADDRESS" in line)
    assert "1.00" in email


def test_a_subject_bound_to_a_file_binds_its_dataset():
    from piiaudit.scanner.model.settings import SubjectBinding

    binding = SubjectBinding("logs/app.log", "website_users")
    assert binding.matches("logs/app*.log", None) and binding.matches("logs/app.log", None)
    assert not binding.matches("logs/other*.log", None) and not SubjectBinding("logs/*.csv", "x").matches(
        "logs/app*.log", None
    )
