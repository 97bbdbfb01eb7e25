"""kill -9 each process kind mid-conversation: it continues, nothing is lost or doubled."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.simulator import SMS_WEBHOOK_PATH, messages_in, twilio_signature
from deploy.local import PUBLIC_BASE_URL, ScaledStack
from tests.scale.conftest import Phone, provider_needs, tracker_user_messages

# The whole English assessment (as in tests/e2e/test_assessment.py) and what a provider then reads.
SCRIPT = [
    ("Hello", "1. English"),
    ("1", "Is that OK?"),
    ("yes", "interpreter"),
    ("no", "Which of these do you have?"),
    ("2", "How do you get online?"),
    ("4", "run out of data"),
    ("1", "How confident"),
    ("3", "Does someone help you"),
    ("1", "Do any of these affect you?"),
    ("I'm deaf", "Do any of these help you?"),
    ("1 4", "Would any of these help when you visit?"),
    ("1, 2", "How should NHS services contact you?"),
    ("2", "When is the best time"),
    ("1", "harder to get to appointments"),
    ("1 and 3", "Here is what we will record"),
    ("1", "saved"),
]
EXPECTED_NEEDS = [
    ("adjustments", "1108171000000102"),
    ("adjustments", "1108191000000103"),
    ("communication_support", "204331000000107"),
    ("communication_support", "796161000000101"),
    ("confidence", "skills-not-confident"),
    ("connectivity", "online-none"),
    ("contact_method", "795661000000104"),
    ("contact_times", "contact-time-morning"),
    ("data_cost", "cost-runs-out-of-data"),
    ("device", "device-basic-mobile"),
    ("helper", "helper-family"),
    ("impairments", "2"),
    ("interpreter", "interpreter-not-needed"),
    ("social_factors", "social-caring-duties"),
    ("social_factors", "social-transport"),
]
KILL_AT = 7  # after the person has answered a few questions


def expect(phone: Phone, step: int) -> str:
    """Send scripted message `step`; assert the scripted reply; return the serving instance."""
    message, expected = SCRIPT[step]
    reply, instance = phone.send(message)
    assert expected.lower() in reply.lower(), f"after {message!r}: {reply!r}"
    return instance


def assert_recorded_exactly_once(stack: ScaledStack, phone: Phone) -> None:
    """Every answer captured once: the coded needs, and one tracker turn per message sent."""
    needs = provider_needs(stack, phone.number)
    assert sorted((n["kind"], n["code"]["code"]) for n in needs) == EXPECTED_NEEDS
    assert tracker_user_messages(stack, phone.number) == phone.sent_sids


def finish(phone: Phone, from_step: int) -> None:
    """Carry the conversation on to the end of the script."""
    for step in range(from_step, len(SCRIPT)):
        expect(phone, step)


@pytest.mark.parametrize("kind", ["rasa", "actions", "api"])
def test_killing_one_instance_mid_conversation_loses_nothing(
    scaled: ScaledStack, phone: Phone, kind: str
) -> None:
    for step in range(KILL_AT):
        serving = expect(phone, step)
    victim = serving if kind == "rasa" else f"{kind}1"
    scaled.kill(victim)
    try:
        survivor = expect(phone, KILL_AT)  # the balancer moves on to the other instance
        if kind == "rasa":
            assert survivor != victim
        expect(phone, KILL_AT + 1)
    finally:
        scaled.restart(victim)
    finish(phone, KILL_AT + 2)
    assert_recorded_exactly_once(scaled, phone)


def test_redis_killed_mid_conversation_then_twilio_retry_is_handled_once(
    scaled: ScaledStack, phone: Phone
) -> None:
    for step in range(KILL_AT):
        expect(phone, step)
    scaled.kill("redis")
    message, expected = SCRIPT[KILL_AT]
    form = phone.form(message)
    try:
        failed = phone.post(form)
        assert failed.status_code >= 500  # Twilio will retry this MessageSid
    finally:
        scaled.restart("redis")  # data comes back from its append-only file
    retried = phone.post(form)
    assert retried.status_code == 200, retried.text
    assert expected.lower() in " ".join(messages_in(retried.text)).lower()
    again = phone.post(form)  # a second retry: the same answer, no second turn
    assert again.text == retried.text
    finish(phone, KILL_AT + 1)
    assert_recorded_exactly_once(scaled, phone)


def test_postgres_killed_mid_conversation_comes_back(scaled: ScaledStack, phone: Phone) -> None:
    for step in range(KILL_AT):
        expect(phone, step)
    scaled.kill("postgres")
    try:
        headers = {"Authorization": f"Bearer {scaled.env['DEV_PROVIDER_TOKEN']}"}
        down = httpx.get(f"{scaled.api_url}/v1/people", headers=headers, timeout=10)
        assert down.status_code >= 500
    finally:
        scaled.restart("postgres")  # crash recovery from its write-ahead log
    finish(phone, KILL_AT)
    assert_recorded_exactly_once(scaled, phone)


def test_one_message_delivered_to_both_rasa_instances_at_once_is_one_turn(
    scaled: ScaledStack, phone: Phone
) -> None:
    expect(phone, 0)
    form = phone.form(SCRIPT[1][0])

    async def both() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30) as client:
            headers = {
                "X-Twilio-Signature": twilio_signature(
                    scaled.env["TWILIO_AUTH_TOKEN"], PUBLIC_BASE_URL + SMS_WEBHOOK_PATH, form
                )
            }
            return await asyncio.gather(
                *(
                    client.post(scaled.url_of(name) + SMS_WEBHOOK_PATH, data=form, headers=headers)
                    for name in ("rasa1", "rasa2", "rasa1", "rasa2")
                )
            )

    responses = asyncio.run(both())
    phone.sent_sids.append(form["MessageSid"])
    logs = [(scaled.workdir / f"rasa{i}.log").read_text(errors="replace")[-3000:] for i in "12"]
    assert {r.status_code for r in responses} == {200}, logs
    assert len({r.text for r in responses}) == 1
    assert SCRIPT[1][1] in " ".join(messages_in(responses[0].text))
    assert tracker_user_messages(scaled, phone.number) == phone.sent_sids
