"""Asking for a person to call, by keyword or in free text, reaches the front-door staff."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def open_callbacks(stack: Stack) -> list[dict]:
    headers = {"Authorization": f"Bearer {stack.dev_provider_token}"}
    response = httpx.get(stack.api_url + "/v1/callbacks", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_call_me_mid_assessment_queues_one_call_back_with_the_interpreter(
    stack: Stack, phone: SmsPhone
):
    for message in ("cześć", "2", "tak", "tak", "1"):  # Polish, interpreter: Polish
        phone.send(message)
    reply = phone.send("zadzwoń")
    assert "Wkrótce ktoś do Ciebie zadzwoni.\nOstatni dzień na telefon: " in reply
    assert "Co z tego masz?" in reply, "then the question they were on"
    phone.send("please call me")  # asking again queues nothing new
    mine = [c for c in open_callbacks(stack) if c["phone"] == phone.number]
    assert len(mine) == 1
    assert (mine[0]["language"], mine[0]["interpreter_language"]) == ("pl", "pl")
    assert mine[0]["channel"] == "sms"


def test_call_me_before_choosing_a_language_still_works(stack: Stack, phone: SmsPhone):
    phone.send("hello")
    reply = phone.send("CALL ME")
    assert "Latest day for the call: " in reply
    assert any(c["phone"] == phone.number for c in open_callbacks(stack))
