"""Choosing the language: a clear first message is guessed and confirmed; LANGUAGE changes it."""

from __future__ import annotations

from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def test_a_polish_first_message_is_answered_in_polish(stack: Stack, phone: SmsPhone):
    guess = phone.send("Dzień dobry, potrzebuję pomocy z wizytą")
    assert "Wygląda na to, że piszesz po polsku" in guess
    assert "1. Tak" in guess
    consent = phone.send("1")
    # Polish consent is not yet reviewed: the English, with the offer of an interpreter in Polish.
    assert "1. Yes" in consent and "2. No" in consent and "Polski" not in consent
    assert "Część tej wiadomości jest po angielsku" in consent and "ZADZWOŃ" in consent


def test_a_wrong_guess_leads_to_the_menu(stack: Stack, phone: SmsPhone):
    phone.send("Hello, I would like some help please")
    menu = phone.send("2")
    assert "1. English" in menu and "2. Polski" in menu


def test_language_keyword_switches_mid_assessment_and_keeps_the_place(
    stack: Stack, phone: SmsPhone
):
    for message in ("hi", "1", "yes", "no"):
        reply = phone.send(message)
    assert "Which of these do you have?" in reply
    assert "2. Polski" in phone.send("LANGUAGE")
    assert "Co z tego masz?" in phone.send("2")
