"""POST /nlg: Rasa's NLG server protocol, rendered from the catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from api.app import create_app
from api.core.settings import REPO_ROOT, Settings
from api.nlg.render import CatalogMissingError, Renderer
from api.translations.languages import Languages
from tests.api.conftest import SERVICE_TOKEN

REPO_LOCALES = Path(__file__).resolve().parents[3] / "locales"

LANGUAGES_IN_MENU_ORDER = Languages.load(REPO_ROOT / "locales").codes()
YES_NO_EN = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
YES_NO_PL = [{"title": "Tak", "payload": "/affirm"}, {"title": "Nie", "payload": "/deny"}]


def nlg(
    client: TestClient,
    response: str,
    arguments: dict[str, Any] | None = None,
    slots: dict[str, Any] | None = None,
    token: str = SERVICE_TOKEN,
) -> Any:
    """Post what Rasa posts and return the HTTP response."""
    body = {
        "response": response,
        "arguments": arguments or {},
        "tracker": {"sender_id": "+447700900123", "slots": slots or {}, "events": []},
        "channel": {"name": "twilio_sms"},
    }
    return client.post("/nlg", params={"token": token}, json=body)


def test_language_menu_is_a_short_prompt_and_native_names_in_menu_order(
    client: TestClient,
) -> None:
    reply = nlg(client, "utter_ask_language")

    assert reply.status_code == 200
    body = reply.json()
    assert body["text"] == "Welcome to Front Door. Reply with a number to choose your language."
    languages = Languages.load(REPO_LOCALES)
    assert body["buttons"] == [
        {"title": x.native_name, "payload": f'/choose_language{{"language":"{x.code}"}}'}
        for x in languages.ordered
    ]
    assert [b["title"] for b in body["buttons"][:4]] == [
        "English",
        "Polski",
        "Easy Read English",
        "Cymraeg",
    ]
    assert {"اردو", "বাংলা", "العربية", "ਪੰਜਾਬੀ", "Soomaali", "فارسی", "ትግርኛ"} <= {
        b["title"] for b in body["buttons"]
    }


def test_language_menu_when_changing_language_adds_the_current_languages_prompt(
    client: TestClient,
) -> None:
    reply = nlg(client, "utter_ask_language", slots={"language": "pl"}).json()

    assert reply["text"] == (
        "Welcome to Front Door. Reply with a number to choose your language.\n"
        "Witamy w Front Door. Odpisz numerem, aby wybrać język."
    )
    assert reply["buttons"][1] == {
        "title": "Polski",
        "payload": '/choose_language{"language":"pl"}',
    }


def test_consent_goes_out_in_english_with_an_interpreter_offer_until_polish_is_reviewed(
    client: TestClient,
) -> None:
    english = nlg(client, "utter_ask_consent", {"language": "en"}).json()
    polish = nlg(client, "utter_ask_consent", slots={"language": "pl"}).json()
    interpreter = nlg(client, "utter_ask_interpreter_needed", slots={"language": "pl"}).json()

    assert english["text"].startswith("We'd like to record your language")
    assert english["buttons"] == YES_NO_EN
    # Polish consent is a machine draft (safety-critical): the English, then the offer in Polish.
    assert polish["text"].startswith(english["text"] + "\nCzęść tej wiadomości jest po angielsku")
    assert polish["text"].endswith("wyślij ZADZWOŃ (lub CALL ME).")
    assert polish["buttons"] == YES_NO_EN
    assert interpreter["text"].startswith("Czy potrzebujesz tłumacza")
    assert interpreter["buttons"] == YES_NO_PL


def test_argument_language_wins_over_slot(client: TestClient) -> None:
    reply = nlg(client, "utter_saved", {"language": "pl"}, {"language": "en"}).json()

    assert reply["text"].startswith("Dziękujemy.")


def test_interpreter_language_menu_names_languages_in_conversation_language(
    client: TestClient,
) -> None:
    english = nlg(client, "utter_ask_interpreter_language", {"language": "en"}).json()
    polish = nlg(client, "utter_ask_interpreter_language", {"language": "pl"}).json()

    offered = [c for c in LANGUAGES_IN_MENU_ORDER if c not in ("en", "en@easyread")]
    payload = '/inform{{"interpreter_language":"{}"}}'.format
    assert [b["payload"] for b in english["buttons"]] == [
        *(payload(c) for c in offered),
        payload("bfi"),
        payload("other"),
    ]
    assert [b["payload"] for b in polish["buttons"]][0] == payload("pl")
    assert sorted(b["payload"] for b in polish["buttons"]) == sorted(
        b["payload"] for b in english["buttons"]
    )
    english_titles = [b["title"] for b in english["buttons"]]
    assert english_titles[:3] == ["Polish", "Welsh", "Urdu"]
    assert english_titles[-2:] == ["British Sign Language", "Another language"]
    assert "Farsi" in english_titles, "NHS names in English, not CLDR's 'Persian'"
    assert [b["title"] for b in polish["buttons"]][:3] == ["Polski", "Walijski", "Urdu"]
    assert polish["text"] == "W jakim języku ma mówić tłumacz?"


@pytest.mark.parametrize("code", ["ti", "ckb", "so", "zh", "uk", "ta", "es"])
def test_the_interpreter_menu_offers_the_conversation_language_first(
    client: TestClient, code: str
) -> None:
    menu = nlg(client, "utter_ask_interpreter_language", {"language": code}).json()
    assert menu["buttons"][0]["payload"] == f'/inform{{"interpreter_language":"{code}"}}'
    assert len(menu["buttons"]) == len(LANGUAGES_IN_MENU_ORDER) - 2 + 2  # no en; + BSL, other


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [("so", "bn", "Af-Bangaali"), ("so", "pl", "Af-Boolish"), ("pt", "pl", "Polaco")],
)
def test_interpreter_names_come_from_the_reviewed_table_where_cldr_is_wrong(
    client: TestClient, language: str, code: str, name: str
) -> None:
    menu = nlg(client, "utter_ask_interpreter_language", {"language": language}).json()
    titles = {b["payload"]: b["title"] for b in menu["buttons"]}
    assert titles[f'/inform{{"interpreter_language":"{code}"}}'] == name


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {"language": "pl", "interpreter_needed": True, "interpreter_language": "ur"},
            "Oto, co zapiszemy:\nJęzyk: Polski\nTłumacz: urdu\nCzy wszystko się zgadza?",
        ),
        (
            {"language": "pl", "interpreter_needed": False, "interpreter_language": None},
            "Oto, co zapiszemy:\nJęzyk: Polski\nTłumacz: niepotrzebny\nCzy wszystko się zgadza?",
        ),
        (
            {"language": "en", "interpreter_needed": True, "interpreter_language": "ro"},
            "Here is what we will record:\nLanguage: English\nInterpreter: Romanian\n"
            "Is this right?",
        ),
        (
            {"language": "en", "interpreter_needed": None, "interpreter_language": None},
            "Here is what we will record:\nLanguage: English\nIs this right?",
        ),
    ],
)
def test_read_back(client: TestClient, arguments: dict[str, Any], expected: str) -> None:
    reply = nlg(client, "utter_read_back", arguments).json()

    assert reply["text"] == expected
    assert reply["buttons"] == (YES_NO_PL if arguments["language"] == "pl" else YES_NO_EN)


def test_read_back_falls_back_to_slots(client: TestClient) -> None:
    slots = {"language": "en", "interpreter_needed": False, "interpreter_language": None}

    reply = nlg(client, "utter_read_back", {}, slots).json()

    assert "Interpreter: not needed" in reply["text"]


def test_unknown_response_renders_utter_default(client: TestClient) -> None:
    reply = nlg(client, "utter_does_not_exist", {"language": "pl"})

    assert reply.status_code == 200
    assert reply.json() == {
        "text": "Przepraszamy, coś poszło nie tak po naszej stronie. Spróbuj ponownie.",
        "buttons": [],
    }


def test_unknown_language_renders_english(client: TestClient) -> None:
    reply = nlg(client, "utter_no_consent", {"language": "xx"}, {"language": "klingon"}).json()

    assert reply["text"].startswith("That's fine. Nothing has been recorded.")


def test_wrong_token_is_401_problem(client: TestClient) -> None:
    for token in ("wrong", ""):
        reply = nlg(client, "utter_default", token=token)
        assert reply.status_code == 401
        assert reply.headers["content-type"] == "application/problem+json"
    assert client.post("/nlg", json={"response": "utter_default"}).status_code == 401


def test_missing_translation_falls_back_to_english(compiled_locales: Path, tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(compiled_locales, locales)
    po_path = locales / "pl" / "LC_MESSAGES" / "frontdoor.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="pl")
    catalog.delete("Is this right?", context="utter_read_back")
    with (po_path.with_suffix(".mo")).open("wb") as handle:
        write_mo(handle, catalog)
    languages = Languages.load(locales)

    rendered = Renderer.load(locales, languages).render(
        "utter_read_back", {"language": "pl", "interpreter_needed": None}, {}
    )

    assert rendered.text == "Oto, co zapiszemy:\nJęzyk: Polski\nIs this right?"


def test_missing_compiled_catalog_fails_clearly(settings: Settings, tmp_path: Path) -> None:
    locales = tmp_path / "bare-locales"
    shutil.copytree(settings.locales_dir, locales, ignore=shutil.ignore_patterns("*.mo"))

    with pytest.raises(CatalogMissingError, match="pybabel compile -d locales -D frontdoor"):
        create_app(settings.model_copy(update={"locales_dir": locales}))


def test_voice_speaks_each_option_and_how_to_repeat(client: TestClient) -> None:
    body = {
        "response": "utter_ask_interpreter_needed",
        "arguments": {"language": "pl"},
        "tracker": {"slots": {}},
        "channel": {"name": "twilio_voice"},
    }
    spoken = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()
    sms = nlg(client, "utter_ask_interpreter_needed", {"language": "pl"}).json()
    assert spoken["text"].startswith(sms["text"])
    assert "Tak: naciśnij 1." in spoken["text"] and "Nie: naciśnij 2." in spoken["text"]
    assert spoken["text"].endswith("Naciśnij gwiazdkę, aby usłyszeć to ponownie.")
    assert spoken["buttons"] == sms["buttons"], "keypad digits map to the same payloads"


def test_a_language_twilio_cannot_speak_is_spoken_in_english_with_an_interpreter_offer(
    client: TestClient,
) -> None:
    body = {
        "response": "utter_ask_consent",
        "arguments": {"language": "ur"},
        "tracker": {"slots": {}},
        "channel": {"name": "twilio_voice"},
    }
    spoken = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()
    assert "Yes: press 1." in spoken["text"], "English, which the English voice can say"
    assert spoken["buttons"][-1] == {
        "title": "An interpreter to call me back",
        "payload": "/call_me_back",
    }
    assert "An interpreter to call me back: press 3." in spoken["text"]
    by_text = nlg(client, "utter_ask_consent", {"language": "ur"}).json()
    assert "/call_me_back" not in str(by_text["buttons"]), "only calls need it"
    polish = {**body, "response": "utter_ask_interpreter_needed", "arguments": {"language": "pl"}}
    assert "/call_me_back" not in str(
        client.post(f"/nlg?token={SERVICE_TOKEN}", json=polish).json()
    )


def test_unchecked_polish_consent_on_a_call_is_english_with_an_interpreter_option(
    client: TestClient,
) -> None:
    body = {
        "response": "utter_ask_consent",
        "arguments": {"language": "pl"},
        "tracker": {"slots": {}},
        "channel": {"name": "twilio_voice"},
    }
    spoken = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()

    # The English lines are tagged for the English voice (docs/voice-languages.md).
    assert spoken["text"].startswith("[[lang:en]] We'd like to record your language")
    assert "Część tej wiadomości jest po angielsku" in spoken["text"]
    assert "[[lang:en]] Yes: press 1." in spoken["text"]
    assert spoken["buttons"][:2] == YES_NO_EN
    assert spoken["buttons"][2]["payload"] == "/call_me_back"
    assert "Tłumacz, który do mnie oddzwoni: naciśnij 3." in spoken["text"]
