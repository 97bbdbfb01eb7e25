"""Menus stay in step across languages: the same options, in the same order, told apart.

Every response with options and every flow question is rendered (SMS) in English and in a
language: the language must offer as many options as English, with the same payloads (the answers
they map to), each title non-empty, on one line and different from the others; and its text must
not add numbered lines of its own ("3. …" reads as an extra option on SMS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from babel.messages.catalog import Catalog

from api.assessment.model import Flow
from api.nlg.messages import Rendered
from api.nlg.render import Renderer
from api.nlg.responses import RESPONSES
from api.translations.languages import DEFAULT_LANGUAGE

NUMBERED_LINE = re.compile(r"^\s*\d+\s*[.)]", re.MULTILINE)
SMS = "twilio_sms"
# Enough arguments for every response to show its options.
ARGUMENTS: Mapping[str, Any] = {
    "interpreter_needed": True,
    "interpreter_language": "ur",
    "held": True,
    "slots": [
        {"id": "s1", "starts_at": "2030-01-07T10:00:00+00:00", "minutes": 30, "mode": "in_person"}
    ],
    "bookings": [{"id": "b1", "starts_at": "2030-01-07T10:00:00+00:00", "minutes": 30}],
}


def _cases(flow: Flow) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, response, arguments) for every response and every flow question."""
    for name in RESPONSES:
        if name != "utter_ask_question":
            yield name, name, dict(ARGUMENTS)
    for question in flow.questions():
        yield f"question {question.id}", "utter_ask_question", {"question_id": question.id}


# Menus whose order follows the conversation language (the interpreter menu offers the
# conversation's own language first): the same answers, in another order.
OWN_LANGUAGE_FIRST = {"utter_ask_interpreter_language"}


def _problems(label: str, english: Rendered, translated: Rendered) -> list[str]:
    """How one rendered menu is out of step with the English."""
    problems = []
    payloads = [b.payload for b in translated.buttons]
    english_payloads = [b.payload for b in english.buttons]
    if label in OWN_LANGUAGE_FIRST:
        payloads, english_payloads = sorted(payloads), sorted(english_payloads)
    if len(translated.buttons) != len(english.buttons):
        problems.append(
            f"{label}: {len(translated.buttons)} options, English has {len(english.buttons)}"
        )
    elif payloads != english_payloads:
        problems.append(f"{label}: the options map to other answers than in English")
    titles = [b.title.strip().casefold() for b in translated.buttons]
    if any(not title for title in titles):
        problems.append(f"{label}: an option is empty")
    if any("\n" in b.title for b in translated.buttons):
        problems.append(f"{label}: an option spans lines")
    repeated = sorted({t for t in titles if t and titles.count(t) > 1})
    if repeated:
        problems.append(f"{label}: two options read the same: {', '.join(repeated)}")
    if len(NUMBERED_LINE.findall(translated.text)) > len(NUMBERED_LINE.findall(english.text)):
        problems.append(f"{label}: the text has numbered lines that read as extra options")
    return problems


def menu_problems(renderer: Renderer, code: str, flow: Flow) -> list[str]:
    """Every way a language's menus are out of step with the English ones (none: in step)."""
    problems = []
    for label, response, arguments in _cases(flow):
        english = renderer.render(
            response, {**arguments, "language": DEFAULT_LANGUAGE}, {}, SMS, flow
        )
        translated = renderer.render(response, {**arguments, "language": code}, {}, SMS, flow)
        problems += [f"{code} {p}" for p in _problems(label, english, translated)]
    return problems


PLACEHOLDER = re.compile(r"%\(\w+\)s")


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations whose placeholders differ from their English (stale ones are not sent)."""
    problems = []
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.string, str):
            continue
        if not message.string:
            continue
        given = sorted(PLACEHOLDER.findall(message.string))
        expected = sorted(PLACEHOLDER.findall(str(message.id)))
        if given != expected:
            problems.append(
                f"{message.context} {str(message.id)[:40]!r}: placeholders "
                f"{' '.join(given) or 'none'}, English has {' '.join(expected) or 'none'}"
            )
    return problems
