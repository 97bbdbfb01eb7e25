"""Responses built from the assessment flow: its questions, options and read-back lines.

Flow texts are translated with the question id as context (``flow:<question id>``); the English
source text lives in the flow definition and reaches the catalogs through api/assessment/extract.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from babel.lists import format_list

from api.assessment.model import Question
from api.nlg.context import RenderContext
from api.nlg.formatting import babel_locale
from api.nlg.keyword_wording import mentions
from api.nlg.messages import P_, Button, Msg, Rendered

SKIP_PAYLOAD = "/skip"
PREFER_NOT_TO_SAY = P_("utter_ask_question", "Prefer not to say")
NOT_ANSWERED = P_("utter_read_back", "not answered")
# TRANSLATORS: a label and its value on one line, e.g. "Interpreter: Urdu"; use your script's colon.
LABEL = P_("separator", "%(label)s: %(value)s")
QUESTION_MISSING = P_(
    "utter_ask_question", "Sorry, that question is no longer asked. Please reply with anything."
)

HELP_TEXT = P_(
    "utter_help",
    "Reply with the number of your answer. You can also send: "
    "%(back)s for the last question, %(skip)s to skip a question, %(change)s to change an "
    "answer, %(call_me)s for a person to ring you, %(my_data)s to see what we hold about you, "
    "%(delete)s to delete it, %(language)s to change language, %(help)s to see this again.",
)
HELP_APPOINTMENTS = P_(
    "utter_help",
    "Appointments: send %(book)s to book one, %(move)s to move it, %(cancel)s to cancel it. "
    "Send %(privacy)s to hear what we keep and why.",
)


def flow_text(question: Question, english: str) -> Msg:
    """A flow text as a catalog message (context: the question id)."""
    return Msg(f"flow:{question.id}", english)


def answer_payload(option_id: str) -> str:
    """The payload of a flow option, e.g. /answer{"option":"smartphone"}."""
    return "/answer" + json.dumps({"option": option_id}, separators=(",", ":"))


def ask_question(ctx: RenderContext) -> Rendered:
    """A flow question with its options and 'Prefer not to say' last."""
    question = ctx.flow.question(str(ctx.value("question_id"))) if ctx.flow else None
    if question is None:
        return Rendered(ctx.t(QUESTION_MISSING))
    buttons = [
        Button(ctx.t(flow_text(question, option.text)), answer_payload(option.id))
        for option in question.options
    ]
    buttons.append(Button(ctx.t(PREFER_NOT_TO_SAY), SKIP_PAYLOAD))
    return Rendered(ctx.t(flow_text(question, question.text)), buttons)


def answer_lines(ctx: RenderContext) -> list[str]:
    """One read-back line per flow question: its label and the chosen options (or not answered)."""
    answers = ctx.value("answers")
    if not isinstance(answers, Mapping) or ctx.flow is None:
        return []
    lines = []
    for question in ctx.flow.questions():
        chosen = answers.get(question.id)
        if chosen is None:
            continue
        texts = [
            ctx.t(flow_text(question, option.text))
            for option_id in (chosen if isinstance(chosen, list) else [])
            if (option := question.option(str(option_id)))
        ]
        label = ctx.t(flow_text(question, question.label))
        value = format_list(texts, style="unit", locale=babel_locale(ctx.language.code))
        lines.append(ctx.t(LABEL, label=label, value=value if texts else ctx.t(NOT_ANSWERED)))
    return lines


INTERPRETER_SECTION = "interpreter"
ASK_CHANGE = P_("utter_ask_change", "Which part would you like to change?")
INTERPRETER_PART = P_("utter_ask_change", "Interpreter")


def section_payload(section_id: str) -> str:
    """The payload that chooses a part to change, e.g. /change_section{"section":"contact"}."""
    return "/change_section" + json.dumps({"section": section_id}, separators=(",", ":"))


def ask_change(ctx: RenderContext) -> Rendered:
    """Which part of the answers to change: the interpreter, then each section of the flow."""
    buttons = [Button(ctx.t(INTERPRETER_PART), section_payload(INTERPRETER_SECTION))]
    for section in ctx.flow.sections if ctx.flow else ():
        title = ctx.t(Msg(f"flow:section:{section.id}", section.title))
        buttons.append(Button(title, section_payload(section.id)))
    return Rendered(ctx.t(ASK_CHANGE), buttons)


PRIVACY_NOTICE = P_(
    "utter_privacy",
    "What we keep: your language, your answers and how to contact you. Who sees it: only the NHS "
    "services that care for you, and only while you agree. We never sell it or use it for "
    "anything else. Send %(my_data)s to see it, %(change)s to change it, %(delete)s to delete it, "
    "or %(call_me)s to ask a person.",
)


def privacy_notice(ctx: RenderContext) -> Rendered:
    """The privacy notice in plain words, with the keywords of the person's language."""
    return Rendered(ctx.t(PRIVACY_NOTICE, **mentions(ctx)))


HELP_SOMEONE_ELSE = P_(
    "utter_help",
    "Send %(for_someone)s if you are contacting us for someone else, or %(remove_helper)s to stop "
    "someone acting for you.",
)


def help_text(ctx: RenderContext) -> Rendered:
    """What a person can send at any point, with the keywords of their language."""
    words = mentions(ctx)
    lines = [ctx.t(HELP_TEXT, **words), ctx.t(HELP_APPOINTMENTS, **words)]
    return Rendered("\n".join([*lines, ctx.t(HELP_SOMEONE_ELSE, **words)]))
