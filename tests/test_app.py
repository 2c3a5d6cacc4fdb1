"""The application API (``piiaudit.scanner.app``): what the CLI calls, called directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiaudit.scanner.app import Hooks, ScanRequest, UsageError, audit, exit_status, prepare

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
POLICIES = SAMPLE / "policies"


def test_audit_scans_and_classifies_like_the_command(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("email,notes\njane.doe@example.com,call back\n", encoding="utf-8")
    result = audit([tmp_path], policy_path=POLICIES / "cytrack.yaml", subject="website_users")
    [finding] = result.findings
    assert (finding.source, finding.container, finding.entity) == ("people.csv", "email", "EMAIL_ADDRESS")
    assert finding.examples[0].masked == "j***@example.com"
    assert finding.subject == "website_users" and finding.disclosure == "undisclosed"
    assert result.policy is not None and result.policy["organization"]
    assert exit_status(result) == 1
    assert exit_status(result, {"prohibited"}) == 0


def test_prepare_finds_the_sources_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("phone\n+61 2 9374 4000\n", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    prepared = prepare(ScanRequest((str(tmp_path),)))
    assert [s.uri for s in prepared.sources] == ["a.csv"]
    assert prepared.total_bytes == (tmp_path / "a.csv").stat().st_size
    seen: list[str] = []
    prepared.hooks = Hooks(on_occurrences=lambda found: seen.extend(o.masked for o in found))
    result = prepared.run()
    assert [f.entity for f in result.findings] == ["PHONE_NUMBER"]
    assert seen and all("9374" not in masked for masked in seen)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ScanRequest(("no/such/dir",)), "no such file, directory or database URL"),
        (ScanRequest((".",), subject="callers"), "--subject needs --policy"),
        (ScanRequest((".",), policy_path=POLICIES / "cytrack.yaml", subject="nobody"), "not defined in"),
        (ScanRequest((".",), detectors=("no_such_detector",)), "unknown detector"),
    ],
)
def test_unusable_requests_are_usage_errors(request_: ScanRequest, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        prepare(request_).run()
