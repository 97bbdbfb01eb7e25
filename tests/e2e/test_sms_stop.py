"""STOP and START by SMS are recorded through the API and get no reply of ours."""

from __future__ import annotations

import httpx

from bot.simulator import messages_in
from tests.e2e.conftest import SmsPhone, user_turns_recorded
from tests.support.stack import Stack


def sms_state(stack: Stack, number: str) -> dict:
    response = httpx.get(
        stack.api_url + "/internal/contact-preferences",
        params={"phone": number},
        headers={"Authorization": f"Bearer {stack.env['FRONTDOOR_SERVICE_TOKEN']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["channels"]["sms"]


def test_stop_is_recorded_without_a_reply_and_start_undoes_it(stack: Stack, phone: SmsPhone):
    phone.send("hi")
    stop = phone.post(phone.form("STOP"))
    assert stop.status_code == 200 and messages_in(stop.text) == []
    assert sms_state(stack, phone.number)["opted_out"] is True
    assert user_turns_recorded(stack, phone.number) == 1
    start = phone.post(phone.form("start"))
    assert start.status_code == 200 and messages_in(start.text) == []
    assert sms_state(stack, phone.number)["reachable"] is True


def test_a_long_reply_never_arrives_cut_mid_word(stack: Stack, phone: SmsPhone):
    reply = phone.post(phone.form("hello"))
    for body in messages_in(reply.text):
        assert len(body) <= 1600
        assert body == body.strip()
