"""Translation governance: statuses, stale translations and safety-critical texts.

Editing the English of a safety-critical text makes its translations stale: they can't be
published again until re-checked, and people get the English with an interpreter offer meanwhile.
"""

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.settings import REPO_ROOT
from api.models.tables import AuditEvent
from api.nlg.render import Renderer
from api.translations import catalogs as i18n
from api.translations.coverage import main as report_main
from api.translations.languages import Languages
from api.translations.overrides import Change, apply_change, msg_key
from api.translations.status import catalog_states, restore_previous_ids
from tests.api.admin_ui_support import add_user, csrf_of, rendered, sign_in

LOCALES = REPO_ROOT / "locales"
CONSENT_EN = (
    "We'd like to record your language and any support you need, and share it with the NHS "
    "services that care for you. You can ask to see or delete it at any time. Is that OK?"
)
CONSENT_EN_NEW = (
    "We would like to record your language and the support you need, and share it with the NHS "
    "services that care for you. You can see or delete it at any time. Is that OK?"
)
CONSENT_KEY = msg_key("utter_ask_consent", CONSENT_EN)
SAVED_KEY = msg_key(
    "utter_saved",
    "Thank you. Your answers are saved and shared with the NHS services that care for you.",
)
FALLBACK_PL = "Część tej wiadomości jest po angielsku"
DRAFT = "# draft: needs review by a qualified translator"
CONSENT_BUTTONS = {"Yes": "Tak", "No": "Nie"}
ENGLISH_FIELD = re.compile(r'name="english" value="([^"]*)"')


def _polish_consent() -> str:
    with (LOCALES / "pl" / "LC_MESSAGES" / "frontdoor.po").open("rb") as handle:
        message = read_po(handle, locale="pl").get(CONSENT_EN, context="utter_ask_consent")
    assert message is not None
    return str(message.string)


def _edit_path(code: str, key: str) -> str:
    return f"/admin/ui/languages/{code}/messages/{key}"


def _shown_english(client: TestClient, code: str, key: str) -> str:
    """The English the edit form shows (and sends back as the translation's source)."""
    match = ENGLISH_FIELD.search(client.get(_edit_path(code, key)).text)
    assert match
    return match.group(1).replace("&#39;", "'").replace("&amp;", "&")


def _publish(
    client: TestClient, code: str, key: str, text: str, status: str, english: str | None = None
) -> Response:
    path = _edit_path(code, key)
    data = {"text": text, "status": status, "csrf_token": csrf_of(client, path)}
    data["english"] = english if english is not None else _shown_english(client, code, key)
    return client.post(path, data=data, follow_redirects=False)


def _review_consent_buttons(client: TestClient) -> None:
    """A reviewer checks the consent question's Yes and No in Polish."""
    for english, text in CONSENT_BUTTONS.items():
        key = msg_key("utter_ask_consent", english)
        assert _publish(client, "pl", key, text, "reviewed").status_code == 303


def _coverage(client: TestClient, headers: dict[str, str], code: str) -> dict[str, int]:
    rows = client.get("/internal/translations/coverage", headers=headers).json()
    return next(row for row in rows if row["code"] == code)


def _audits(session: Session, action: str, outcome: str) -> list[AuditEvent]:
    session.expire_all()
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == outcome)
        )
    )


