"""Calls in the languages Twilio can't speak (Urdu, Somali, Farsi, Kurdish (Sorani), Tigrinya),
with and without recorded prompts.

Without recordings a call is today's fallback: English words in the English voice, keys only, and
an interpreter call-back offered on every menu. With every piece of the language recorded
(generated tones, imported as a zip of files named by the recording script), the whole assessment
is `<Play>`ed after the language is chosen: not one `<Say>`, every audio URL served by the API,
no interpreter offer needed, and the same needs recorded in the person's language.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

import httpx
import pytest

from api.admin.ui.cli import PASSWORD_VARIABLE
from api.translations.languages import Language
from bot.channels.voice_twiml import AUDIO_PATH
from bot.simulator import VOICE_WEBHOOK_PATH, call_form
from tests.e2e import provider
from tests.e2e.conftest import _numbers, signed_post
from tests.e2e.test_voice_languages import (
    LANGUAGES,
    KeypadCall,
    complete_by_keypad,
    key_for,
    read_reply,
)
from tests.support.stack import API_BIN, PUBLIC_BASE_URL, REPO, Stack
from tests.support.test_audio import tone, zipped

CODES = ("ur", "so", "fa", "ckb", "ti")
PASSWORD = "recordings e2e password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PLAY = re.compile(r"^\[\[play:(\S+)\]\]", re.MULTILINE)
MAX_TURNS = 30


class AdminPage:
    """A browser signed in to the admin page of the running stack."""

    def __init__(self, stack: Stack, username: str) -> None:
        self.http = httpx.Client(base_url=stack.api_url, timeout=120)
        token = CSRF.search(self.http.get("/admin/ui/login").text)
        assert token
        form = {"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
        assert self.http.post("/admin/ui/login", data=form).status_code == 303

    def import_all(self, code: str) -> int:
        """Record every piece of the language's script (a tone each), certified, by zip."""
        page = f"/admin/ui/languages/{code}/recordings"
        script = self.http.get(f"{page}/script.csv")
        assert script.status_code == 200, script.text
        rows = list(csv.DictReader(io.StringIO(script.text)))
        files = [(row["file"], tone(300 + 10 * n)) for n, row in enumerate(rows)]
        csrf = CSRF.search(self.http.get(page).text)
        assert csrf
        answer = self.http.post(
            f"{page}/import",
            data={"status": "certified", "csrf_token": csrf.group(1)},
            files={"file": ("takes.zip", zipped(files), "application/zip")},
            follow_redirects=True,
        )
        assert answer.status_code == 200, answer.text[-2000:]
        assert f"Imported {len(rows)} recordings" in answer.text, answer.text[-2000:]
        return len(rows)


@pytest.fixture(scope="module")
def admin(stack: Stack) -> Iterator[AdminPage]:
    subprocess.run(
        [str(API_BIN / "python"), "-m", "api.admin.ui.cli", "create-user"]
        + ["--username", "recordings-e2e", "--role", "admin"],
        cwd=REPO,
        env={**stack.env, PASSWORD_VARIABLE: PASSWORD},
        check=False,  # already there from an earlier run in the session
        capture_output=True,
    )
    page = AdminPage(stack, "recordings-e2e")
    yield page
    page.http.close()


def remove_recordings(stack: Stack, code: str) -> None:
    """Leave the shared stack without recordings, as the other call tests expect."""
    database = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM voice_recordings WHERE language = ?", (code,))


def twiml_of(call: KeypadCall, **answer: str) -> ElementTree.Element:
    """Post as Twilio does and return the TwiML."""
    form = call_form(call.number, call.call_sid, call.stack.env["TWILIO_ACCOUNT_SID"], **answer)
    response = signed_post(call.stack, VOICE_WEBHOOK_PATH, form, call.query)
    assert response.status_code == 200, response.text
    root = ElementTree.fromstring(response.text)
    gather = root.find("Gather")
    if gather is not None:
        call.query = gather.attrib["action"].split("?", 1)[1]
    call.turns += 1
    return root


def fresh_number() -> str:
    """A number no other test has called from (the same supply as `phone_number`)."""
    return f"+447700900{next(_numbers):03d}"


def language_key(call: KeypadCall, language: Language) -> str:
    """Dial, turn the language menu's pages (0) until the language is offered, and return its
    key: the menu is paged and ordered by demand, so no key number is fixed."""
    menu = twiml_of(call)
    for _ in range(len(LANGUAGES.ordered)):
        key = key_for(read_reply(ElementTree.tostring(menu, encoding="unicode")), language)
        if key is not None:
            return key
        menu = twiml_of(call, Digits="0")
    pytest.fail(f"{language.code} not offered on any page")


