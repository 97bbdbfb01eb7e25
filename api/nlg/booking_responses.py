"""Booking wording: slots offered and booked, with times in the person's own language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from babel import UnknownLocaleError
from babel.dates import format_date, format_skeleton, get_datetime_format

from api.nlg import formatting
from api.nlg.context import RenderContext
from api.nlg.flow_responses import LABEL
from api.nlg.formatting import format_clock
from api.nlg.keyword_wording import mention
from api.nlg.messages import NP_, P_, Button, Rendered

NONE_OF_THESE = "/deny"


def babel_locale(code: str) -> str:
    """The Babel locale for dates in a conversation language (British English, European
    Portuguese: api/nlg/formatting.py)."""
    return str(formatting.babel_locale(code))


def when(ctx: RenderContext, start: Any) -> str:
    """A slot's start as a short weekday, date and time in the conversation's locale."""
    try:
        moment = datetime.fromisoformat(str(start))
        locale = babel_locale(ctx.language.code)
        try:
            day = format_skeleton("MMMEd", moment, locale=locale)
        except KeyError:  # a locale without that skeleton: its medium date instead
            day = format_date(moment, "medium", locale=locale)
        # The locale's own joining of a date and a time ("{1}, {0}"; Arabic "{1}، {0}").
        pattern = str(get_datetime_format("medium", locale=locale)).replace("'", "")
        time = format_clock(moment, ctx.language.code)
        return pattern.replace("{1}", day).replace("{0}", time)
    except (ValueError, TypeError, UnknownLocaleError):
        return str(start)


MINUTES = NP_("utter_offer_slots", "%(count)s minute", "%(count)s minutes")
# A language name after "for" or "in" needs a case in many languages: a label takes it as it is.
# TRANSLATORS: %(language)s is a language name (CLDR, lower case in some languages).
INTERPRETER_ASKED = P_("utter_booked", "Interpreter asked for: %(language)s")


def slot_line(ctx: RenderContext, slot: Mapping[str, Any]) -> str:
    """One slot as an option: when, how long, where."""
    if slot.get("mode") == "remote":
        where = ctx.t(P_("utter_offer_slots", "by phone or video"))
    else:
        where = str(slot.get("place", ""))
    minutes = slot.get("length_minutes")
    length = ctx.tn(MINUTES, minutes) if isinstance(minutes, int) else str(minutes or "")
    # TRANSLATORS: e.g. "Tue 25 Nov, 10:30, 30 minutes, Riverside Surgery"; use your script's comma.
    return ctx.t(
        P_("utter_offer_slots", "%(when)s, %(length)s, %(where)s"),
        when=when(ctx, slot.get("start")),
        length=length,
        where=where,
    )


def slot_payload(slot_id: Any) -> str:
    """The payload that picks a slot, e.g. /choose_slot{"slot":"12"}."""
    return "/choose_slot" + json.dumps({"slot": str(slot_id)}, separators=(",", ":"))


def offer_slots(ctx: RenderContext) -> Rendered:
    """The slots that fit the person's needs, and a way to say none of them."""
    slots = [s for s in ctx.value("slots") or [] if isinstance(s, Mapping)]
    buttons = [Button(slot_line(ctx, slot), slot_payload(slot.get("id"))) for slot in slots]
    buttons.append(Button(ctx.t(P_("utter_offer_slots", "None of these")), NONE_OF_THESE))
    question = P_(
        "utter_offer_slots", "These appointments fit what you told us. Which one suits you?"
    )
    return Rendered(ctx.t(question), buttons)


def booked(ctx: RenderContext) -> Rendered:
    """The booking, confirmed: when and where, and any interpreter being arranged."""
    slot = ctx.value("slot")
    slot = slot if isinstance(slot, Mapping) else {}
    lines = [
        ctx.t(
            P_("utter_booked", "You're booked: %(service)s, %(slot)s."),
            service=slot.get("service", ""),
            slot=slot_line(ctx, slot),
        )
    ]
    for code in ctx.value("interpreter_to_book") or []:
        lines.append(ctx.t(INTERPRETER_ASKED, language=ctx.language_name(str(code))))
    lines.append(ctx.t(P_("utter_booked", "The service can see what you told us you need.")))
    return Rendered("\n".join(lines))


