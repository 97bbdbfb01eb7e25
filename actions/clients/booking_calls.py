"""API calls for moving bookings and I-statement feedback, on the action server's API client.

Kept beside actions/clients/frontdoor_api.py (the shared client) so booking and feedback can
grow without touching it; they use its one request method.
"""

from __future__ import annotations

from typing import Any

from actions.clients.frontdoor_api import FrontDoorApi, slot_for_conversation


async def move_booking(
    api: FrontDoorApi, phone: str, booking_id: int, slot_id: int, channel: str
) -> dict[str, Any]:
    """Move a booking to another slot: the new booking (ApiConflict if the slot was just taken,
    in which case the old booking stands)."""
    body = {"phone": phone, "slot_id": slot_id, "channel": channel}
    moved = await api._request("POST", f"/internal/bookings/{booking_id}/move", body)
    return {
        "id": int(moved["id"]),
        "slot": slot_for_conversation({"slot": moved["slot"]}),
        "interpreter_to_book": moved.get("interpreter_to_book") or [],
    }


async def record_feedback(api: FrontDoorApi, answer: dict[str, Any]) -> None:
    """Store one answer to an I statement (per language and channel)."""
    await api._request("POST", "/internal/feedback", answer)
