"""Faults: compressed and hostile archives, vanishing and changing files, unwritable outputs, Ctrl-C and resuming."""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.engine.detection import Engine
from piiaudit.scanner.run.local import Scan
from piiaudit.scanner.sources import discover
from piiaudit.scanner.sources.archives import MAX_RATIO

from .conftest import SAMPLE

PIIAUDIT = str(Path(sys.executable).with_name("piiaudit"))


def scan_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["scan", *args, "--format", "json"])
    return result.exit_code, json.loads(result.output)


# --- compressed inputs ----------------------------------------------------------------------------
def test_gzip_and_zip_members_are_scanned_like_files(tmp_path):
    crm = (SAMPLE / "crm_customers.csv").read_bytes()
    (tmp_path / "crm.csv.gz").write_bytes(gzip.compress(crm))
    with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2026/crm.csv", crm)
        archive.writestr("2026/app.log", (SAMPLE / "app.log").read_bytes())
        archive.writestr("readme.md", "not scanned")
    status, report = scan_json(str(tmp_path))
    assert status == 0
    assert {s["uri"]: s["kind"] for s in report["sources"]} == {
        "crm.csv.gz": "csv",
        "export.zip!2026/crm.csv": "csv",
        "export.zip!2026/app.log": "text",
    }
    emails = {f["source"]: f["occurrences"] for f in report["findings"] if f["container"] == "email"}
    assert emails == {"crm.csv.gz": 100, "export.zip!2026/crm.csv": 100}
    assert not list(Path("/tmp").glob("piiaudit-archive-*")), "decompressed copies must be removed"


def test_zip_bomb_and_path_traversal_are_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.csv", b"email\n" + b"0" * (50 * 1024 * 1024))  # ~50 KB compressed
        archive.writestr("../../etc/passwd.txt", "root:x:0:0 ann@example.com")
        archive.writestr("/abs/evil.csv", "email\nann@example.com\n")
        archive.writestr("ok.csv", "email\nbob@example.com\n")
    (tmp_path / "bomb.csv.gz").write_bytes(gzip.compress(b"a," * (30 * 1024 * 1024)))
    status, report = scan_json(str(tmp_path))
    assert status == 3
    sources = {s["uri"]: s for s in report["sources"]}
    assert "decompression bomb" in sources["bomb.zip!huge.csv"]["error"]
    assert "decompression bomb" in sources["bomb.csv.gz"]["error"]
    assert "climbs out" in sources["bomb.zip!../../etc/passwd.txt"]["error"]
    assert "absolute path" in sources["bomb.zip!/abs/evil.csv"]["error"]
    assert sources["bomb.zip!ok.csv"]["status"] == "ok"
    assert [f["source"] for f in report["findings"]] == ["bomb.zip!ok.csv"]
    assert not (tmp_path.parent / "etc").exists()
    assert MAX_RATIO >= 100


def test_damaged_archives_are_source_errors(tmp_path):
    (tmp_path / "cut.zip").write_bytes(b"PK\x03\x04 damaged")
    (tmp_path / "cut.csv.gz").write_bytes(gzip.compress(b"email\nann@example.com\n")[:15])
    status, report = scan_json(str(tmp_path))
    assert status == 3 and {s["status"] for s in report["sources"]} == {"error"}


# --- sources that vanish or change ----------------------------------------------------------------
def test_a_file_that_vanishes_before_it_is_read(engine, tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("email\nann@example.com\n")
    sources = list(discover([tmp_path]))
    (tmp_path / "a.csv").unlink()
    result = Scan(engine).run(sources, [tmp_path])
    status = {s.uri: s for s in result.sources}
    assert status["a.csv"].status == "error" and "No such file" in status["a.csv"].error
    assert status["b.csv"].status == "ok" and len(result.findings) == 1


def test_a_file_that_changes_while_it_is_read(engine, tmp_path):
    path = tmp_path / "growing.log"
    path.write_text("login ann@example.com\n" * 10)

    def append(_occurrences):
        with path.open("a") as handle:
            handle.write("login bob@example.com\n")

    result = Scan(engine, on_occurrences=append).run(list(discover([path])), [path])
    (source,) = result.sources
    assert source.status == "error" and "changed while it was read" in source.error


# --- outputs that cannot be written ---------------------------------------------------------------
def test_missing_output_directory_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLE / "cdr.csv"), "--format", "json", "-o", str(tmp_path / "no" / "r.json")]
    )
    assert result.exit_code == 4 and "cannot write" in result.output and "Traceback" not in result.output


