"""The whole assessment over the signed SMS webhook, checked through the provider API."""

from __future__ import annotations

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def test_full_assessment_in_english_is_coded_for_providers(stack: Stack, phone: SmsPhone):
    script = [
        ("Hello", "1. English"),
        ("1", "Is that OK?"),  # English
        ("yes", "interpreter"),  # consent
        ("no", "Which of these do you have?"),  # no interpreter
        ("2", "How do you get online?"),  # a basic mobile
        ("4", "run out of data"),  # can't get online
        ("1", "How confident"),  # often runs out of data
        ("3", "Does someone help you"),  # not confident
        ("my daughter helps me with the computer", "Do any of these affect you?"),  # family
        ("I'm deaf", "Do any of these help you?"),  # free text: hearing
        ("1 4", "Would any of these help when you visit?"),  # BSL interpreter + Easy Read
        ("1, 2", "How should NHS services contact you?"),  # wheelchair + longer appointment
        ("2", "When is the best time"),  # phone call
        ("1", "harder to get to appointments"),  # mornings
        ("1 and 3", "Here is what we will record"),  # caring duties, transport
    ]
    for message, expected in script:
        reply = phone.send(message)
        assert expected in reply, f"after {message!r}: {reply!r}"
    assert "Device: A mobile for calls and texts only" in reply
    assert "Communication: A British Sign Language interpreter, Easy Read information" in reply
    assert "Saved" in phone.send("1").title()
    person_messages = len(script) + 1
    assert person_messages <= 25

    coded = provider.coded_needs(stack, phone.number)
    assert {
        ("interpreter", "interpreter-not-needed"),
        ("device", "device-basic-mobile"),
        ("connectivity", "online-none"),
        ("data_cost", "cost-runs-out-of-data"),
        ("confidence", "skills-not-confident"),
        ("helper", "helper-family"),
        ("impairments", "2"),  # RA-ConditionCode: hearing
        ("communication_support", "204331000000107"),  # BSL interpreter needed
        ("communication_support", "796161000000101"),  # Easyread
        ("adjustments", "1108191000000103"),  # wheelchair access
        ("adjustments", "1108171000000102"),  # extended appointment
        ("contact_method", "795661000000104"),  # contact by telephone
        ("contact_times", "contact-time-morning"),
        ("social_factors", "social-caring-duties"),
        ("social_factors", "social-transport"),
    } == coded


def test_skip_back_and_help_in_polish(stack: Stack, phone: SmsPhone):
    for message in ("hi", "2", "tak", "nie"):
        reply = phone.send(message)
    assert "Co z tego masz?" in reply
    assert "Jak korzystasz z internetu?" in phone.send("POMIŃ")
    assert "Co z tego masz?" in phone.send("wstecz")
    helped = phone.send("pomoc")
    assert "WSTECZ" in helped and "Co z tego masz?" in helped
    assert "Jak korzystasz z internetu?" in phone.send("Własny smartfon")
    # Nonsense twice is asked again kindly; the third time we move on rather than trap them.
    assert "Jak korzystasz z internetu?" in phone.send("fioletowy")
    assert "Jak korzystasz z internetu?" in phone.send("🙂🙂")
    moved_on = phone.send("xyz")
    assert "Przejdźmy do następnego pytania" in moved_on
    assert "dane" in moved_on


def test_out_of_range_and_long_answers_never_record_a_wrong_answer(stack: Stack, phone: SmsPhone):
    for message in ("hi", "1", "yes", "no"):
        phone.send(message)
    for bad in ("9", "1 2"):
        assert "Which of these do you have?" in phone.send(bad), bad
    assert "How do you get online?" in phone.send("3")
    for bad in ("0", "x" * 3000):
        assert "How do you get online?" in phone.send(bad), bad[:10]
    assert "run out of data" in phone.send("2")
