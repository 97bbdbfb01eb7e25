"""A sender in a range the phone-number library does not know yet (it calls +44 7651… invalid,
though Twilio delivered the message, so the number is real) completes the assessment and is saved,
rather than being refused only at the end and asked to reply YES in a loop."""

from __future__ import annotations

import phonenumbers

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.e2e.test_sms_slice import skip_flow_questions
from tests.support.stack import Stack

NEW_RANGE = "+447651000123"


def test_a_sender_in_a_range_the_library_calls_invalid_is_saved(stack: Stack) -> None:
    parsed = phonenumbers.parse(NEW_RANGE, None)
    assert phonenumbers.is_possible_number(parsed) and not phonenumbers.is_valid_number(parsed)
    phone = SmsPhone(stack, NEW_RANGE)

    phone.send("Hello")
    phone.send("1")  # English
    phone.send("yes")  # consent
    device = phone.send("no")  # no interpreter
    skip_flow_questions(phone, device)
    saved = phone.send("1")

    assert "Reply YES to try again" not in saved
    assert "saved" in saved.lower(), saved
    assert provider.person_id(stack, NEW_RANGE)
