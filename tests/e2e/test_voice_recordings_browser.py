"""In a real browser (headless Chromium, fake microphone): a translator uploads and then records
the Somali consent, a reviewer certifies it, a Somali caller hears it played; then the English
changes, the recording is stale and the caller hears the English again."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from api.admin.ui.cli import PASSWORD_VARIABLE
from api.recordings.pieces import text_id
from api.translations.overrides import msg_key
from bot.channels.voice_twiml import AUDIO_PATH
from tests.api.browser import chromium_page, shoot
from tests.e2e.test_voice_languages import LANGUAGES, KeypadCall
from tests.e2e.test_voice_recordings import fresh_number, language_key, twiml_of
from tests.support.stack import API_BIN, PUBLIC_BASE_URL, REPO, Stack
from tests.support.test_audio import tone

CONSENT = (
    "We'd like to record your language and any support you need, and share it with the NHS "
    "services that care for you. You can ask to see or delete it at any time. Is that OK?"
)
EDITED = CONSENT.replace("We'd like to", "We would like to")
PIECE = text_id("utter_ask_consent", CONSENT)
PASSWORD = "recording browser password"
FAKE_MICROPHONE = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")
AUDIO = re.compile(r"/voice/audio/[0-9a-f]{64}-[0-9a-f]{32}\.wav")


def add_user(stack: Stack, username: str, role: str, languages: str = "") -> None:
    subprocess.run(
        [str(API_BIN / "python"), "-m", "api.admin.ui.cli", "create-user"]
        + ["--username", username, "--role", role, "--languages", languages],
        cwd=REPO, env={**stack.env, PASSWORD_VARIABLE: PASSWORD}, check=False,
        capture_output=True,
    )  # fmt: skip


def sign_in(page: Page, stack: Stack, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{stack.api_url}/admin/ui/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Languages").is_visible()


def consent_heard(stack: Stack, number: str):  # type: ignore[no-untyped-def]
    call = KeypadCall(stack, number)
    somali = LANGUAGES.get("so")
    assert somali is not None
    return twiml_of(call, Digits=language_key(call, somali))


@pytest.fixture
def page(stack: Stack) -> Iterator[Page]:
    with chromium_page(height=900, args=FAKE_MICROPHONE) as opened:
        yield opened
    with sqlite3.connect(stack.env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        db.execute("DELETE FROM voice_recordings WHERE language = 'so'")


def test_upload_record_certify_hear_then_stale_after_the_english_changes(
    stack: Stack, page: Page, phone_number: str, tmp_path: Path
) -> None:
    add_user(stack, "tina-so", "translator", languages="so")
    add_user(stack, "rex-reviewer", "reviewer")
    piece_page = f"{stack.api_url}/admin/ui/languages/so/recordings/{PIECE}"

    # A translator for Somali uploads a file, then records over it in the browser.
    sign_in(page, stack, "tina-so")
    page.goto(f"{stack.api_url}/admin/ui/languages/so")
    page.get_by_role("link", name="Recorded voice prompts").click()
    page.get_by_role("link", name=PIECE).click()
    (tmp_path / "take.wav").write_bytes(tone(seconds=0.6))
    page.get_by_label("A WAV or MP3 file").set_input_files(str(tmp_path / "take.wav"))
    page.get_by_role("button", name="Save recording").click()
    assert page.locator("#state").inner_text() == "machine draft"
    uploaded = AUDIO.search(page.content())
    assert uploaded

    page.get_by_role("button", name="Record in the browser").click()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop").click()
    page.get_by_text("listen, then save").wait_for()
    assert page.get_by_label("Listen to what you recorded").is_visible()
    shoot(page, tmp_path, "recorded-before-saving")
    page.get_by_role("button", name="Save recording").click()
    recorded = AUDIO.search(page.content())
    assert recorded and recorded.group(0) != uploaded.group(0), "the browser's take replaced it"
    assert "Publish status" not in page.content(), "a translator can't certify"

    # Still a draft of a safety text: not played.
    before = consent_heard(stack, phone_number)
    assert recorded.group(0).rsplit("/", 1)[1] not in "".join(
        x.text or "" for x in before.iter("Play")
    )

    # A reviewer certifies it; a Somali caller now hears it.
    sign_in(page, stack, "rex-reviewer")
    page.goto(piece_page)
    page.get_by_label("Status of this recording").select_option("certified")
    page.get_by_role("button", name="Publish status").click()
    assert page.locator("#state").inner_text() == "certified"
    heard = consent_heard(stack, fresh_number())
    first = list(heard.find("Gather") or [])[0]
    name = recorded.group(0).rsplit("/", 1)[1]
    assert (first.tag, first.text) == ("Play", f"{PUBLIC_BASE_URL}{AUDIO_PATH}/{name}")

    # The English changes: the recording is stale and no longer played.
    english = f"/admin/ui/languages/en/messages/{msg_key('utter_ask_consent', CONSENT)}"
    page.goto(stack.api_url + english)
    page.get_by_label("English").last.fill(EDITED)
    page.get_by_label("Status").select_option("reviewed")
    page.get_by_role("button", name="Publish").click()
    try:
        page.goto(piece_page)
        assert page.locator("#state").inner_text() == "stale"
        after = consent_heard(stack, fresh_number())
        assert name not in "".join(x.text or "" for x in after.iter("Play"))
        assert EDITED in "".join(x.text or "" for x in after.iter("Say"))
    finally:
        page.goto(stack.api_url + english)
        for button in page.get_by_role("button", name="Roll back this edit").all()[:1]:
            button.click()
