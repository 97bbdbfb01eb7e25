"""Someone who texted, then rings the same number: the call carries on where the text left off."""

from __future__ import annotations

from tests.e2e.conftest import SmsPhone


def test_a_call_after_texting_asks_the_waiting_question_without_saying_sorry(
    phone: SmsPhone, caller
) -> None:
    assert "English" in phone.send("Hello, I would like some help")
    phone.send("1")  # yes, English
    asked_by_text = phone.send("1")  # consent: the first question follows
    assert "interpreter" in asked_by_text.lower()

    first_words = " ".join(caller.dial().says)

    assert "didn't understand" not in first_words.lower()
    assert "interpreter" in first_words.lower(), "the question they were answering, said again"