def voice_pieces(stack: Stack, response: str, code: str) -> list[str]:
    """The audio paths the NLG plays for a response in a language on a call."""
    body = {
        "response": response,
        "arguments": {"language": code},
        "tracker": {"slots": {"language": code}},
        "channel": {"name": "twilio_voice"},
    }
    url = f"{stack.api_url}/nlg?token={stack.env['FRONTDOOR_SERVICE_TOKEN']}"
    answer = httpx.post(url, json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return PLAY.findall(str(answer.json()["text"]))


@pytest.mark.parametrize("code", CODES)
def test_without_recordings_a_call_is_todays_english_fallback(
    stack: Stack, phone_number: str, code: str
) -> None:
    language = LANGUAGES.get(code)
    assert language is not None and not language.voice.say_voice
    remove_recordings(stack, code)
    menu_number = LANGUAGES.ordered.index(language) + 1
    complete_by_keypad(stack, phone_number, menu_number, language)  # English voice throughout

    def english_with_offer(root: ElementTree.Element, where: str) -> list[str]:
        assert root.find(".//Play") is None, where
        says = list(root.iter("Say"))
        assert says and {x.get("voice") for x in says} == {"Polly.Amy"}, where
        lines = [x.text or "" for x in says]
        assert "An interpreter to call me back: press" in "".join(lines), f"{where}: {lines}"
        return lines

    # A new caller who chooses the language on the (paged) menu: consent asked in English.
    call = KeypadCall(stack, fresh_number())
    chosen = twiml_of(call, Digits=language_key(call, language))
    lines = english_with_offer(chosen, "consent")
    assert lines[1:4] == [
        "Yes: press 1.",
        "No: press 2.",
        "An interpreter to call me back: press 3.",
    ]

    # Calling back: the menu after the assessment has nine options, the offer is a tenth.
    menu = twiml_of(KeypadCall(stack, phone_number))
    lines = english_with_offer(menu, "after the assessment")
    assert "Contact us for someone else: press 9." in lines
    assert "An interpreter to call me back: press 10." in lines
    gather = menu.find("Gather")
    assert gather is not None and gather.attrib["numDigits"] == "2"  # 10 is two keys


@pytest.mark.parametrize("code", CODES)
def test_with_every_piece_recorded_the_whole_assessment_is_played(
    stack: Stack, admin: AdminPage, phone_number: str, code: str
) -> None:
    language = LANGUAGES.get(code)
    assert language is not None
    call = KeypadCall(stack, phone_number)
    key = language_key(call, language)  # the menu, in English before a language is chosen
    admin.import_all(code)
    try:
        consent = voice_pieces(stack, "utter_ask_consent", code)
        read_back = voice_pieces(stack, "utter_read_back", code)[0]
        saved = voice_pieces(stack, "utter_saved", code)
        assert consent and saved

        heard = twiml_of(call, Digits=key)
        played_paths: set[str] = set()

        def played(root: ElementTree.Element, where: str) -> list[str]:
            said = [x.text for x in root.iter("Say")]
            assert not said, f"{code} {where}: said instead of played: {said}"
            paths = [x.text or "" for x in root.iter("Play")]
            assert paths, f"{code} {where}: nothing played"
            for path in paths:
                assert path.startswith(PUBLIC_BASE_URL + AUDIO_PATH + "/"), path
                played_paths.add(path.removeprefix(PUBLIC_BASE_URL))
            gather = root.find("Gather")
            assert gather is None or gather.attrib["input"] == "dtmf"
            return ["/voice/audio/" + p.rsplit("/", 1)[1] for p in paths]  # as the API names them

        assert played(heard, "consent")[: len(consent)] == consent
        heard = twiml_of(call, Digits="1")  # consent
        played(heard, "interpreter")
        heard = twiml_of(call, Digits="2")  # no interpreter
        for turn in range(MAX_TURNS):
            if read_back in played(heard, f"question {turn + 1}"):
                break
            heard = twiml_of(call, Digits="1")
        else:
            pytest.fail(f"{code}: no read-back after {MAX_TURNS} answers")
        heard = twiml_of(call, Digits="1")  # that's right
        assert played(heard, "saved")[: len(saved)] == saved

        for path in played_paths:  # what Twilio fetches: our own audio, cached for ever
            audio = httpx.get(stack.rasa_url + path, timeout=10)
            assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
            assert audio.content[:4] == b"RIFF" and "immutable" in audio.headers["cache-control"]

        record = provider.get(stack, f"/v1/people/{provider.person_id(stack, phone_number)}/needs")
        assert record.status_code == 200, record.text
        assert record.json()["language"]["code"] == code
        assert record.json()["consent"]["language"] == code  # a certified recording was heard
        assert {need["source_channel"] for need in record.json()["needs"]} == {"voice"}
    finally:
        remove_recordings(stack, code)
