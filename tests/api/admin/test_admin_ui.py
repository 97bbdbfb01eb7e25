"""The admin page: sign-in, roles, live edits through the NLG, validation, history and rollback."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.admin.ui import cli
from api.admin.ui.auth import authenticate
from api.translations.overrides import msg_key
from tests.api.admin_ui_support import (
    CONSENT_KEY,
    add_user,
    csrf_of,
    rendered,
    sign_in,
)

EDIT = f"/admin/ui/languages/pl/messages/{CONSENT_KEY}"
POLISH_SAVED = "Dziękujemy."


def test_pages_need_a_session_and_the_login_refuses_a_wrong_password(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tess", "translator")

    assert client.get("/admin/ui", follow_redirects=False).headers["location"] == "/admin/ui/login"
    assert sign_in(client, "tess", "wrong password!").status_code == 401
    assert sign_in(client, "nobody", "wrong password!").status_code == 401
    forged = client.post(
        "/admin/ui/login", data={"username": "tess", "password": "x", "csrf_token": "forged"}
    )
    assert forged.status_code == 403


def test_reviewer_edits_polish_and_the_next_sms_says_it_then_rollback_restores(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tess", "reviewer")
    assert sign_in(client, "tess").status_code == 303
    before = rendered(client, "utter_saved", "pl")
    assert before.startswith(POLISH_SAVED)

    page = client.get(EDIT)
    assert page.status_code == 200 and "Thank you. Your answers are saved" in page.text
    published = client.post(
        EDIT,
        data={
            "text": "Dzięki! Zapisaliśmy odpowiedzi.",
            "status": "reviewed",
            "csrf_token": csrf_of(client, EDIT),
        },
        follow_redirects=False,
    )
    assert published.status_code == 303
    assert rendered(client, "utter_saved", "pl") == "Dzięki! Zapisaliśmy odpowiedzi."
    assert rendered(client, "utter_saved", "en").startswith("Thank you."), "only Polish changed"

    history = client.get(EDIT).text
    assert "tess" in history and "Dzięki! Zapisaliśmy odpowiedzi." in history
    rollback_path = history.split('action="')[-1].split('"')[0]
    assert "/rollback/" in rollback_path
    client.post(rollback_path, data={"csrf_token": csrf_of(client, EDIT)})
    assert rendered(client, "utter_saved", "pl") == before


def test_an_edit_with_wrong_placeholders_or_no_csrf_is_refused_and_nothing_changes(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tess", "translator")
    sign_in(client, "tess")
    path = "/admin/ui/languages/pl/messages/" + msg_key("utter_read_back", "Language: %(language)s")

    bad = client.post(
        path,
        data={"text": "Język: %(jezyk)s", "status": "draft", "csrf_token": csrf_of(client, path)},
    )
    empty = client.post(
        path, data={"text": "  ", "status": "draft", "csrf_token": csrf_of(client, path)}
    )
    forged = client.post(path, data={"text": "Język: %(language)s", "status": "draft"})

    assert bad.status_code == 422 and "Placeholders must match the English" in bad.text
    assert empty.status_code == 422 and "empty" in empty.text
    assert forged.status_code == 403
    assert "No edits yet" in client.get(path).text


def test_script_in_a_translation_is_escaped_on_the_page(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tess", "translator")
    sign_in(client, "tess")
    client.post(
        EDIT,
        data={
            "text": "<script>alert(1)</script>",
            "status": "draft",
            "csrf_token": csrf_of(client, EDIT),
        },
    )

    page = client.get("/admin/ui/languages/pl").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_languages_page_lists_every_language_with_native_names_and_counts(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")

    page = client.get("/admin/ui").text

    for name in ("Polski", "Cymraeg", "العربية", "Soomaali", "ትግርኛ", "Easy Read English"):
        assert name in page
    assert 'dir="rtl"' in page


def test_sign_out_ends_the_session(client: TestClient, session: Session) -> None:
    add_user(session, "tess", "translator")
    sign_in(client, "tess")

    client.post("/admin/ui/logout", data={"csrf_token": csrf_of(client)})

    assert client.get("/admin/ui", follow_redirects=False).status_code == 303


def test_cli_creates_users_with_hashed_passwords(
    database: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv(cli.PASSWORD_VARIABLE, "a long enough password")

    assert cli.main(["create-user", "--username", "wen", "--role", "translator"]) == 0
    assert cli.main(["create-user", "--username", "wen", "--role", "translator"]) == 1

    user = authenticate(session=session, username="wen", password="a long enough password")
    assert user is not None and user.role == "translator"
    assert "a long enough password" not in user.password_hash


def test_a_reviewed_edit_counts_as_reviewed_in_the_coverage_report(
    client: TestClient, session: Session, service_headers: dict[str, str]
) -> None:
    add_user(session, "rita", "reviewer")
    sign_in(client, "rita")

    def polish() -> dict[str, int]:
        rows = client.get("/internal/translations/coverage", headers=service_headers).json()
        return next(row for row in rows if row["code"] == "pl")

    before = polish()
    client.post(
        EDIT,
        data={
            "text": "Dziękujemy, zapisane.",
            "status": "reviewed",
            "csrf_token": csrf_of(client, EDIT),
        },
    )

    after = polish()
    assert after["machine"] == before["machine"] - 1
    assert after["reviewed"] == before["reviewed"] + 1
    assert after["translated"] == before["translated"]


def test_keywords_are_not_edited_live_because_the_action_server_reads_the_catalogs(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tess", "translator")
    sign_in(client, "tess")
    path = "/admin/ui/languages/pl/messages/" + msg_key("keyword", "HELP")

    response = client.post(
        path, data={"text": "RATUNKU", "status": "draft", "csrf_token": csrf_of(client, path)}
    )

    assert response.status_code == 422 and "with a release" in response.text
