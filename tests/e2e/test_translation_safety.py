"""Safety-critical wording by SMS: a reviewed Polish consent is sent; once its English is edited
the Polish is stale, can't be published again unchecked, and Polish callers get the English with
an interpreter offer in Polish, and still complete the conversation."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from api.admin.ui.cli import PASSWORD_VARIABLE
from api.translations.overrides import msg_key
from tests.e2e.conftest import SmsPhone
from tests.support.stack import API_BIN, REPO, Stack

CONSENT = (
    "We'd like to record your language and any support you need, and share it with the NHS "
    "services that care for you. You can ask to see or delete it at any time. Is that OK?"
)
CONSENT_EDITED = (
    "We would like to keep a note of your language and the support you need, and share it "
    "with the NHS services that care for you. You can see or delete it at any time. Is that OK?"
)
CONSENT_PL = "Chcielibyśmy zapisać"
FALLBACK_PL = "Część tej wiadomości jest po angielsku"
PASSWORD = "governance e2e password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class AdminPage:
    """A browser signed in to the admin page of the running stack."""

    def __init__(self, stack: Stack, username: str) -> None:
        self.http = httpx.Client(base_url=stack.api_url, timeout=30)
        login = self.http.get("/admin/ui/login")
        token = CSRF.search(login.text)
        assert token, login.text
        signed_in = self.http.post(
            "/admin/ui/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert signed_in.status_code == 303, signed_in.text

    def csrf(self, path: str) -> str:
        match = CSRF.search(self.http.get(path).text)
        assert match
        return match.group(1)

    def publish(
        self, code: str, context: str, english: str, text: str, shown_english: str
    ) -> httpx.Response:
        """Publish as reviewed, from the English the form showed."""
        path = f"/admin/ui/languages/{code}/messages/{msg_key(context, english)}"
        form = {
            "text": text,
            "status": "reviewed",
            "english": shown_english,
            "csrf_token": self.csrf(path),
        }
        return self.http.post(path, data=form)

    def undo_all(self, code: str, context: str, english: str) -> None:
        """Roll back every edit of a text, newest first: the catalog's text is used again."""
        path = f"/admin/ui/languages/{code}/messages/{msg_key(context, english)}"
        for rollback in re.findall(r'action="([^"]+/rollback/\d+)"', self.http.get(path).text):
            self.http.post(rollback, data={"csrf_token": self.csrf(path)})


@pytest.fixture
def admin(stack: Stack) -> Iterator[AdminPage]:
    subprocess.run(
        [str(API_BIN / "python"), "-m", "api.admin.ui.cli", "create-user"]
        + ["--username", "safety-e2e", "--role", "admin"],
        cwd=REPO,
        env={**stack.env, PASSWORD_VARIABLE: PASSWORD},
        check=False,  # already there from an earlier run of this test in the session
        capture_output=True,
    )
    page = AdminPage(stack, "safety-e2e")
    yield page
    # Leave the shared stack's wording as the catalogs have it, for the other tests.
    page.undo_all("pl", "utter_ask_consent", CONSENT)
    page.undo_all("pl", "utter_ask_consent", "Yes")
    page.undo_all("pl", "utter_ask_consent", "No")
    page.undo_all("en", "utter_ask_consent", CONSENT)
    page.http.close()


def _polish_consent_over_sms(phone: SmsPhone) -> str:
    assert "2. Polski" in phone.send("hi")
    return phone.send("2")


def test_an_edited_english_consent_makes_polish_fall_back_until_checked_again(
    stack: Stack, admin: AdminPage, phone: SmsPhone
) -> None:
    polish = _polish_consent_over_sms(phone)
    assert polish.startswith(CONSENT) and FALLBACK_PL in polish, "a machine draft isn't sent"

    reviewed_text = (
        "Chcielibyśmy zapisać Twój język i potrzebne Ci wsparcie oraz przekazać te informacje "
        "placówkom NHS, które się Tobą opiekują. Możesz w każdej chwili poprosić o ich wgląd lub "
        "usunięcie. Czy się zgadzasz?"
    )
    for english, text in ((CONSENT, reviewed_text), ("Yes", "Tak"), ("No", "Nie")):
        done = admin.publish("pl", "utter_ask_consent", english, text, english)
        assert done.status_code == 303, done.text

    checked = _polish_consent_over_sms(SmsPhone(stack, phone.number[:-3] + "901"))
    assert checked.startswith(CONSENT_PL) and FALLBACK_PL not in checked
    assert "1. Tak" in checked and "2. Nie" in checked

    edited = admin.publish("en", "utter_ask_consent", CONSENT, CONSENT_EDITED, CONSENT)
    assert edited.status_code == 303, edited.text

    # Republishing the Polish as checked against the old English is refused, clearly.
    again = admin.publish("pl", "utter_ask_consent", CONSENT, reviewed_text, CONSENT)
    assert again.status_code == 422
    assert "The English of this text has changed" in again.text

    # Polish callers now get the new English, the offer in Polish, and reviewed Polish buttons.
    caller = SmsPhone(stack, phone.number[:-3] + "902")
    fallen_back = _polish_consent_over_sms(caller)
    assert fallen_back.startswith(CONSENT_EDITED)
    assert FALLBACK_PL in fallen_back and "ZADZWOŃ" in fallen_back
    assert "1. Tak" in fallen_back and "2. Nie" in fallen_back
    # The conversation carries on in Polish after consent.
    assert "tłumacz" in caller.send("1").lower()
