"""Needs a provider recorded, as the person reads or hears them: the question to accept or reject
one (with any conflict with their own answer), the outcome, and MY DATA's lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from api.nlg.context import RenderContext
from api.nlg.flow_responses import answer_lines
from api.nlg.messages import P_, Button, Rendered

# TRANSLATORS: %(organisation)s is the name of an NHS organisation, e.g. a GP practice.
RECORDED = P_("utter_provider_need", "%(organisation)s has recorded a need for you:")
CONFLICT = P_(
    "utter_provider_need",
    "This is different from what you told us. We have not changed your answers.",
)
QUESTION = P_("utter_provider_need", "Is this right for you?")
YES = P_("utter_provider_need", "Yes, add it to my needs")
NO = P_("utter_provider_need", "No, this is not right")
INTERPRETER = P_("utter_provider_need", "Interpreter: %(language)s")
INTERPRETER_ANY = P_("utter_provider_need", "Interpreter: needed")
NO_INTERPRETER = P_("utter_provider_need", "Interpreter: not needed")
ACCEPTED = P_("utter_provider_need_accepted", "Thank you. We have added it to your needs.")
REJECTED = P_(
    "utter_provider_need_rejected",
    "Thank you. We have not added it. %(organisation)s will see that you said no.",
)
# TRANSLATORS: %(need)s is e.g. "Interpreter: Polish".
HELD = {
    "accepted": P_("utter_my_data", "%(organisation)s recorded: %(need)s. You said yes."),
    "rejected": P_("utter_my_data", "%(organisation)s recorded: %(need)s. You said no."),
    "pending": P_("utter_my_data", "%(organisation)s recorded: %(need)s. Waiting for your answer."),
}


def need_line(ctx: RenderContext, need: Mapping[str, Any]) -> str:
    """The need in the words of the person's own read-back, e.g. "Interpreter: Polish"."""
    if "interpreter_needed" in need:
        if not need.get("interpreter_needed"):
            return ctx.t(NO_INTERPRETER)
        code = need.get("interpreter_language")
        if isinstance(code, str) and code:
            return ctx.t(INTERPRETER, language=ctx.language_name(code))
        return ctx.t(INTERPRETER_ANY)
    lines = answer_lines(replace(ctx, arguments={"answers": need.get("answers") or {}}))
    return "; ".join(lines)


def ask(ctx: RenderContext) -> Rendered:
    """Who recorded what, any conflict with the person's answer, and yes or no."""
    need = ctx.value("need") or {}
    lines = [
        ctx.t(RECORDED, organisation=str(need.get("organisation") or "")),
        need_line(ctx, need),
    ]
    if need.get("conflict"):
        lines.append(ctx.t(CONFLICT))
    lines.append(ctx.t(QUESTION))
    return Rendered("\n".join(lines), [Button(ctx.t(YES), "/affirm"), Button(ctx.t(NO), "/deny")])


def rejected(ctx: RenderContext) -> Rendered:
    return Rendered(ctx.t(REJECTED, organisation=str(ctx.value("organisation") or "")))


def held_lines(ctx: RenderContext) -> list[str]:
    """MY DATA: each need a provider recorded, and the person's answer to it."""
    lines = []
    for need in ctx.value("observed") or []:
        msg = HELD.get(str(need.get("status")), HELD["pending"])
        organisation = str(need.get("organisation") or "")
        lines.append(ctx.t(msg, organisation=organisation, need=need_line(ctx, need)))
    return lines


RESPONSES = {
    "utter_provider_need": ask,
    "utter_provider_need_accepted": lambda ctx: Rendered(ctx.t(ACCEPTED)),
    "utter_provider_need_rejected": rejected,
}
