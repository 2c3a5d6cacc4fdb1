"""No code path opens a network connection: a scan with sockets blocked still works."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from piiaudit.scanner.cli import main

from .conftest import SAMPLE


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_scan_with_sockets_blocked(no_network, tmp_path):
    (tmp_path / "e.csv").write_text("email,notes\nann@brand-new-domain.com.au,call me on 0412 345 678\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), str(SAMPLE / "chat_transcripts.jsonl"), "-q"])
    assert result.exit_code == 0, result.output
    assert no_network == []


def test_presidio_email_recognizer_uses_the_bundled_suffix_list(no_network):
    import tldextract

    assert tldextract.extract("mail.example.co.uk").suffix == "co.uk"
    assert no_network == []
