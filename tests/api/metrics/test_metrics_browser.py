"""The measures page in a real headless Chromium: an analyst signs in, filters, finds Somali
under-reached, uses it by keyboard, and axe-core finds no WCAG 2.2 A/AA violation.

Set FRONTDOOR_UPDATE_SCREENSHOT=1 to refresh the committed docs/images/dashboard.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.settings import REPO_ROOT, Settings
from tests.api.admin_ui_support import PASSWORD, add_user
from tests.api.browser import chromium_page
from tests.api.conftest import SERVICE_TOKEN
from tests.api.live import serve
from tests.api.metrics.seed import AREA, AREA_NAME, TS024, add_contacts, journeys, yesterday

SCREENSHOT = REPO_ROOT / "docs" / "images" / "dashboard.png"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def base_url(settings: Settings, database: str) -> Iterator[str]:
    """The API served over real HTTP on loopback."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Page]:
    """A fresh headless Chromium page."""
    with chromium_page(width=1100, height=900) as opened:
        yield opened


def _seed(base_url: str, session: Session) -> None:
    """Testshire's baseline (uploaded from the table in the seed), contacts and journeys."""
    from api.metrics import baselines

    baselines.store(session, baselines.parse(TS024, "ONS Census 2021, TS024 (test)"), "seed")
    session.commit()
    add_contacts(session)
    headers = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    with httpx.Client(base_url=base_url, headers=headers) as api:
        for post in journeys():
            assert api.post("/internal/measures/steps", json=post).status_code == 204


def _sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/admin/ui/dashboard")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_analyst_finds_somali_under_reached_by_keyboard_and_axe_finds_nothing(
    base_url: str, page: Page, session: Session, tmp_path: Path
) -> None:
    add_user(session, "ann", "analyst")
    _seed(base_url, session)
    _sign_in(page, base_url)
    assert page.get_by_role("heading", name="Measures", exact=True).is_visible()

    page.get_by_label("From").fill(yesterday())
    page.get_by_label("Area (population baseline)").select_option(AREA)
    page.get_by_label("Area (population baseline)").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**area={AREA}**")

    reach = page.get_by_role("table", name="Reach against the population")
    somali = reach.get_by_role("row").filter(has_text="Somali (so)")
    assert "under-reached" in somali.inner_text()
    assert page.get_by_role("img", name="Representation ratio by language").is_visible()
    assert AREA_NAME in page.get_by_label("Area (population baseline)").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Reach against the population” as CSV").click()
    assert "Somali (so),5," in Path(download.value.path()).read_text(encoding="utf-8")

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()

    data = page.screenshot(full_page=True)
    (tmp_path / "dashboard.png").write_bytes(data)
    if os.environ.get("FRONTDOOR_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.write_bytes(data)
