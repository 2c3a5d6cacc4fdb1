"""The HTML report in a real browser (headless Chromium via Selenium): first screen, order, filters, print."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.select import Select

from piiaudit.reports.json_report import render_json
from piiaudit.scanner.cli import main
from piiaudit.scanner.model import VERDICTS

from .conftest import ROOT, SAMPLE

CHROMIUM = Path(os.environ.get("PIIAUDIT_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("PIIAUDIT_CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = ROOT / "test-artifacts"  # screenshots, kept for a person to look at (git ignores the folder)
CYTRACK = ["--policy", str(SAMPLE / "policies/cytrack.yaml"), "--config", str(SAMPLE / "policies/cytrack-scan.yaml")]


@pytest.fixture(scope="module", autouse=True)
def chromium_installed() -> None:
    """Skip where headless Chromium or its driver is missing, except in CI (``CI=true``), where that fails."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if not missing:
        return
    message = (
        f"headless Chromium is not installed ({', '.join(missing)} missing): apt-get install chromium chromium-driver"
    )
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def reports(tmp_path_factory, cytrack_result) -> tuple[Path, dict]:
    """``piiaudit scan sample_data --format html`` with the Cytrack policy, and the JSON report of that scan."""
    html = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), *CYTRACK, "--format", "html", "-o", str(html), "-q"])
    assert result.exit_code == 1, result.output  # the policy is not met
    return html, json.loads(render_json(cytrack_result))


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
        "--window-size=1366,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)  # never Selenium Manager
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, reports) -> WebDriver:
    browser.get(reports[0].as_uri())
    return browser


VISIBLE_ROWS = """
return Array.from(document.querySelectorAll("#findings-table tbody tr"))
  .filter((row) => row.getClientRects().length > 0)
  .map((row) => ({verdict: row.dataset.verdict, source: row.dataset.source, entity: row.dataset.entity,
                  values: Number(row.querySelector("td.num").dataset.value), text: row.innerText}));
"""


def visible_rows(driver: WebDriver) -> list[dict]:
    """The findings rows the reader sees, in order (one round trip)."""
    return driver.execute_script(VISIBLE_ROWS)


def test_first_screen_answers_the_policy_question(page, reports):
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "report-first-screen.png"))
    counts = reports[1]["summary"]["findings_by_disclosure"]
    for verdict in VERDICTS:
        card = page.find_element(By.CSS_SELECTOR, f".count[data-verdict={verdict}]")
        assert card.find_element(By.CLASS_NAME, "count-number").text == str(counts.get(verdict, 0))
        assert card.is_displayed() and card.location["y"] < 700  # on the first screen
    flagged = sum(counts.get(v, 0) for v in ("prohibited", "incorrect", "undisclosed"))
    headline = page.find_element(By.ID, "summary-heading")
    assert headline.text == f"No: {flagged} findings conflict with the policy"
    issues = page.find_elements(By.CSS_SELECTOR, ".issues li")
    assert issues[0].text.startswith("PROHIBITED Card verification code")
    assert not [e for e in page.get_log("browser") if e["level"] == "SEVERE"]  # nothing blocked, no script error


def test_undisclosed_findings_follow_the_prohibited_ones(page, reports):
    rows = visible_rows(page)
    verdicts = [r["verdict"] for r in rows]
    expected = sorted((f["disclosure"] for f in reports[1]["findings"]), key=VERDICTS.index)
    assert verdicts == expected and verdicts[0] == "prohibited"
    undisclosed = [r["text"] for r in rows if r["verdict"] == "undisclosed"]
    assert all("not mentioned in the policy" in text for text in undisclosed)
    cvv = [r["text"] for r in rows if r["entity"] == "CARD_VERIFICATION_CODE"]
    assert cvv and all("Prohibited: Card verification code stored after authorisation" in text for text in cvv)