def booking_payload(booking_id: Any) -> str:
    """The payload that picks one of the person's bookings, e.g. /choose_booking{"booking":"4"}."""
    return "/choose_booking" + json.dumps({"booking": str(booking_id)}, separators=(",", ":"))


def booking_line(ctx: RenderContext, booking: Mapping[str, Any]) -> str:
    """A booking as an option: its service, then the slot line."""
    slot = booking.get("slot") if isinstance(booking.get("slot"), Mapping) else {}
    return ctx.t(LABEL, label=slot.get("service", ""), value=slot_line(ctx, slot))


def choose_booking(ctx: RenderContext) -> Rendered:
    """Which of their bookings the person means."""
    bookings = [b for b in ctx.value("bookings") or [] if isinstance(b, Mapping)]
    buttons = [Button(booking_line(ctx, b), booking_payload(b.get("id"))) for b in bookings]
    buttons.append(Button(ctx.t(P_("utter_choose_booking", "None of these")), NONE_OF_THESE))
    return Rendered(ctx.t(P_("utter_choose_booking", "Which appointment do you mean?")), buttons)


def confirm_cancel(ctx: RenderContext) -> Rendered:
    """Are you sure? (the slot goes to someone else)."""
    booking = ctx.value("booking")
    booking = booking if isinstance(booking, Mapping) else {}
    question = P_("utter_confirm_cancel", "Cancel this appointment? %(appointment)s")
    buttons = [
        Button(ctx.t(P_("utter_confirm_cancel", "Yes, cancel it")), "/affirm"),
        Button(ctx.t(P_("utter_confirm_cancel", "No, keep it")), NONE_OF_THESE),
    ]
    return Rendered(ctx.t(question, appointment=booking_line(ctx, booking)), buttons)


def cancelled(ctx: RenderContext) -> Rendered:
    """The booking is cancelled; booking again is one word away."""
    booking = ctx.value("booking")
    booking = booking if isinstance(booking, Mapping) else {}
    text = P_(
        "utter_cancelled",
        "Cancelled: %(appointment)s. Send %(book)s if you would like another appointment.",
    )
    return Rendered(ctx.t(text, appointment=booking_line(ctx, booking), book=mention(ctx, "book")))


def reminder(ctx: RenderContext) -> Rendered:
    """The day before: when and where, and the words that move or cancel it."""
    booking = ctx.value("booking")
    booking = booking if isinstance(booking, Mapping) else {}
    # TRANSLATORS: %(move)s and %(cancel)s are the keywords MOVE BOOKING and CANCEL BOOKING.
    text = P_(
        "utter_reminder",
        "Reminder of your appointment: %(appointment)s. "
        "To change it, send %(move)s. To cancel it, send %(cancel)s.",
    )
    return Rendered(
        ctx.t(
            text,
            appointment=booking_line(ctx, booking),
            move=mention(ctx, "move"),
            cancel=mention(ctx, "cancel"),
        )
    )


def moved(ctx: RenderContext) -> Rendered:
    """The booking moved: the new time, any interpreter being arranged."""
    booking = ctx.value("booking")
    booking = booking if isinstance(booking, Mapping) else {}
    lines = [
        ctx.t(
            P_("utter_moved", "Done. Your appointment is now: %(appointment)s."),
            appointment=booking_line(ctx, booking),
        )
    ]
    for code in booking.get("interpreter_to_book") or []:
        lines.append(ctx.t(INTERPRETER_ASKED, language=ctx.language_name(str(code))))
    lines.append(ctx.t(P_("utter_booked", "The service can see what you told us you need.")))
    return Rendered("\n".join(lines))


NO_OTHER_SLOTS = P_(
    "utter_no_other_slots",
    "There are no other appointments that fit right now, so your appointment stays as it is.",
)
