"""The short optional survey after a booking or an assessment: person-centred "I statements".

Statement ids are those of api/feedback/service.py; their words live in the catalogs (context
"utter_feedback_question"). Answers are Yes, Partly or No, by number, keypad or payload.
"""

from __future__ import annotations

import json

from api.nlg.context import RenderContext
from api.nlg.keyword_wording import mention
from api.nlg.messages import P_, Button, Msg, Rendered

STATEMENTS: dict[str, Msg] = {
    "listened": P_("utter_feedback_question", "I was listened to."),
    "own_language": P_("utter_feedback_question", "I could use my own language."),
    "needs_met": P_("utter_feedback_question", "The support I need to use the service was there."),
    "understood": P_("utter_feedback_question", "I understood what happens next."),
    "respect": P_("utter_feedback_question", "I was treated with respect and dignity."),
}
ANSWERS = (
    ("yes", P_("utter_feedback_question", "Yes")),
    ("partly", P_("utter_feedback_question", "Partly")),
    ("no", P_("utter_feedback_question", "No")),
)
SKIP = P_("keyword", "SKIP")


def answer_payload(answer: str) -> str:
    """The payload of an answer, e.g. /answer{"option":"partly"}."""
    return "/answer" + json.dumps({"option": answer}, separators=(",", ":"))


def question(ctx: RenderContext) -> Rendered:
    """One statement: is this true for you? (the first one says what this is and how to stop)."""
    statement = STATEMENTS.get(str(ctx.value("statement_id")))
    lines = []
    if ctx.value("first") or statement is None:
        # TRANSLATORS: %(skip)s is the keyword SKIP.
        intro = P_(
            "utter_feedback_question",
            "Please help us improve: a few quick questions about how this went. "
            "They are optional: send %(skip)s to stop.",
        )
        lines.append(ctx.t(intro, skip=mention(ctx, "skip")))
    if statement is not None:
        lines.append(
            ctx.t(
                P_("utter_feedback_question", "Is this true for you? %(statement)s"),
                statement=ctx.t(statement),
            )
        )
    buttons = [Button(ctx.t(title), answer_payload(answer)) for answer, title in ANSWERS]
    return Rendered("\n".join(lines), buttons)


THANKS = P_(
    "utter_feedback_thanks", "Thank you. Your answers help us make services better for everyone."
)
SKIPPED = P_("utter_feedback_skipped", "That's fine, no more questions.")