def test_filters_change_the_visible_rows(page, reports):
    findings = reports[1]["findings"]
    status = page.find_element(By.ID, "filter-status")
    Select(page.find_element(By.ID, "filter-verdict")).select_by_value("undisclosed")
    rows = visible_rows(page)
    assert {r["verdict"] for r in rows} == {"undisclosed"}
    assert len(rows) == sum(f["disclosure"] == "undisclosed" for f in findings)
    assert status.text == f"Showing {len(rows)} of {len(findings)} findings"

    Select(page.find_element(By.ID, "filter-entity")).select_by_value("IP_ADDRESS")
    rows = visible_rows(page)
    expected = [f["source"] for f in findings if f["entity"] == "IP_ADDRESS" and f["disclosure"] == "undisclosed"]
    assert sorted(r["source"] for r in rows) == sorted(expected) and len(expected) >= 2
    assert {r["entity"] for r in rows} == {"IP_ADDRESS"}

    Select(page.find_element(By.ID, "filter-verdict")).select_by_value("needs-action")
    Select(page.find_element(By.ID, "filter-entity")).select_by_index(0)
    flagged = [f for f in findings if f["disclosure"] in ("prohibited", "incorrect", "undisclosed")]
    assert len(visible_rows(page)) == len(flagged)

    page.find_element(By.CSS_SELECTOR, "#filters button.show-all").click()
    assert len(visible_rows(page)) == len(findings)
    assert status.text == f"Showing {len(findings)} of {len(findings)} findings"


def test_sorting_by_a_column(page):
    header = page.find_element(By.XPATH, "//table[@id='findings-table']//th[normalize-space()='Values']")
    header.find_element(By.TAG_NAME, "button").click()
    values = [r["values"] for r in visible_rows(page)]
    assert values == sorted(values) and values[0] < values[-1] and header.get_attribute("aria-sort") == "ascending"
    header.find_element(By.TAG_NAME, "button").click()
    values = [r["values"] for r in visible_rows(page)]
    assert values == sorted(values, reverse=True) and header.get_attribute("aria-sort") == "descending"


def test_print_shows_every_row_and_no_filters(page, reports):
    Select(page.find_element(By.ID, "filter-verdict")).select_by_value("prohibited")
    prohibited = sum(f["disclosure"] == "prohibited" for f in reports[1]["findings"])
    assert 0 < len(visible_rows(page)) == prohibited < len(reports[1]["findings"])
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert len(visible_rows(page)) == len(reports[1]["findings"])
        assert not page.find_element(By.ID, "filters").is_displayed()
        assert not page.find_element(By.CSS_SELECTOR, "nav").is_displayed()
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_no_full_value_in_the_file_or_the_page(page, reports, planted_values):
    assert len(planted_values) > 500
    for text in (reports[0].read_text(encoding="utf-8"), page.page_source):
        leaked = [v for v in planted_values if v in text]
        assert not leaked, f"the HTML report leaks {len(leaked)} full values"


WIDER_THAN_THE_WINDOW = """
const width = document.documentElement.clientWidth;
return Array.from(document.querySelectorAll("body *"))
  .map((element) => [element, element.getBoundingClientRect()])
  .filter(([, box]) => box.width > 0 && (box.left < -0.5 || box.right > width + 0.5))
  .map(([element, box]) => `${element.tagName.toLowerCase()}.${element.className} ${box.left}–${box.right}`);
"""


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_no_horizontal_scrolling_on_a_desktop_or_a_phone(browser, reports, width, height):
    """At 1280 pixels and at a phone's 390 no element reaches past the window; a screenshot of each is kept."""
    browser.set_window_size(width, height)
    try:
        browser.get(reports[0].as_uri())
        viewport, page_width = browser.execute_script(
            "return [document.documentElement.clientWidth, document.documentElement.scrollWidth]"
        )
        assert viewport <= width and page_width == viewport
        assert browser.execute_script(WIDER_THAN_THE_WINDOW) == []
        table = browser.find_element(By.ID, "findings-table")
        assert table.rect["width"] <= viewport and len(visible_rows(browser)) == len(reports[1]["findings"])
        ARTIFACTS.mkdir(exist_ok=True)
        for section in ("summary", "findings", "data-map"):
            browser.execute_script(f"document.getElementById('{section}').scrollIntoView()")
            browser.save_screenshot(str(ARTIFACTS / f"report-{width}px-{section}.png"))
    finally:
        browser.set_window_size(1366, 900)
