"""How long a right code counts, and what the flow needs to know about the call it came on.

Once the texted code has come back, the person isn't asked again for PROOF_WINDOW on the same
channel; on a call, only during that same call (a new call, even from the same number, proves
itself again). The proof lives in the `identity_proof` slot, which only this server sets.
"""

from __future__ import annotations

import time
from typing import Any

from rasa_sdk import Tracker

PROOF_WINDOW_SECONDS = 15 * 60


def latest_call_sid(tracker: Tracker) -> str | None:
    """The CallSid the latest message came with (only calls have one)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return (event.get("metadata") or {}).get("call_sid")
    return None


def proof_now(channel: str, call_sid: str | None, now: float | None = None) -> dict[str, Any]:
    """The slot value that remembers a right code on this channel (and call)."""
    until = (time.time() if now is None else now) + PROOF_WINDOW_SECONDS
    return {"channel": channel, "call_sid": call_sid, "until": until}


def is_proven(proof: Any, channel: str, call_sid: str | None, now: float | None = None) -> bool:
    """Whether a right code came back on this channel (and call) within the window."""
    if not isinstance(proof, dict) or proof.get("channel") != channel:
        return False
    if channel == "voice" and (call_sid is None or proof.get("call_sid") != call_sid):
        return False
    until = proof.get("until")
    return isinstance(until, int | float) and until > (time.time() if now is None else now)


def held_before_call(tracker: Tracker, call_sid: str | None) -> bool:
    """Whether the conversation had consent (so possibly answers) before this call began.

    Without a CallSid we can't tell, so we assume it did.
    """
    if call_sid is None:
        return True
    consent = False
    for event in tracker.events:
        kind = event.get("event")
        if kind == "user" and (event.get("metadata") or {}).get("call_sid") == call_sid:
            return consent
        if kind == "slot" and event.get("name") == "consent_given":
            consent = bool(event.get("value"))
    return consent
