"""Babel dates, times, numbers and plurals per language; isolates in right-to-left SMS; coverage."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from api.nlg.formatting import (
    FSI,
    PDI,
    format_count,
    format_day,
    format_when,
    isolate_ltr_runs,
    plural_category,
)
from api.translations.coverage import main as coverage_main
from tests.api.conftest import SERVICE_TOKEN

SUMMER_AFTERNOON = datetime(2026, 7, 14, 13, 30, tzinfo=UTC)  # 14:30 in London (BST)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Tuesday, 14 July 2026, 14:30"),
        ("en@easyread", "Tuesday, 14 July 2026, 2:30 pm"),  # Easy Read: 12-hour times
        ("pl", "wtorek, 14 lipca 2026 14:30"),
        ("cy", "Dydd Mawrth, 14 Gorffennaf 2026, 14:30"),
        ("tr", "14 Temmuz 2026 Salı 14:30"),
    ],
)
def test_booking_times_are_in_uk_time_and_the_persons_locale(language: str, expected: str) -> None:
    assert format_when(SUMMER_AFTERNOON, language) == expected


def test_unknown_language_formats_as_british_english() -> None:
    assert format_day(date(2026, 11, 24), "xx") == "Tuesday, 24 November 2026"
    assert format_count(12345, "pl") == "12\xa0345"
    assert format_count(12345, "en") == "12,345"


@pytest.mark.parametrize(
    ("language", "count", "category"),
    [("en", 1, "one"), ("en", 2, "other"), ("pl", 2, "few"), ("pl", 5, "many"), ("cy", 2, "two")],
)
def test_plural_categories_follow_cldr(language: str, count: int, category: str) -> None:
    assert plural_category(count, language) == category


def test_digits_and_latin_words_in_rtl_text_are_isolated_without_the_full_stop() -> None:
    text = "اتصل بـ NHS 111. في حالة الطوارئ، اتصل بـ 999."

    assert isolate_ltr_runs(text) == (
        f"اتصل بـ {FSI}NHS 111{PDI}. في حالة الطوارئ، اتصل بـ {FSI}999{PDI}."
    )
    assert isolate_ltr_runs("بدون أرقام") == "بدون أرقام"


def _nlg(client: TestClient, response: str, language: str, channel: str) -> dict[str, object]:
    body = {
        "response": response,
        "arguments": {"language": language},
        "tracker": {"sender_id": "x", "slots": {}, "events": []},
        "channel": {"name": channel},
    }
    reply = client.post("/nlg", params={"token": SERVICE_TOKEN}, json=body)
    assert reply.status_code == 200
    return reply.json()


def test_arabic_sms_isolates_latin_runs_but_voice_and_ltr_languages_do_not(
    client: TestClient,
) -> None:
    arabic = _nlg(client, "utter_saved", "ar", "twilio_sms")
    voice = _nlg(client, "utter_saved", "ar", "twilio_voice")
    polish = _nlg(client, "utter_saved", "pl", "twilio_sms")

    assert f"{FSI}NHS{PDI}" in str(arabic["text"])
    assert FSI not in str(voice["text"]) and "NHS" in str(voice["text"])
    assert FSI not in str(polish["text"])


def test_coverage_command_prints_every_language_but_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert coverage_main(["--json"]) == 0

    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert "en" not in rows
    assert {"pl", "en@easyread", "cy", "ar", "so", "ti"} <= set(rows)
    for row in rows.values():
        states = row["certified"] + row["reviewed"] + row["machine"]
        assert row["translated"] == states
        assert states + row["stale"] + row["missing"] == row["total"] > 0
        # Today every safety-critical text is a machine draft, so each is sent in English.
        assert row["safety_in_english"] >= 9


def test_coverage_endpoint_needs_the_service_token_and_counts_every_language(
    client: TestClient,
) -> None:
    assert client.get("/internal/translations/coverage").status_code == 401

    reply = client.get(
        "/internal/translations/coverage", headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
    )

    assert reply.status_code == 200
    rows = {row["code"]: row for row in reply.json()}
    assert "en" not in rows and {"pl", "ar", "ti"} <= set(rows)
    assert all(
        row["translated"] + row["stale"] + row["missing"] == row["total"] for row in rows.values()
    )
