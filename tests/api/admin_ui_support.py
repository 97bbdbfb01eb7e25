"""Helpers for the admin page tests: users, signing in, CSRF tokens, NLG renders."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.admin.ui.auth import create_user
from api.translations.overrides import msg_key
from tests.api.conftest import SERVICE_TOKEN

PASSWORD = "correct horse battery"
CONSENT_KEY = msg_key(
    "utter_saved",
    "Thank you. Your answers are saved and shared with the NHS services that care for you.",
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(session: Session, username: str, role: str) -> None:
    """A user of the admin page with the test password."""
    create_user(session=session, username=username, password=PASSWORD, role=role)
    session.commit()


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the form, as a browser does."""
    form = client.get("/admin/ui/login")
    token = CSRF.search(form.text)
    assert token, form.text
    return client.post(
        "/admin/ui/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    )


def csrf_of(client: TestClient, path: str = "/admin/ui") -> str:
    """The signed-in session's CSRF token, read from a page."""
    match = CSRF.search(client.get(path).text)
    assert match
    return match.group(1)


def rendered(client: TestClient, response: str, language: str) -> str:
    """What the next SMS in this language says."""
    body = {
        "response": response,
        "arguments": {"language": language},
        "tracker": {"sender_id": "x", "slots": {}, "events": []},
        "channel": {"name": "twilio_sms"},
    }
    return str(client.post("/nlg", params={"token": SERVICE_TOKEN}, json=body).json()["text"])
