"""WHO SEES (with STOP n / ALLOW n) and WHO READ, as the person reads or hears them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from babel import UnknownLocaleError
from babel.dates import format_date, format_time

from api.core.local_time import UK_ZONE
from api.nlg.booking_responses import babel_locale
from api.nlg.context import RenderContext
from api.nlg.messages import P_, Msg, Rendered
from api.nlg.voice_wording import VOICE_CHANNEL

# The words sent with a number ("STOP 2"); the English ones work in every language too.
STOP_WORD = P_("utter_who_sees", "STOP")
ALLOW_WORD = P_("utter_who_sees", "ALLOW")

HOW: dict[str, Msg] = {
    # TRANSLATORS: %(number)s is the organisation's number in the list, %(name)s its name.
    "booking": P_("utter_who_sees", "%(number)s. %(name)s: you booked an appointment with them"),
    "referral": P_("utter_who_sees", "%(number)s. %(name)s: they referred you"),
    "choice": P_(
        "utter_who_sees", "%(number)s. %(name)s: you agreed to share your needs with NHS services"
    ),
}
STOPPED = P_("utter_who_sees", "%(number)s. %(name)s: stopped by you")
HEADING = P_("utter_who_sees", "These organisations can see your needs:")
NOBODY = P_("utter_who_sees", "No organisation can see your needs through Front Door now.")
# TRANSLATORS: %(stop)s and %(allow)s are the words STOP and ALLOW in your language.
HOW_TO_STOP = P_(
    "utter_who_sees",
    "To stop one seeing your needs, send %(stop)s and its number, for example %(stop)s 2. "
    "To let it see them again, send %(allow)s and its number.",
)
HOW_TO_STOP_ON_A_CALL = P_(
    "utter_who_sees",
    "To stop one seeing your needs, say %(stop)s and its number, for example %(stop)s 2. "
    "To let it see them again, say %(allow)s and its number.",
)
UNDO = P_("utter_organisation_stopped", "Done. %(name)s can no longer see your needs.")
# TRANSLATORS: %(allow)s is the word ALLOW in your language, %(number)s a number.
UNDO_HOW = P_("utter_organisation_stopped", "To undo this, send %(allow)s %(number)s.")
UNDO_HOW_ON_A_CALL = P_("utter_organisation_stopped", "To undo this, say %(allow)s %(number)s.")
ALLOWED = P_("utter_organisation_allowed", "Done. %(name)s can see your needs again.")
NO_SUCH = P_("utter_no_such_organisation", "There is no organisation with that number.")
READ_HEADING = P_("utter_who_read", "These organisations read your record in the last 90 days:")
# TRANSLATORS: %(name)s is an organisation, %(when)s a date and time, e.g. "5 December 2026, 10:30".
READ_LINE = P_("utter_who_read", "%(name)s, most recently on %(when)s")
NOBODY_READ = P_("utter_who_read", "No organisation has read your record in the last 90 days.")


def _words(ctx: RenderContext) -> dict[str, str]:
    return {"stop": ctx.t(STOP_WORD), "allow": ctx.t(ALLOW_WORD)}


def _on_a_call(ctx: RenderContext) -> bool:
    return ctx.channel == VOICE_CHANNEL


def seer_line(ctx: RenderContext, number: int, seer: Mapping[str, Any]) -> str:
    """One organisation, numbered, with how it came to see the person (or that it stopped)."""
    msg = STOPPED if seer.get("stopped") else HOW.get(str(seer.get("how")), HOW["choice"])
    return ctx.t(msg, number=number, name=str(seer.get("name") or seer.get("ods_code") or ""))


def who_sees(ctx: RenderContext) -> Rendered:
    """WHO SEES: the numbered list and how to STOP or ALLOW one."""
    seers = ctx.value("organisations") or []
    if not seers:
        return Rendered(ctx.t(NOBODY))
    lines = [ctx.t(HEADING)]
    lines += [seer_line(ctx, number, seer) for number, seer in enumerate(seers, start=1)]
    lines.append(ctx.t(HOW_TO_STOP_ON_A_CALL if _on_a_call(ctx) else HOW_TO_STOP, **_words(ctx)))
    return Rendered("\n".join(lines))


def organisation_stopped(ctx: RenderContext) -> Rendered:
    """STOP n done, and how to undo it."""
    name, number = str(ctx.value("name") or ""), ctx.value("number")
    undo = UNDO_HOW_ON_A_CALL if _on_a_call(ctx) else UNDO_HOW
    lines = [ctx.t(UNDO, name=name), ctx.t(undo, allow=ctx.t(ALLOW_WORD), number=number)]
    return Rendered("\n".join(lines))


def organisation_allowed(ctx: RenderContext) -> Rendered:
    """ALLOW n done."""
    return Rendered(ctx.t(ALLOWED, name=str(ctx.value("name") or "")))


def no_such_organisation(ctx: RenderContext) -> Rendered:
    return Rendered(ctx.t(NO_SUCH))


def read_when(ctx: RenderContext, at: Any) -> str:
    """A read's time as a date and time in the person's language (UK time)."""
    try:
        moment = datetime.fromisoformat(str(at)).astimezone(UK_ZONE)
        locale = babel_locale(ctx.language.code)
        day = format_date(moment, "long", locale=locale)
        return f"{day}, {format_time(moment, 'short', locale=locale)}"
    except (ValueError, TypeError, UnknownLocaleError):
        return str(at)


def who_read(ctx: RenderContext) -> Rendered:
    """WHO READ: each organisation that read the record, and when it last did."""
    readers = ctx.value("readers") or []
    if not readers:
        return Rendered(ctx.t(NOBODY_READ))
    lines = [ctx.t(READ_HEADING)]
    lines += [
        ctx.t(READ_LINE, name=str(r.get("name") or ""), when=read_when(ctx, r.get("last_read_at")))
        for r in readers
    ]
    return Rendered("\n".join(lines))


RESPONSES = {
    "utter_who_sees": who_sees,
    "utter_organisation_stopped": organisation_stopped,
    "utter_organisation_allowed": organisation_allowed,
    "utter_no_such_organisation": no_such_organisation,
    "utter_who_read": who_read,
}
