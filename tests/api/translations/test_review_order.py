"""Review made easy: safety texts first, then the texts sent most (counted as they are rendered),
a packet per language with a back-translation column, and the admin page in the same order with
what each batch achieves."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core.settings import REPO_ROOT
from api.translations.prompts import prompts
from api.translations.review import (
    PACKET_COLUMNS,
    batches,
    locations,
    packet_csv,
    review_order,
    sends_by_context,
)
from tests.api.admin_ui_support import add_user, rendered, sign_in
from tests.api.conftest import SERVICE_TOKEN


def _send(client: TestClient, response: str, language: str, times: int) -> None:
    for _ in range(times):
        rendered(client, response, language)


def test_rendering_counts_each_text_sent_per_language(client: TestClient, session: Session) -> None:
    _send(client, "utter_saved", "ur", 3)
    _send(client, "utter_saved", "pl", 1)
    turn = {
        "replies": [{"response": "utter_ask_question", "arguments": {"question_id": "digital"}}],
        "slots": {"language": "ur"},
        "channel": "twilio_voice",
    }
    headers = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    assert client.post("/internal/render", json=turn, headers=headers).status_code == 200

    ur = sends_by_context(session, "ur")
    assert ur["utter_saved"] == 3
    assert ur["utter_ask_question"] == 1 and ur["flow:digital"] == 1 and ur["voice"] == 1
    assert sends_by_context(session, "pl") == {"utter_saved": 1}


def test_review_order_is_safety_first_then_most_sent(
    session: Session, compiled_locales: Path
) -> None:
    rows = prompts(session=session, locales_dir=compiled_locales, language="ur")
    sends = {"utter_saved": 50, "utter_help": 5, "utter_ask_consent": 1}

    items = review_order(rows, sends, batch_size=10)

    safety = [item for item in items if item.prompt.safety]
    assert items[: len(safety)] == safety, "every safety-critical text comes first"
    rest = items[len(safety) :]
    assert rest[0].prompt.context == "utter_saved" and rest[0].sends == 50
    assert rest[1].prompt.context == "utter_help"
    assert [item.order for item in items] == list(range(1, len(items) + 1))
    assert {item.batch for item in items[:10]} == {1} and items[10].batch == 2


def test_each_batch_says_how_many_sent_messages_would_then_be_reviewed(
    session: Session, compiled_locales: Path
) -> None:
    rows = prompts(session=session, locales_dir=compiled_locales, language="ur")
    safety_total = len([row for row in rows if row.safety])
    sends = {"utter_saved": 60, "utter_ask_consent": 40}

    done = batches(review_order(rows, sends, batch_size=safety_total))

    assert done[0].sends_total == 100
    assert done[0].sends_reviewed_after == 40, "consent (all its texts) is in the first batch"
    assert done[1].sends_reviewed_after == 100 and done[1].share_after == 100


def test_packet_lists_english_draft_back_translation_slot_and_where(
    session: Session, compiled_locales: Path
) -> None:
    rows = prompts(session=session, locales_dir=compiled_locales, language="bn")
    items = review_order(rows, {}, locations(REPO_ROOT / "locales" / "frontdoor.pot"))

    packet = list(csv.DictReader(io.StringIO(packet_csv(items))))

    assert tuple(packet[0]) == PACKET_COLUMNS
    assert packet[0]["safety_critical"] == "yes" and packet[-1]["safety_critical"] == "no"
    consent = next(row for row in packet if row["context"] == "utter_ask_consent")
    assert consent["english"].startswith("We'd like to record your language")
    assert consent["current_draft"] and consent["back_translation"] == ""
    assert "api/nlg/responses.py" in consent["where"]
    assert len(packet) == len(rows)


def test_admin_page_lists_a_language_in_review_order_with_batches(
    client: TestClient, session: Session
) -> None:
    _send(client, "utter_saved", "ur", 4)
    add_user(session, "rui", "reviewer")
    sign_in(client, "rui")

    page = client.get("/admin/ui/languages/ur").text

    assert "Batch 1: once it is reviewed" in page
    assert re.search(r"Batch 2: once it is reviewed, \d+ of \d+ messages sent in Urdu", page)
    first_rows = page.index("Batch 1")
    assert page.index("Safety-critical", first_rows) < page.index("Batch 2")
    saved = page.index("Thank you. Your answers are saved")
    assert saved < page.index("Send %(book)s whenever"), "the text sent most comes before the rest"
