"""Every text in every language, rendered with realistic values, reads as a fluent reader expects:
no bare placeholder where the language needs a form of the value, keywords set apart and with
the English word beside them, neutral address, the script's own separators, attached suffixes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from api.assessment.store import default_flow
from api.core.settings import REPO_ROOT
from api.nlg.keywords import KEYWORDS
from api.nlg.render import Renderer
from api.nlg.responses import RESPONSES
from api.nlg.voice_wording import VOICE_CHANNEL
from api.translations import catalogs as i18n
from api.translations.defects import Sample, problems, template_problems
from api.translations.languages import Languages

CODES = Languages.load(REPO_ROOT / "locales").codes()
COUNTS = (1, 2, 5, 21, 480)
DUE = "2026-11-24T10:00:00+00:00"  # a Tuesday
TAG = re.compile(r"^\[\[lang:([^\]]+)\]\] ")
ENGLISH_KEYWORD = {
    msg.msgid: re.compile(rf"(?<![A-Z]){re.escape(msg.msgid)}(?![A-Z])")
    for msg in KEYWORDS.values()
}


def _arguments(count: int) -> dict[str, object]:
    """A person part-way through, with a booking: realistic names, dates and counts."""
    slot = {
        "id": 7,
        "start": "2026-11-24T14:30:00+00:00",
        "length_minutes": count,
        "mode": "in_person",
        "place": "Riverside Surgery",
        "service": "Physiotherapy",
    }
    booking = {"id": 3, "slot": slot, "interpreter_to_book": ["ti"]}
    return {
        "interpreter_needed": True,
        "interpreter_language": "ur",
        "held": True,
        "due_at": DUE,
        "slots": [slot, {**slot, "id": 8, "mode": "remote"}],
        "slot": slot,
        "booking": booking,
        "bookings": [booking],
        "interpreter_to_book": ["pl", "ckb"],
        "question_id": "digital",
        "answers": {"digital": ["smartphone"]},
    }


def _keywords(renderer: Renderer, code: str, english_text: str) -> tuple[tuple[str, str], ...]:
    """The keywords the English of a response names, with their translations in this language."""
    catalog = renderer.translations[code]
    return tuple(
        (catalog.pgettext("keyword", english), english)
        for english, pattern in ENGLISH_KEYWORD.items()
        if pattern.search(english_text)
    )


def _samples(renderer: Renderer, code: str, channel: str, count: int) -> list[Sample]:
    """Every response in the language, one sample per voice (a call says lines in other voices)."""
    flow = default_flow()
    samples = []
    questions = [question.id for question in flow.questions()]
    renderings = [(name, {}) for name in RESPONSES if name != "utter_ask_question"]
    renderings += [("utter_ask_question", {"question_id": q}) for q in questions]
    for name, extra in renderings:
        args = {**_arguments(count), **extra}
        text = renderer.render(name, {"language": code, **args}, {}, channel, flow).text
        english = renderer.render(name, {"language": "en", **args}, {}, channel, flow).text
        keywords = _keywords(renderer, code, english) if code != "en" else ()
        said_in = code
        if channel == VOICE_CHANNEL and not renderer.languages.get(code).voice.say_voice:
            said_in, keywords = "en", ()  # Twilio can't speak it: the call is in English
        by_voice: dict[str, list[str]] = {}
        for line in text.split("\n"):
            tag = TAG.match(line)
            by_voice.setdefault(tag.group(1) if tag else said_in, []).append(TAG.sub("", line))
        for voice, lines in by_voice.items():
            samples.append(
                Sample(
                    language=voice,
                    name=f"{name} ({channel})",
                    text="\n".join(lines),
                    keywords=keywords if voice == said_in else (),
                )
            )
    return samples


def _template_problems(locales: Path, code: str) -> list[str]:
    """Every translation in the catalog, as written (where its values would go)."""
    with (locales / code / "LC_MESSAGES" / "frontdoor.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    found: list[str] = []
    for message in catalog:
        if message.id and isinstance(message.string, str) and not message.fuzzy:
            found += template_problems(code, message.context or "", str(message.id), message.string)
    return found


def _problems(renderer: Renderer, code: str) -> list[str]:
    assert renderer.locales_dir is not None
    found = _template_problems(renderer.locales_dir, code)
    for channel in ("twilio_sms", VOICE_CHANNEL):
        for count in COUNTS:
            for sample in _samples(renderer, code, channel, count):
                found += problems(sample)
    return sorted(set(found))


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


@pytest.mark.parametrize("code", CODES)
def test_every_text_reads_right_with_realistic_values(renderer: Renderer, code: str) -> None:
    found = _problems(renderer, code)

    assert not found, "\n".join(found)


def _plant(locales: Path, code: str, context: str, msgid: str, text: str) -> None:
    """Replace one translation in a copy of the catalogs."""
    path = locales / code / "LC_MESSAGES" / "frontdoor.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    message = catalog.get(msgid, context=context)
    assert message is not None, f"{context} {msgid!r} is not in the {code} catalog"
    message.string = text
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76)


def test_a_language_name_put_after_a_preposition_is_found(
    compiled_locales: Path, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(compiled_locales, locales, ignore=shutil.ignore_patterns("*.mo"))
    _plant(locales, "pl", "utter_read_back", "Language: %(language)s", "w języku: %(language)s")
    i18n.compile_catalogs(locales)
    planted = Renderer.load(locales, Languages.load(locales))

    found = _problems(planted, "pl")

    assert "pl 'Language: %(language)s': bare placeholder in 'w języku: %(language)s'" in found
