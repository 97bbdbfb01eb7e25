"""Changing answers from the read-back or after finishing, and picking up after a crash."""

from __future__ import annotations

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def to_read_back(phone: SmsPhone) -> str:
    """English, consent, no interpreter, then the first answer to everything."""
    for message in ("hi", "1", "yes", "no"):
        reply = phone.send(message)
    while "Here is what we will record" not in reply:
        reply = phone.send("1")
    return reply


def test_no_at_the_read_back_changes_one_part_only(stack: Stack, phone: SmsPhone):
    to_read_back(phone)
    menu = phone.send("2")
    assert "Which part would you like to change?" in menu
    assert "1. Interpreter" in menu and "5. How we contact you" in menu
    assert "How should NHS services contact you?" in phone.send("5")
    assert "When is the best time" in phone.send("3")  # letter
    read_back = phone.send("4")  # any time
    assert "Contact by: Letter" in read_back and "Best time: Any time" in read_back
    assert "Device: A smartphone of my own" in read_back, "other answers kept"
    phone.send("1")
    assert ("contact_method", "936721000000107") in provider.coded_needs(stack, phone.number)


def test_coming_back_after_finishing_can_update(stack: Stack, phone: SmsPhone):
    to_read_back(phone)
    phone.send("1")
    done = phone.send("hello again")
    assert "2. Change my answers" in done
    assert "Which part" in phone.send("2")
    assert "Would you like an interpreter" in phone.send("1")
    assert "Which language should the interpreter speak?" in phone.send("yes")
    read_back = phone.send("1")  # Polish
    assert "Interpreter: Polish" in read_back
    assert "saved" in phone.send("1").lower()
    assert ("interpreter", "203901000000102") in provider.coded_needs(stack, phone.number)


def test_a_crashed_rasa_server_loses_nothing_and_the_person_carries_on(
    stack: Stack, phone: SmsPhone
):
    for message in ("hi", "1", "yes", "no"):
        phone.send(message)
    assert "How do you get online?" in phone.send("2")
    stack.kill("rasa")
    stack.restart("rasa")
    assert "run out of data" in phone.send("1"), "same place, same answers"
    reply = ""
    while "Here is what we will record" not in reply:
        reply = phone.send("1")
    assert "Device: A mobile for calls and texts only" in reply