def test_full_disk_leaves_no_half_written_report(tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse writes past 4 KB (EFBIG), as a full disk refuses them (ENOSPC)."""
    report = tmp_path / "r.json"
    report.write_text('{"previous": "report"}')

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    run = subprocess.run(
        [PIIAUDIT, "scan", str(SAMPLE / "crm_customers.csv"), "--format", "json", "-o", str(report)],
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=120,
    )
    assert run.returncode == 4, run.stderr
    assert "cannot write" in run.stderr and "Traceback" not in run.stderr
    assert report.read_text() == '{"previous": "report"}'  # the old report is intact: written atomically
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # and no temporary file is left behind


# --- Ctrl-C, partial results and --checkpoint ----------------------------------------------------
def many_sources(root: Path, count: int = 12) -> None:
    root.mkdir()
    for i in range(count):
        shutil.copy(SAMPLE / "chat_transcripts.jsonl", root / f"chat{i:02d}.jsonl")


def interrupt_after(args: list[str], started: int) -> subprocess.CompletedProcess[str]:
    """Run the CLI and press Ctrl-C once ``started`` sources have begun (watching its info log)."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen, lines = 0, []
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        seen += " INFO piiaudit.scan: scanning " in line
        if seen >= started:
            process.send_signal(signal.SIGINT)
            break
    stdout, rest = process.communicate(timeout=120)
    return subprocess.CompletedProcess(args, process.returncode, stdout, "".join(lines) + rest)


@pytest.mark.timeout(300)
def test_ctrl_c_writes_a_partial_report_and_the_checkpoint_resumes(tmp_path):
    data, report, checkpoint = tmp_path / "data", tmp_path / "r.json", tmp_path / "scan.checkpoint"
    many_sources(data)
    args = [PIIAUDIT, "scan", str(data), "--format", "json", "-o", str(report), "--log-level", "info"]
    args += ["--checkpoint", str(checkpoint), "--workers", "1"]
    first = interrupt_after(args, started=4)
    assert first.returncode == 130, first.stderr[-2000:]
    assert "Interrupted:" in first.stderr and "Traceback" not in first.stderr
    partial = json.loads(report.read_text())
    states = [s["error"] or "ok" for s in partial["sources"]]
    assert states[:3] == ["ok"] * 3 and "not scanned" in states[-1]
    assert checkpoint.stat().st_mode & 0o777 == 0o600

    start = time.monotonic()
    second = subprocess.run(args, capture_output=True, text=True, timeout=240)
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stderr.count("finished in an earlier run (checkpoint)") >= 3
    complete = json.loads(report.read_text())
    assert all(s["status"] == "ok" for s in complete["sources"]) and len(complete["sources"]) == 12
    assert not checkpoint.exists()  # removed once the scan completed
    fresh = CliRunner().invoke(main, ["scan", str(data), "--format", "json"])
    assert json.loads(fresh.output)["findings"] == complete["findings"]
    assert time.monotonic() - start < 240


def test_checkpoint_of_another_scan_is_refused(tmp_path):
    checkpoint = tmp_path / "c"
    CliRunner().invoke(main, ["scan", str(SAMPLE / "cdr.csv"), "--checkpoint", str(checkpoint), "-q"])
    checkpoint.write_text('{"checkpoint": 1, "scan": "something else"}\n')
    result = CliRunner().invoke(main, ["scan", str(SAMPLE / "cdr.csv"), "--checkpoint", str(checkpoint)])
    assert result.exit_code == 2 and "different scan" in result.output


def test_logs_name_sources_and_counts_never_values(tmp_path, planted_values):
    run = subprocess.run(
        [PIIAUDIT, "scan", str(SAMPLE), "--log-level", "debug", "-q"], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0
    assert "piiaudit.scan" in run.stderr and "crm_customers.csv › email: " in run.stderr
    assert not [v for v in planted_values if v in run.stderr + run.stdout]


@pytest.fixture
def world_readable_tree():
    """A directory tree under /tmp that an unprivileged user can reach (pytest's tmp_path is root-only)."""
    root = Path(tempfile.mkdtemp(prefix="piiaudit-tree-"))
    root.chmod(0o755)
    yield root
    for path in root.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(root)


def test_unreadable_directory_is_reported(engine, world_readable_tree):
    """Scan as an unprivileged user (root reads any directory), so that a mode 000 directory really is unreadable."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to the unprivileged user 'nobody'")
    root = world_readable_tree
    (root / "locked").mkdir()
    (root / "open.csv").write_text("email\nann@example.com\n")
    (root / "open.csv").chmod(0o644)
    (root / "locked" / "secret.csv").write_text("email\nbob@example.com\n")
    (root / "locked").chmod(0o000)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child drops to 'nobody' and scans; the parent only reads what it reports
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = Scan(engine).run(list(discover([root])), [root])
            os.write(write_end, json.dumps({s.uri: [s.status, s.error] for s in result.sources}).encode())
        except BaseException as exc:  # report it to the parent: a child must not run pytest's own exit
            os.write(write_end, json.dumps({"child failed": [repr(exc), None]}).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        sources = json.loads(pipe.read())
    os.waitpid(child, 0)
    assert sources["open.csv"] == ["ok", None]
    assert sources["locked"][0] == "error" and "Permission denied" in sources["locked"][1]


def test_scan_without_sources_writes_nothing_into_them(engine, tmp_path):
    (tmp_path / "a.csv").write_text("email\nann@example.com\n")
    before = sorted(os.listdir(tmp_path))
    Scan(Engine(engine.detectors)).run(list(discover([tmp_path])), [tmp_path])
    assert sorted(os.listdir(tmp_path)) == before
