"""The optional I-statement survey over SMS: asked after a booking, answers stored with their
language, channel and context through the API; SKIP and STOP respected."""

from __future__ import annotations

import sqlite3

from bot.simulator import messages_in
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.e2e.test_booking import assess_wheelchair_user, publish, withdraw_free_slots
from tests.support.stack import Stack


def answers_of(stack: Stack, person: str) -> list[tuple[str, str, str, str, str]]:
    with sqlite3.connect(stack.workdir / "frontdoor.db") as db:
        rows = db.execute(
            "SELECT statement_id, answer, language, channel, context FROM feedback_answers "
            "WHERE person_id = ? ORDER BY id",
            (person,),
        ).fetchall()
    return [tuple(row) for row in rows]


def booked(stack: Stack, phone: SmsPhone, place: str, days: int) -> str:
    withdraw_free_slots(stack)
    publish(stack, days=days, step_free=True, place=place)
    assess_wheelchair_user(phone)
    offer = phone.send("BOOK")
    line = [row for row in offer.splitlines() if place in row][0]
    reply = phone.send(line.split(".")[0])
    assert "You're booked" in reply
    assert "a few quick questions" in reply and "send SKIP to stop" in reply
    assert "Is this true for you? I could use my own language." in reply
    assert "1. Yes" in reply and "2. Partly" in reply and "3. No" in reply
    return provider.person_id(stack, phone.number)


def test_after_a_booking_three_statements_are_asked_and_stored(stack: Stack, phone: SmsPhone):
    person = booked(stack, phone, "Survey Street Clinic", days=12)
    second = phone.send("1")
    assert "The support I need to use the service was there." in second
    assert "a few quick questions" not in second
    assert "I was treated with respect and dignity." in phone.send("2")
    assert "Thank you. Your answers help us" in phone.send("3")
    assert answers_of(stack, person) == [
        ("own_language", "yes", "en", "sms", "booking"),
        ("needs_met", "partly", "en", "sms", "booking"),
        ("respect", "no", "en", "sms", "booking"),
    ]
    assert "Your answers are already saved" in phone.send("hello"), "the survey is over"


def test_skip_stops_the_survey_and_nothing_is_stored(stack: Stack, phone: SmsPhone):
    person = booked(stack, phone, "Skip Lane Clinic", days=13)
    assert "no more questions" in phone.send("SKIP")
    assert answers_of(stack, person) == []
    assert "Your answers are already saved" in phone.send("1")


def test_stop_during_the_survey_gets_no_reply_and_nothing_more(stack: Stack, phone: SmsPhone):
    person = booked(stack, phone, "Stop Row Clinic", days=14)
    stop = phone.post(phone.form("STOP"))
    assert stop.status_code == 200 and messages_in(stop.text) == []
    assert answers_of(stack, person) == []