def test_editing_english_consent_blocks_stale_polish_and_polish_falls_back_to_english(
    client: TestClient, session: Session, service_headers: dict[str, str]
) -> None:
    add_user(session, "rita", "reviewer")
    add_user(session, "ada", "admin")
    add_user(session, "tess", "translator")
    polish = _polish_consent()

    # A machine draft is never sent: the English, then the interpreter offer in Polish.
    before = rendered(client, "utter_ask_consent", "pl")
    assert before.startswith(CONSENT_EN + "\n" + FALLBACK_PL) and "ZADZWOŃ" in before

    sign_in(client, "rita")
    assert _publish(client, "pl", CONSENT_KEY, polish, "reviewed").status_code == 303
    partly = rendered(client, "utter_ask_consent", "pl")
    assert partly.startswith(polish + "\n" + FALLBACK_PL), "its Yes and No are drafts still"
    _review_consent_buttons(client)
    assert rendered(client, "utter_ask_consent", "pl") == polish, "reviewed: sent in Polish"
    reviewed = _coverage(client, service_headers, "pl")

    sign_in(client, "ada")
    assert _publish(client, "en", CONSENT_KEY, CONSENT_EN_NEW, "reviewed").status_code == 303
    assert rendered(client, "utter_ask_consent", "en") == CONSENT_EN_NEW

    # The Polish was translated from the old English: stale, so the new English goes out.
    after = rendered(client, "utter_ask_consent", "pl")
    assert after.startswith(CONSENT_EN_NEW + "\n" + FALLBACK_PL)
    stale = _coverage(client, service_headers, "pl")
    assert stale["stale"] == reviewed["stale"] + 1
    assert stale["safety_in_english"] == reviewed["safety_in_english"] + 1
    page = client.get("/admin/ui/languages/pl").text
    assert "stale" in page and "sent in English with an interpreter offer" in page

    # Publishing the stale translation again (checked against the old English) is refused.
    sign_in(client, "rita")
    refused = _publish(client, "pl", CONSENT_KEY, polish, "reviewed", english=CONSENT_EN)
    assert refused.status_code == 422
    assert "The English of this text has changed" in refused.text
    assert "We would like to record your language" in refused.text, "shows today's English"
    # A translator can't publish a safety-critical text at all: it needs a reviewer.
    sign_in(client, "tess")
    draft = _publish(client, "pl", CONSENT_KEY, polish, "draft")
    assert draft.status_code == 422 and "safety-critical" in draft.text
    assert rendered(client, "utter_ask_consent", "pl").startswith(CONSENT_EN_NEW), "unchanged"
    assert len(_audits(session, "translation.publish", "refused")) == 2

    # Checked against today's English by a reviewer: Polish again.
    sign_in(client, "rita")
    assert _publish(client, "pl", CONSENT_KEY, polish, "certified").status_code == 303
    assert rendered(client, "utter_ask_consent", "pl") == polish
    assert _coverage(client, service_headers, "pl")["certified"] == reviewed["certified"] + 1


