"""Export and import .po files on the admin page: all or nothing, line-numbered errors."""

from __future__ import annotations

from io import BytesIO

from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from api.core.settings import REPO_ROOT
from tests.api.admin_ui_support import add_user, csrf_of, rendered, sign_in

POLISH_PO = REPO_ROOT / "locales" / "pl" / "LC_MESSAGES" / "frontdoor.po"
SAVED_PL = '"Dziękujemy. Twoje odpowiedzi zostały zapisane'
THANKS_PL = '"Wielkie dzięki. Twoje odpowiedzi zostały zapisane'


def _polish_with(old: str, new: str) -> bytes:
    """The committed Polish catalog with one text replaced."""
    text = POLISH_PO.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


def _upload(client: TestClient, data: bytes, language: str = "pl") -> Response:
    path = f"/admin/ui/languages/{language}"
    return client.post(
        f"{path}/import",
        data={"csrf_token": csrf_of(client, path)},
        files={"file": ("frontdoor.po", data, "text/x-gettext-translation")},
        follow_redirects=False,
    )


def test_export_is_the_catalog_with_published_edits(client: TestClient, session: Session) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")

    response = client.get("/admin/ui/languages/pl/export.po")

    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    catalog = read_po(BytesIO(response.content))
    assert str(catalog.locale) == "pl"
    assert catalog.get("Yes", context="utter_ask_consent").string == "Tak"


def test_import_publishes_changed_texts_and_the_next_sms_uses_them(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    data = _polish_with(SAVED_PL, THANKS_PL)

    response = _upload(client, data)

    assert response.status_code == 303
    assert rendered(client, "utter_saved", "pl").startswith("Wielkie dzięki.")


def test_import_with_a_broken_placeholder_is_refused_with_its_line_and_nothing_applied(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    data = _polish_with(SAVED_PL, THANKS_PL)
    data = data.replace(b'"J\xc4\x99zyk: %(language)s"', b'"J\xc4\x99zyk: %(jezyk)s"', 1)
    assert b"%(jezyk)s" in data
    broken_line = data.decode().splitlines().index('msgstr "Język: %(jezyk)s"') + 1

    response = _upload(client, data)

    assert response.status_code == 422
    assert "Placeholders must match" in response.text
    msgid_line = broken_line - 1  # an error points at its entry's msgid
    assert f"line {msgid_line}: Placeholders" in response.text
    assert rendered(client, "utter_saved", "pl").startswith("Dziękujemy."), "nothing half-applied"


def test_import_of_another_languages_file_or_by_a_translator_is_refused(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    add_user(session, "tess", "translator")
    sign_in(client, "ada")
    romanian = (REPO_ROOT / "locales" / "ro" / "LC_MESSAGES" / "frontdoor.po").read_bytes()

    wrong_language = _upload(client, romanian)
    assert wrong_language.status_code == 422
    assert "line 1: the file is for language" in wrong_language.text

    sign_in(client, "tess")
    assert _upload(client, POLISH_PO.read_bytes()).status_code == 403


def test_import_with_wrong_plural_forms_is_refused(client: TestClient, session: Session) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    data = _polish_with("nplurals=3;", "nplurals=2;")

    response = _upload(client, data)

    assert response.status_code == 422
    assert "nplurals=2, expected 3" in response.text
