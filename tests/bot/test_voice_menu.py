"""The channel's side of paged menus and spoken language names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels import voice_menu
from bot.channels.twilio_voice import caller_input
from bot.channels.voice_twiml import VoiceLanguages

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = VoiceLanguages.from_file(REPO / "locales" / "languages.yml")
NAMES = {code: language.names for code, language in LANGUAGES.by_code.items()}


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("Somali", "so"),
        ("Soomaali", "so"),
        ("af soomaali", "so"),
        ("اردو", "ur"),
        ("Urdu.", "ur"),
        ("I speak Polish please", "pl"),
        ("polski", "pl"),
        ("English", "en"),
        ("Easy Read English", "en@easyread"),
        ("easy read", "en@easyread"),
        ("Farsi", "fa"),
        ("Persian", "fa"),
        ("Sorani", "ckb"),
        ("Kurdish", "ckb"),
        ("Tigrinya", "ti"),
        ("Espanol", "es"),
        ("Română", "ro"),
        ("romana", "ro"),
        ("中文", "zh"),
    ],
)
def test_a_language_is_chosen_by_any_of_its_names(said: str, code: str) -> None:
    assert voice_menu.language_named(said, NAMES) == code


@pytest.mark.parametrize("said", ["", "hello", "yes", "one", "Eng"])
def test_other_words_choose_no_language(said: str) -> None:
    assert voice_menu.language_named(said, NAMES) is None


MENU = [
    {"text": "Before", "buttons": []},
    {
        "text": "Welcome\nPress 1 for A\nMore\n[[page]]\nPress 1 for B\nPress 2 for C",
        "buttons": [
            {"title": "A", "payload": '/choose_language{"language":"a"}'},
            {"title": "More", "payload": "/more_languages"},
            {"title": "B", "payload": '/choose_language{"language":"b"}'},
            {"title": "C", "payload": '/choose_language{"language":"c"}'},
        ],
    },
]


def test_a_paged_menu_is_said_a_page_at_a_time_with_its_own_keys() -> None:
    first = voice_menu.menu_page(MENU, 0)
    assert [m["text"] for m in first.messages] == ["Before", "Welcome\nPress 1 for A\nMore"]
    assert [b["title"] for b in first.buttons] == ["A"]
    second = voice_menu.menu_page(MENU, first.next_page)
    assert [m["text"] for m in second.messages] == ["Press 1 for B\nPress 2 for C"]
    assert [b["title"] for b in second.buttons] == ["B", "C"]
    assert second.next_page == 0
    assert set(second.languages) == {"a", "b", "c"}
    assert voice_menu.menu_page(MENU, 7).page == 1  # a page number past the end wraps


def test_a_prompt_without_pages_is_said_whole() -> None:
    said = [{"text": "Is that OK?", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]
    page = voice_menu.menu_page(said, 3)
    assert (page.messages, page.pages, page.page) == (said, 1, 0)
    assert voice_menu.menu_page([], 0).messages == []


def test_the_hash_key_asks_for_slower_speech_and_a_menu_key_still_chooses() -> None:
    buttons = [{"title": "Yes", "payload": "/affirm"}]
    assert caller_input({"Digits": "#"}, True, buttons).kind == "slower"
    assert caller_input({"Digits": "1"}, True, buttons).text == "/affirm"
    assert caller_input({"Digits": "1#"}, True, buttons).text == "/affirm"
