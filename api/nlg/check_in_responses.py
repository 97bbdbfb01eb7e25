"""Check-ins while waiting: how are you, and what to do now — NHS 111 and 999 in every language."""

from __future__ import annotations

import json

from api.nlg.context import RenderContext
from api.nlg.messages import P_, Button, Rendered

ANSWERS = (
    ("same", P_("utter_check_in", "About the same")),
    ("worse", P_("utter_check_in", "Worse")),
    ("help_now", P_("utter_check_in", "I need help now")),
)
URGENT = P_(
    "utter_check_in",
    "If you feel much worse, call NHS 111. In an emergency, call 999.",
)


def answer_payload(answer: str) -> str:
    """The payload of a check-in answer, e.g. /check_in{"answer":"worse"}."""
    return "/check_in" + json.dumps({"answer": answer}, separators=(",", ":"))


def ask(ctx: RenderContext) -> Rendered:
    """How are you while you wait?"""
    question = P_("utter_check_in", "How are you while you wait?")
    buttons = [Button(ctx.t(title), answer_payload(answer)) for answer, title in ANSWERS]
    return Rendered(ctx.t(question), buttons)


def same(ctx: RenderContext) -> Rendered:
    """Thanks, we'll ask again."""
    thanks = P_("utter_check_in_same", "Thank you for letting us know. We'll ask again next week.")
    return Rendered("\n".join([ctx.t(thanks), ctx.t(URGENT)]))


def worse(ctx: RenderContext) -> Rendered:
    """We've told the service; what to do if it gets worse still."""
    told = P_(
        "utter_check_in_worse",
        "Thank you for telling us. We have let the service that is caring for you know.",
    )
    return Rendered("\n".join([ctx.t(told), ctx.t(URGENT)]))


def help_now(ctx: RenderContext) -> Rendered:
    """Urgent: 999 first, then 111, and the service is told."""
    text = P_(
        "utter_check_in_help_now",
        "If this is an emergency, call 999 now. If you need help today but it is not an "
        "emergency, call NHS 111. We have also told the service that is caring for you.",
    )
    return Rendered(ctx.t(text))
