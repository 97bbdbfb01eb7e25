"""Wording for someone acting for someone: the representative's questions and answers, what the
person is told, and the two texts the person is sent (rendered by the action server from the same
catalogs, msgctxt "sms_representative", like the code text in api/nlg/sms_texts.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from api.nlg.context import RenderContext
from api.nlg.flow_responses import answer_lines
from api.nlg.keyword_wording import mention
from api.nlg.messages import P_, Button, Msg, Rendered

ResponseFn = Callable[[RenderContext], Rendered]
# The relationship and authority names (also in the text to the person) are the menus' options.
RELATION_MENU = "utter_ask_representative_relationship"
AUTHORITY_MENU = "utter_ask_representative_authority"

RELATIONSHIPS: dict[str, Msg] = {
    "family": P_("utter_ask_representative_relationship", "Family member"),
    "carer": P_("utter_ask_representative_relationship", "Carer"),
    "friend": P_("utter_ask_representative_relationship", "Friend"),
    "support_worker": P_("utter_ask_representative_relationship", "Support worker"),
    "parent": P_("utter_ask_representative_relationship", "Parent"),
    "legal": P_("utter_ask_representative_relationship", "Legal authority"),
}
AUTHORITIES: dict[str, Msg] = {
    "consent": P_("utter_ask_representative_authority", "Their consent"),
    "lpa_health_welfare": P_(
        "utter_ask_representative_authority", "Lasting power of attorney for health and welfare"
    ),
    "court_deputy": P_("utter_ask_representative_authority", "Court-appointed deputy"),
    "parent_under_16": P_("utter_ask_representative_authority", "Parent of a child under 16"),
    "best_interests": P_("utter_ask_representative_authority", "Best-interests decision"),
}
# TRANSLATORS: %(number)s is a phone number; %(relationship)s one of the relationship options.
# YES and NO are the words the person texts back: use your language's words.
SMS_ASK = P_(
    "sms_representative",
    "Front Door: someone using the number %(number)s (%(relationship)s) is contacting us for "
    "you. Reply YES if they may act for you, and for us to record your language and support "
    "needs and share them with the NHS services that care for you. Reply NO if not.",
)
# TRANSLATORS: %(authority)s is one of the authority options; %(remove)s the keyword.
SMS_TOLD = P_(
    "sms_representative",
    "Front Door: someone using the number %(number)s (%(relationship)s) has told us they act "
    "for you: %(authority)s. If this is wrong, or to end it, reply %(remove)s.",
)
NOT_ALLOWED: dict[str, Msg] = {
    "not_confirmed": P_(
        "utter_representative_not_allowed",
        "You can't see their information until they reply YES to our text.",
    ),
    "declined": P_(
        "utter_representative_not_allowed",
        "They said no to you acting for them, so you can't see their information.",
    ),
    "ended": P_(
        "utter_representative_not_allowed",
        "You no longer act for them, so you can't see their information.",
    ),
    "child_16": P_(
        "utter_representative_not_allowed",
        "Your child is 16 now and decides for themselves, so you can't see their information.",
    ),
    "best_interests": P_(
        "utter_representative_not_allowed",
        "A best-interests decision is made by their care team, so you can't see their "
        "information here. Their NHS services can see that you help them.",
    ),
}
UNKNOWN_REASON = P_(
    "utter_representative_not_allowed", "You can't see their information at the moment."
)


def _option(name: str, option: str) -> str:
    return f"/{name}" + json.dumps({"option": option}, separators=(",", ":"))


def _menu(question: Msg, options: Mapping[str, Msg]) -> ResponseFn:
    return lambda ctx: Rendered(
        ctx.t(question),
        [Button(ctx.t(msg), _option("inform", key)) for key, msg in options.items()],
    )


def ask_language(ctx: RenderContext) -> Rendered:
    """Which language the person reads best: the offered languages by their own names."""
    question = P_("utter_ask_representative_language", "Which language do they read best?")
    buttons = [
        Button(
            language.native_name,
            "/choose_language" + json.dumps({"language": language.code}, separators=(",", ":")),
        )
        for language in ctx.languages.ordered
    ]
    return Rendered(ctx.t(question), buttons)


def _label(ctx: RenderContext, options: Mapping[str, Msg], key: object) -> str:
    msg = options.get(str(key))
    return ctx.t(msg) if msg else str(key or "")


def confirm(ctx: RenderContext) -> Rendered:
    """The read-back of who they act for, before anything is recorded or texted."""
    language = ctx.languages.get(str(ctx.value("person_language") or ""))
    # TRANSLATORS: one label a line; %(language)s is the language's own name, e.g. "اردو".
    text = ctx.t(
        P_(
            "utter_confirm_representative",
            "You are contacting us for someone else. Please check:\nTheir number: %(number)s\n"
            "You are: %(relationship)s\nWhat lets you act for them: %(authority)s\n"
            "Language for our text to them: %(language)s\nIs this right?",
        ),
        number=ctx.value("person_phone") or "",
        relationship=_label(ctx, RELATIONSHIPS, ctx.value("relationship")),
        authority=_label(ctx, AUTHORITIES, ctx.value("authority")),
        language=language.native_name if language else ctx.value("person_language"),
    )
    buttons = [
        Button(ctx.t(P_("utter_confirm_representative", "Yes")), "/affirm"),
        Button(ctx.t(P_("utter_confirm_representative", "No")), "/deny"),
    ]
    return Rendered(text, buttons)


def registered(ctx: RenderContext) -> Rendered:
    """Waiting for the person's YES, or acting already; then what they can do."""
    if ctx.value("status") == "pending":
        text = P_(
            "utter_representative_registered",
            "Thank you. We have texted them to ask. You can act for them once they reply YES.",
        )
    else:
        text = P_(
            "utter_representative_registered",
            "Thank you. You are now recorded as acting for them, and we have texted them to "
            "tell them.",
        )
    return Rendered(ctx.t(text), _acting_menu(ctx))