def test_roles_decide_which_status_a_text_may_be_published_with(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tess", "translator")
    sign_in(client, "tess")

    form = client.get(_edit_path("pl", SAVED_KEY)).text
    assert '<option value="draft"' in form and '<option value="reviewed"' not in form
    refused = _publish(client, "pl", SAVED_KEY, "Dzięki, zapisane.", "reviewed")
    english = _publish(client, "en", SAVED_KEY, "Thanks, saved.", "reviewed")
    drafted = _publish(client, "pl", SAVED_KEY, "Dzięki, zapisane.", "draft")

    assert refused.status_code == 422 and "A reviewer marks texts reviewed" in refused.text
    assert english.status_code == 422 and "only admins and reviewers change it" in english.text
    assert drafted.status_code == 303, "a non-safety machine draft may be published"
    assert rendered(client, "utter_saved", "pl") == "Dzięki, zapisane."


def test_rollback_restores_the_status_and_source_of_the_text_it_brings_back(
    client: TestClient, session: Session
) -> None:
    add_user(session, "rita", "reviewer")
    add_user(session, "tess", "translator")
    polish = _polish_consent()
    sign_in(client, "rita")
    _review_consent_buttons(client)
    _publish(client, "pl", CONSENT_KEY, polish, "reviewed")
    _publish(client, "pl", CONSENT_KEY, polish + " (1)", "certified")
    path = _edit_path("pl", CONSENT_KEY)
    undo_certified = re.findall(r'action="([^"]+/rollback/\d+)"', client.get(path).text)[0]

    sign_in(client, "tess")
    refused = client.post(undo_certified, data={"csrf_token": csrf_of(client, path)})
    assert refused.status_code == 422 and "ask a reviewer" in refused.text

    sign_in(client, "rita")
    client.post(undo_certified, data={"csrf_token": csrf_of(client, path)})
    assert rendered(client, "utter_ask_consent", "pl") == polish, "reviewed again, so sent"


def test_export_carries_statuses_and_marks_stale_texts_with_the_english_they_came_from(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    _publish(client, "pl", CONSENT_KEY, _polish_consent(), "reviewed")
    _publish(client, "en", CONSENT_KEY, CONSENT_EN_NEW, "reviewed")

    body = client.get("/admin/ui/languages/pl/export.po").content
    catalog = restore_previous_ids(read_po(BytesIO(body)))

    consent = catalog.get(CONSENT_EN_NEW, context="utter_ask_consent")
    assert consent is not None, "the msgid is today's English"
    assert consent.fuzzy and consent.previous_id == [CONSENT_EN]
    assert "reviewed" in consent.user_comments
    assert any("SAFETY-CRITICAL" in c for c in consent.auto_comments)
    saved = catalog.get(
        "Thank you. Your answers are saved and shared with the NHS services that care for you.",
        context="utter_saved",
    )
    assert saved is not None and not saved.fuzzy
    assert "draft: needs review by a qualified translator" in saved.user_comments
    assert b'#| msgid ""\n#| "We\'d like to record' in body, "gettext's previous-msgid lines"


def _reword_saved(po: str) -> str:
    """The file with the Polish of utter_saved reworded."""
    start = po.index('msgctxt "utter_saved"')
    entry = po[start:].replace(
        '"Dziękujemy. Twoje odpowiedzi', '"Wielkie dzięki. Twoje odpowiedzi', 1
    )
    assert entry != po[start:]
    return po[:start] + entry


def _upload(client: TestClient, data: bytes) -> Response:
    path = "/admin/ui/languages/pl"
    return client.post(
        f"{path}/import",
        data={"csrf_token": csrf_of(client, path)},
        files={"file": ("frontdoor.po", data, "text/x-gettext-translation")},
        follow_redirects=False,
    )


def test_an_agency_file_round_trips_with_its_statuses(
    client: TestClient, session: Session, service_headers: dict[str, str]
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    before = _coverage(client, service_headers, "pl")
    exported = client.get("/admin/ui/languages/pl/export.po").text
    # The agency certifies the consent question as it is and reviews one text it rewords.
    agency = exported.replace(
        "# draft: needs review by a qualified translator\n#. SAFETY-CRITICAL",
        "# certified: Agency Ltd, 2026-11-23\n#. SAFETY-CRITICAL",
        1,
    ).replace(
        f'{DRAFT}\n#: api/nlg/responses.py\nmsgctxt "utter_saved"',
        '# reviewed\n#: api/nlg/responses.py\nmsgctxt "utter_saved"',
        1,
    )
    agency = _reword_saved(agency)
    assert agency.count("# certified") == 1 and agency.count("# reviewed\n") == 1

    assert _upload(client, agency.encode()).status_code == 303

    after = _coverage(client, service_headers, "pl")
    assert after["certified"] == before["certified"] + 1
    assert after["reviewed"] == before["reviewed"] + 1
    assert rendered(client, "utter_saved", "pl").startswith("Wielkie dzięki.")
    again = client.get("/admin/ui/languages/pl/export.po").text
    assert "# certified: Agency Ltd, 2026-11-23" not in again, "our comment is the status"
    assert again.count("\n# certified\n") == 1 and "# reviewed\n" in again
    assert len(_audits(session, "translation.import", "ok")) == 1


def test_an_agency_file_whose_english_is_no_longer_ours_is_refused_line_by_line(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    exported = client.get("/admin/ui/languages/pl/export.po").text
    agency = _reword_saved(exported)
    _publish(client, "en", CONSENT_KEY, CONSENT_EN_NEW, "reviewed")  # English changes meanwhile
    line = next(
        number
        for number, text in enumerate(agency.splitlines(), start=1)
        if text == 'msgctxt "utter_ask_consent"'
    )

    response = _upload(client, agency.encode())

    assert response.status_code == 422
    assert f"line {line + 1}: the English of this utter_ask_consent text has changed" in (
        response.text.replace("&#39;", "'")
    )
    assert "Nothing was changed" in response.text
    assert rendered(client, "utter_saved", "pl").startswith("Dziękujemy."), "nothing applied"
    assert len(_audits(session, "translation.import", "refused")) == 1


def test_a_reviewed_catalog_text_is_sent_and_goes_stale_when_its_english_changes(
    tmp_path: Path,
) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    po = locales / "pl" / "LC_MESSAGES" / "frontdoor.po"
    text = po.read_text(encoding="utf-8")
    where = '\n#: api/nlg/responses.py\nmsgctxt "utter_ask_consent"\n'
    marked = text.replace(DRAFT + where, "# reviewed: A. Translator, 2026-11-23" + where)
    assert marked.count("# reviewed: A. Translator") == 3, "the question, Yes and No"
    po.write_text(marked, encoding="utf-8")
    i18n.compile_catalogs(locales)
    renderer = Renderer.load(locales, Languages.load(locales))

    assert renderer.render("utter_ask_consent", {"language": "pl"}, {}).text == _polish_consent()

    # The English changes in the code: extraction carries the Polish over, marked stale.
    pot = locales / "frontdoor.pot"
    pot.write_text(
        pot.read_text(encoding="utf-8").replace("We'd like to record", "We want to record"),
        encoding="utf-8",
    )
    assert i18n.update(locales)["pl"] == 1
    states = catalog_states(locales, "pl")
    new_key = ("utter_ask_consent", CONSENT_EN.replace("We'd like", "We want"))
    assert states[new_key].status == "reviewed"
    assert states[new_key].source == CONSENT_EN
    assert states[new_key].stale(new_key[1])
    assert '#, fuzzy\n#| msgid ""\n#| "We\'d like to record' in po.read_text(encoding="utf-8")
    i18n.compile_catalogs(locales)
    renderer = Renderer.load(locales, Languages.load(locales))
    stale = renderer.render("utter_ask_consent", {"language": "pl"}, {}).text
    assert stale.startswith(CONSENT_EN + "\n" + FALLBACK_PL), "the code's English, and the offer"
    assert i18n.update(locales)["pl"] == 0, "a second update keeps it stale, not carried again"
    assert catalog_states(locales, "pl")[new_key].source == CONSENT_EN


def test_999_and_111_texts_are_safety_critical_wherever_they_are(compiled_locales: Path) -> None:
    renderer = Renderer.load(compiled_locales, Languages.load(compiled_locales))

    reply = renderer.render("utter_check_in_worse", {"language": "pl"}, {}).text

    assert reply.startswith("Dziękujemy"), "the rest of the response stays Polish"
    assert "If you feel much worse, call NHS 111. In an emergency, call 999." in reply
    assert FALLBACK_PL in reply


def test_report_prints_every_language_as_a_table_json_and_markdown(
    capsys: object,
) -> None:
    assert report_main(["--markdown"]) == 0
    markdown = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "| Polish (`pl`) |" in markdown and "| Safety texts in English |" in markdown
    assert report_main([]) == 0
    table = capsys.readouterr().out  # type: ignore[attr-defined]
    assert table.splitlines()[0].split()[:6] == [
        "language",
        "total",
        "certified",
        "reviewed",
        "machine",
        "stale",
    ]


def test_edits_for_english_no_longer_used_are_listed_not_sent(
    client: TestClient, session: Session
) -> None:
    add_user(session, "rita", "reviewer")
    old_english = "Thank you. Your answers are saved."  # as if the code's English had changed
    apply_change(
        session=session,
        change=Change(
            "pl", "utter_saved", old_english, "Dzięki, zapisane.", "reviewed", "rita", "edit"
        ),
    )
    session.commit()
    sign_in(client, "rita")

    page = client.get("/admin/ui/languages/pl").text

    assert "Edits for English that is no longer used" in page
    assert old_english in page and "Dzięki, zapisane." in page
    assert rendered(client, "utter_saved", "pl").startswith("Dziękujemy."), "not sent"
