"""A call's prompt as pieces: each played from a current recording, else the language's voice,
else English; stale recordings never, safety texts only from checked ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from api.assessment.store import default_flow
from api.nlg.render import Renderer
from api.recordings.cache import Playable
from api.recordings.pieces import recorded_parts, text_id
from api.translations.languages import Languages

CALL = "twilio_voice"
PLAY = re.compile(r"^\[\[play:(\S+)\]\] ", re.MULTILINE)
SAY = re.compile(r"^\[\[lang:(\S+)\]\] (.*)$", re.MULTILINE)
QUESTION = "Would you like an interpreter when you talk to NHS services?"
PRESS_FOR = text_id("voice", "%(option)s: press %(number)s.")


@pytest.fixture
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


def every_piece(locales: Path, code: str, status: str = "certified") -> dict:
    """A recording of every translated piece of a language, numbers and keypad words too."""
    found = {}
    with (locales / code / "LC_MESSAGES" / "frontdoor.po").open("rb") as handle:
        for m in read_po(handle):
            if m.id and m.string and isinstance(m.id, str):  # counted texts: said, not recorded
                for piece, words in recorded_parts(text_id(m.context or "", m.id), m.string):
                    found[(code, piece)] = Playable(words, m.id, status, f"/a/{piece}")
    for n in range(1, 21):
        found[(code, f"number-{n}")] = Playable(str(n), str(n), "draft", f"/a/number-{n}")
    return found


def say(renderer: Renderer, response: str, code: str, recordings: dict) -> str:
    renderer.recordings = lambda: recordings
    return renderer.render(response, {"language": code}, {"language": code}, CALL).text


def test_without_recordings_a_voiceless_language_is_said_in_english_as_before(
    renderer: Renderer,
) -> None:
    before = say(renderer, "utter_ask_interpreter_needed", "so", {})
    assert "[[play:" not in before and QUESTION in before
    assert "interpreter to call me back" in before


def test_every_piece_recorded_is_played_and_nothing_said(
    renderer: Renderer, compiled_locales: Path
) -> None:
    text = say(renderer, "utter_ask_interpreter_needed", "so", every_piece(compiled_locales, "so"))
    assert not SAY.findall(text), text
    # "<option>: riix <n>.": the option's own piece, then the words between, then the number
    assert PLAY.findall(text)[2:4] == [f"/a/{PRESS_FOR}-1", "/a/number-1"]
    assert "interpreter to call me back" not in text.lower(), "no English, no offer needed"


def test_a_missing_piece_falls_back_alone_in_english_the_rest_is_played(
    renderer: Renderer, compiled_locales: Path
) -> None:
    recordings = every_piece(compiled_locales, "so")
    question_id = text_id("utter_ask_interpreter_needed", QUESTION)
    del recordings[("so", question_id)]
    text = say(renderer, "utter_ask_interpreter_needed", "so", recordings)
    assert SAY.findall(text)[0] == ("en", QUESTION)  # only the question, in English
    assert len(PLAY.findall(text)) > 6  # every option still played
    assert "/a/number-2" in text


def test_a_stale_recording_is_not_played(renderer: Renderer, compiled_locales: Path) -> None:
    recordings = every_piece(compiled_locales, "so")
    question_id = text_id("utter_ask_interpreter_needed", QUESTION)
    old = recordings[("so", question_id)]
    recordings[("so", question_id)] = Playable(
        old.words + " (old words)", old.english, "certified", old.path
    )
    assert old.path not in say(renderer, "utter_ask_interpreter_needed", "so", recordings)
    recordings[("so", question_id)] = Playable(old.words, "Older English?", "certified", old.path)
    assert old.path not in say(renderer, "utter_ask_interpreter_needed", "so", recordings)


def test_a_safety_text_is_played_only_from_a_checked_recording(
    renderer: Renderer, compiled_locales: Path
) -> None:
    drafts = every_piece(compiled_locales, "so", status="draft")
    text = say(renderer, "utter_ask_consent", "so", drafts)
    assert SAY.findall(text)[0][0] == "en", "a draft consent recording is not played"
    certified = every_piece(compiled_locales, "so", status="certified")
    assert not SAY.findall(say(renderer, "utter_ask_consent", "so", certified))


def test_a_voiced_language_says_what_is_not_recorded_in_its_own_voice(
    renderer: Renderer, compiled_locales: Path
) -> None:
    recordings = {k: v for k, v in every_piece(compiled_locales, "pl").items() if "number" in k[1]}
    text = say(renderer, "utter_ask_interpreter_needed", "pl", recordings)
    assert "/a/number-1" in text and "/a/number-2" in text
    assert {language for language, _ in SAY.findall(text)} == {"pl"}


def test_the_language_menu_plays_a_voiceless_languages_own_recorded_line(
    renderer: Renderer, compiled_locales: Path
) -> None:
    recordings = every_piece(compiled_locales, "so")
    renderer.recordings = lambda: recordings
    menu = renderer.render("utter_ask_language", {}, {}, CALL).text
    assert "Somali: press 1." in menu, "without its name recorded: English, as before"
    recordings[("so", "name")] = Playable("Soomaali", "Somali", "draft", "/a/so-name")
    menu = renderer.render("utter_ask_language", {}, {}, CALL).text
    assert "Somali" not in menu and "/a/so-name" in menu and "/a/number-1" in menu
    assert ("en", "Urdu: press 5.") in SAY.findall(menu), "Urdu, unrecorded, stays English"
    assert "[[page]]" in menu, "still one page at a time (api/nlg/voice_menu.py)"


def test_a_read_back_line_of_label_and_value_is_played_as_its_two_recorded_pieces(
    renderer: Renderer, compiled_locales: Path
) -> None:
    """ "%(label)s: %(value)s" has no words of its own to record: its label and value are."""
    flow = default_flow()
    question = flow.questions()[0]
    answers = {"language": "so", "answers": {question.id: [question.options[0].id]}}
    renderer.recordings = lambda: every_piece(compiled_locales, "so")
    text = renderer.render("utter_read_back", answers, answers, CALL, flow=flow).text
    option = question.options[0]
    label, value = (text_id(f"flow:{question.id}", e) for e in (question.label, option.text))
    played = PLAY.findall(text)
    assert f"/a/{label}" in played and f"/a/{value}" in played, text
    assert played.index(f"/a/{value}") == played.index(f"/a/{label}") + 1, text
    assert not [words for _, words in SAY.findall(text) if question.label in words], text