def _acting_menu(ctx: RenderContext) -> list[Button]:
    return [
        Button(
            ctx.t(P_("utter_representative_menu", "See what is held about them")), "/their_data"
        ),
        Button(ctx.t(P_("utter_representative_menu", "Contact us about yourself")), "/for_myself"),
    ]


def acting_menu(ctx: RenderContext) -> Rendered:
    """What a representative can do next."""
    return Rendered(
        ctx.t(P_("utter_representative_menu", "What would you like to do?")), _acting_menu(ctx)
    )


def not_allowed(ctx: RenderContext) -> Rendered:
    """Why the representative may not do that (outside their authority)."""
    return Rendered(ctx.t(NOT_ALLOWED.get(str(ctx.value("reason")), UNKNOWN_REASON)))


def their_data(ctx: RenderContext) -> Rendered:
    """What is held about the person they act for (only within their authority)."""
    if not ctx.value("held"):
        return Rendered(ctx.t(P_("utter_their_data", "We don't hold anything about them yet.")))
    lines = [ctx.t(P_("utter_their_data", "This is what we hold about them:"))]
    needed, code = ctx.value("interpreter_needed"), ctx.value("interpreter_language")
    if needed is False:
        lines.append(ctx.t(P_("utter_read_back", "Interpreter: not needed")))
    elif needed is True and code:
        lines.append(
            ctx.t(
                P_("utter_read_back", "Interpreter: %(language)s"), language=ctx.language_name(code)
            )
        )
    lines += answer_lines(ctx)
    return Rendered("\n".join(lines))


def answered(ctx: RenderContext) -> Rendered:
    """The person's YES or NO, acknowledged in their language."""
    if ctx.value("confirmed"):
        # TRANSLATORS: %(remove)s is the REMOVE HELPER keyword of your language.
        text = P_(
            "utter_representative_answered",
            "Thank you. They can now act for you. Send %(remove)s at any time to end this.",
        )
    else:
        text = P_("utter_representative_answered", "Thank you. They will not act for you.")
    return Rendered(ctx.t(text, remove=mention(ctx, "remove_helper")))


def _text(msg: Msg) -> ResponseFn:
    return lambda ctx: Rendered(ctx.t(msg))


RESPONSES: dict[str, ResponseFn] = {
    RELATION_MENU: _menu(
        P_(
            "utter_ask_representative_relationship",
            "You are contacting us for someone else. Who are you to them?",
        ),
        RELATIONSHIPS,
    ),
    AUTHORITY_MENU: _menu(
        P_("utter_ask_representative_authority", "What lets you act for them?"), AUTHORITIES
    ),
    "utter_ask_representative_child_age": _text(
        P_("utter_ask_representative_child_age", "How old is your child? Please send a number.")
    ),
    "utter_representative_child_too_old": _text(
        P_(
            "utter_representative_child_too_old",
            "A parent can act this way only for a child under 16. From 16 they decide for "
            "themselves, so please choose another answer, such as their consent.",
        )
    ),
    "utter_ask_representative_phone": _text(
        P_(
            "utter_ask_representative_phone",
            "What is their mobile number? We will text them on it.",
        )
    ),
    "utter_representative_phone_invalid": _text(
        P_(
            "utter_representative_phone_invalid",
            "That doesn't look like their own mobile number. Please send it again, for example "
            "07700 900123.",
        )
    ),
    "utter_ask_representative_language": ask_language,
    "utter_confirm_representative": confirm,
    "utter_representative_registered": registered,
    "utter_representative_cancelled": _text(
        P_("utter_representative_cancelled", "That's fine. Nothing has been recorded.")
    ),
    "utter_representative_menu": acting_menu,
    "utter_representative_not_allowed": not_allowed,
    "utter_their_data": their_data,
    "utter_representative_answered": answered,
    "utter_representative_ended": _text(
        P_("utter_representative_ended", "Done. Nobody acts for you now.")
    ),
}
