"""A real browser (headless Chromium) signs in as a reviewer, edits Polish, publishes, rolls back.

Set FRONTDOOR_SCREENSHOTS=docs/admin-ui to refresh the committed screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.settings import Settings
from tests.api.admin_ui_support import CONSENT_KEY, PASSWORD, add_user
from tests.api.browser import chromium_page, shoot
from tests.api.conftest import SERVICE_TOKEN
from tests.api.live import serve

NEW_WORDS = "Gotowe! Twoje odpowiedzi są zapisane."


@pytest.fixture
def base_url(settings: Settings, database: str) -> Iterator[str]:
    """The API served over real HTTP on loopback."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Page]:
    """A fresh headless Chromium page."""
    with chromium_page(height=900) as opened:
        yield opened


def _next_polish_sms(base_url: str) -> str:
    """What the NLG says next for utter_saved in Polish."""
    body = {
        "response": "utter_saved",
        "arguments": {"language": "pl"},
        "tracker": {"sender_id": "x", "slots": {}, "events": []},
        "channel": {"name": "twilio_sms"},
    }
    reply = httpx.post(f"{base_url}/nlg", params={"token": SERVICE_TOKEN}, json=body)
    return str(reply.json()["text"])


def test_reviewer_publishes_polish_in_a_browser_and_rolls_it_back(
    base_url: str, page: Page, session: Session, tmp_path: Path
) -> None:
    add_user(session, "tess", "reviewer")
    original = _next_polish_sms(base_url)

    page.goto(f"{base_url}/admin/ui")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    shoot(page, tmp_path, "1-sign-in")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Languages").is_visible()
    shoot(page, tmp_path, "2-languages")

    page.get_by_role("link", name="Polski (Polish)").click()
    shoot(page, tmp_path, "3-polish-prompts")
    page.goto(f"{base_url}/admin/ui/languages/pl/messages/{CONSENT_KEY}")
    page.get_by_label("Polish").fill(NEW_WORDS)
    page.get_by_label("Status").select_option("reviewed")
    page.get_by_role("button", name="Publish").click()
    assert _next_polish_sms(base_url) == NEW_WORDS
    shoot(page, tmp_path, "4-published-with-history")

    page.get_by_role("button", name="Roll back this edit").first.click()
    assert _next_polish_sms(base_url) == original
