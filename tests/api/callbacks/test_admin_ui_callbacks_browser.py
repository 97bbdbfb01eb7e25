"""A real browser (headless Chromium): staff claim and close a call-back with the keyboard only.

Set FRONTDOOR_SCREENSHOTS=docs/admin-ui to refresh the committed screenshots.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.settings import Settings
from tests.api.admin_ui_support import PASSWORD
from tests.api.browser import chromium_page, shoot
from tests.api.callbacks.test_admin_ui_callbacks import LATE_PHONE, _arrange
from tests.api.conftest import PHONE
from tests.api.live import serve


@pytest.fixture
def base_url(settings: Settings, database: str) -> Iterator[str]:
    """The API served over real HTTP on loopback."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Page]:
    """A fresh headless Chromium page."""
    with chromium_page(height=720) as opened:
        yield opened


def _tab_to(page: Page, name: str, most: int = 40) -> None:
    """Press Tab until the focused element's accessible text starts with `name`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith(name):
            return
    pytest.fail(f"{name!r} is not reachable with Tab")


def test_staff_claim_and_close_a_call_back_with_the_keyboard(
    base_url: str, page: Page, client: TestClient, session: Session,
    create_provider: Callable[..., str], tmp_path: Path,
) -> None:  # fmt: skip
    _arrange(client, session, create_provider)  # same database as base_url

    page.goto(f"{base_url}/admin/ui/login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Call-backs").click()
    assert page.get_by_role("heading", name="Call-backs for Practice A81001").is_visible()
    overdue = page.locator("tr.overdue")
    assert overdue.count() == 1 and LATE_PHONE in overdue.inner_text()
    # The overdue row really looks different (not by colour alone: it also says "Overdue").
    plain_row = page.locator("tbody tr:not(.overdue) td").first
    colours = [row.evaluate("e => getComputedStyle(e).backgroundColor")
               for row in (overdue.locator("td").first, plain_row)]  # fmt: skip
    assert colours[0] != colours[1]
    shoot(page, tmp_path, "5-call-backs")

    _tab_to(page, "Claim")  # the first Claim button: the overdue call-back
    _tab_to(page, "Claim")  # the next one: the Somali speaker's
    page.keyboard.press("Enter")
    # expect() waits for the page the form's POST leads to (reading at once can see the old one).
    expect(page.get_by_role("status")).to_have_text("Claimed: it is yours to call.")
    page.get_by_label("How did the call go?").fill("Rang with a Somali interpreter")
    shoot(page, tmp_path, "6-call-back-claimed")
    _tab_to(page, "Close")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Closed. Thank you.")
    assert PHONE not in page.locator("main").inner_text()
