"""Detectors are found through entry points, so a third-party package can add one; they also work in Presidio."""

from __future__ import annotations

import sys
import textwrap

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

from piiaudit.detectors import registry
from piiaudit.detectors.names import SPACY_MODEL
from piiaudit.detectors.registry import available, load_detectors, presidio_registry
from piiaudit.scanner.engine.detection import Engine
from piiaudit.scanner.model import FieldBatch


def test_builtin_detectors_are_registered():
    names = {i.name for i in available()}
    assert {"email", "phone", "credit_card", "caller_id", "ip_address", "person", "us_ssn", "au_tfn"} <= names
    assert all(i.package == "piiaudit" for i in available())


def test_a_third_party_detector_is_discovered(tmp_path, monkeypatch):
    (tmp_path / "acme_detectors.py").write_text(
        textwrap.dedent(
            '''
            from presidio_analyzer import Pattern
            from piiaudit.detectors.base import Detector

            def mask_staff_number(value):
                return value[:5] + "#" * (len(value) - 5)

            class EmployeeIdDetector(Detector):
                """ACME staff numbers, e.g. ACME-123456."""
                ENTITY = "ACME_EMPLOYEE_ID"
                NAME = "acme_employee_id"
                VERSION = "2.1"
                CATEGORY = "user.unique_id"
                MASK = mask_staff_number
                PATTERNS = (Pattern("acme", r"\\bACME-\\d{6}\\b", 0.8),)

            class BadgeDetector(Detector):
                """ACME visitor badges, e.g. VB-4421-0735: masked as piiaudit masks an entity without a mask."""
                ENTITY = "ACME_BADGE"
                NAME = "acme_badge"
                PATTERNS = (Pattern("badge", r"\\bVB-\\d{4}-\\d{4}\\b", 0.8),)
            '''
        )
    )
    dist = tmp_path / "acme_detectors-2.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-detectors\nVersion: 2.1\n")
    (dist / "entry_points.txt").write_text(
        "[piiaudit.detectors]\nacme_employee_id = acme_detectors:EmployeeIdDetector\n"
        "acme_badge = acme_detectors:BadgeDetector\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    info = {i.name: i for i in available()}["acme_employee_id"]
    assert (info.entity, info.version, info.package, info.category) == (
        "ACME_EMPLOYEE_ID", "2.1", "acme-detectors", "user.unique_id",
    )  # fmt: skip
    (detector,) = load_detectors(["acme_employee_id"])
    assert [m.entity for m in detector.find("badge ACME-123456 issued")] == ["ACME_EMPLOYEE_ID"]
    # each detector masks its own matches: with its MASK, else as built-ins without a mask of their own
    engine = Engine(load_detectors(["acme_employee_id", "acme_badge"]))
    batch = FieldBatch("note", [1, 2], ["staff ACME-123456 signed in", "visitor VB-4421-0735 at desk 3"])
    masked = {o.entity: o.masked for o in engine.scan("visits.csv", batch)}
    assert masked == {"ACME_EMPLOYEE_ID": "ACME-######", "ACME_BADGE": "**-****-**35"}
    sys.modules.pop("acme_detectors", None)


def test_a_broken_plugin_is_named_not_a_traceback(tmp_path, monkeypatch):
    dist = tmp_path / "broken-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[piiaudit.detectors]\nbroken = no_such_module:Thing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        load_detectors()
    except registry.DetectorLoadError as exc:
        assert "broken" in str(exc) and "cannot be imported" in str(exc)
    else:
        raise AssertionError("a broken plugin must raise DetectorLoadError")


def test_detectors_give_the_same_verdicts_inside_presidio(detectors):
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    )
    analyzer = AnalyzerEngine(
        registry=presidio_registry(detectors), nlp_engine=provider.create_engine(), supported_languages=["en"]
    )
    text = "Hi, my name is Sarah Jones, card 4111 1111 1111 1111, call 0412 345 678, ip 8.8.8.8, v3.11.7"
    via_presidio = {(r.entity_type, r.start, r.end) for r in analyzer.analyze(text, language="en")}
    direct = {(m.entity, m.start, m.end) for d in detectors for m in d.find(text)}
    assert via_presidio == direct
    assert {e for e, _, _ in direct} == {"PERSON", "CREDIT_CARD", "PHONE_NUMBER", "IP_ADDRESS"}
