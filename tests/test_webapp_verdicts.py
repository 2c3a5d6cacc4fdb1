"""The sample's portal and app data (sample_data/webapp/) against the seed policies: what each one declares.

Cytracom declares login information, gender, device ids, cookies, browsers and "your geolocation" (broadly);
plaintext passwords are prohibited whatever a policy says. Cytrack declares none of a caller's passport or
precise location.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from piiaudit.scanner.app import audit
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def cytracom_result():
    policies = SAMPLE / "policies"
    return audit([SAMPLE], config_path=policies / "cytracom-scan.yaml", policy_path=policies / "cytracom.yaml")


def verdicts(result, source_prefix: str = "webapp/") -> dict[str, set[str]]:
    """entity → the verdicts of its findings in the sources under ``source_prefix``."""
    found: dict[str, set[str]] = defaultdict(set)
    for finding in result.findings:
        if finding.source.startswith(source_prefix):
            found[finding.entity].add(finding.disclosure)
    return found


def test_cytracom_prohibits_plaintext_passwords(cytracom_result):
    (finding,) = [f for f in cytracom_result.findings if f.entity == "PLAINTEXT_PASSWORD"]
    assert (finding.source, finding.container, finding.disclosure) == ("webapp/accounts.csv", "password", "prohibited")
    assert finding.rule.startswith("plaintext-password")
    assert verdicts(cytracom_result)["PASSWORD_HASH"] == {"disclosed"}  # hashed, it is declared login information


@pytest.mark.parametrize("entity", ["DEVICE_ID", "GENDER", "COOKIE", "USERNAME", "USER_AGENT"])
def test_cytracom_discloses_devices_gender_cookies_and_browsers(cytracom_result, entity):
    assert verdicts(cytracom_result)[entity] == {"disclosed"}


def test_cytracom_covers_geolocation_only_broadly(cytracom_result):
    """The policy says "Your geolocation" (user.location): a precise fix is covered, but only by the broader key."""
    located = [f for f in cytracom_result.findings if f.entity == "PRECISE_LOCATION"]
    assert located and {f.disclosure for f in located} == {"vague"}
    assert all("user.location" in " ".join(f.notes) for f in located)


@pytest.mark.parametrize("entity", ["PASSPORT", "PRECISE_LOCATION"])
def test_cytrack_does_not_disclose_callers_passports_or_precise_locations(cytrack_result, entity):
    callers = [f for f in cytrack_result.findings if f.entity == entity and f.subject == "end_users_customers"]
    assert callers and {f.disclosure for f in callers} == {"undisclosed"}
    assert all(f.notes for f in callers)  # says why: not mentioned in the policy


def test_user_agents_are_browser_and_operating_system(cytrack_result):
    agents = [f for f in cytrack_result.findings if f.entity == "USER_AGENT"]
    assert agents and all(f.categories == ["user.device.browser", "user.device.operating_system"] for f in agents)
    # "browser type and version", "operating system": declared for the website's users
    assert {f.disclosure for f in agents if f.subject == "website_users"} == {"disclosed"}
