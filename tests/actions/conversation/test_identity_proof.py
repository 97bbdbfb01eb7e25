"""A right code counts for a while on one channel (and one call); what predates a call."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.conversation.identity_proof import (
    PROOF_WINDOW_SECONDS,
    held_before_call,
    is_proven,
    latest_call_sid,
    proof_now,
)


def tracker(events: list[dict]) -> Tracker:
    return Tracker("+447700900123", {}, {}, events, False, None, {}, "")


def user(call_sid: str | None = None) -> dict:
    metadata = {"call_sid": call_sid} if call_sid else {}
    return {"event": "user", "text": "hi", "metadata": metadata}


def consent(value: bool) -> dict:
    return {"event": "slot", "name": "consent_given", "value": value}


def test_a_proof_counts_on_its_channel_and_call_for_the_window() -> None:
    on_call = proof_now("voice", "CA1", now=1000.0)
    assert is_proven(on_call, "voice", "CA1", now=1000.0 + PROOF_WINDOW_SECONDS - 1)
    assert not is_proven(on_call, "voice", "CA1", now=1000.0 + PROOF_WINDOW_SECONDS + 1)
    assert not is_proven(on_call, "voice", "CA2", now=1001.0), "a new call proves itself again"
    assert not is_proven(on_call, "sms", None, now=1001.0)
    by_text = proof_now("sms", None, now=1000.0)
    assert is_proven(by_text, "sms", None, now=1001.0)
    assert not is_proven(by_text, "whatsapp", None, now=1001.0)
    for nothing in (None, "yes", {"channel": "sms", "until": "later"}):
        assert not is_proven(nothing, "sms", None, now=1001.0)


def test_answers_held_before_a_call_are_told_apart_from_answers_given_in_it() -> None:
    by_text_first = tracker([user(), consent(True), user("CA1"), user("CA1")])
    assert held_before_call(by_text_first, "CA1")
    in_this_call = tracker([user("CA1"), consent(True), user("CA1")])
    assert not held_before_call(in_this_call, "CA1")
    assert latest_call_sid(in_this_call) == "CA1"
    assert held_before_call(in_this_call, None), "without a CallSid, assume the worst"
    declined = tracker([user(), consent(False), user("CA2")])
    assert not held_before_call(declined, "CA2")
