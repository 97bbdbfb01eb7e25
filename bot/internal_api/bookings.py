"""Slots and bookings as the conversation keeps them (the API's shapes, trimmed)."""

from __future__ import annotations

from typing import Any


def slot_for_conversation(item: dict[str, Any]) -> dict[str, Any]:
    """What the conversation keeps of an offered slot (and the NLG needs to say it)."""
    slot = item["slot"]
    return {
        "id": int(slot["id"]),
        "start": slot["start_local"],
        "length_minutes": slot["length_minutes"],
        "place": slot["place"],
        "service": slot["service"],
        "mode": slot["mode"],
        "interpreter_to_book": item.get("interpreter_to_book") or [],
    }


def booked(answer: dict[str, Any]) -> dict[str, Any]:
    """A new booking's slot and the interpreters still to book."""
    return {
        "slot": slot_for_conversation({"slot": answer["slot"]}),
        "interpreter_to_book": answer.get("interpreter_to_book") or [],
    }


def moved(answer: dict[str, Any]) -> dict[str, Any]:
    """A moved booking: its new id, slot and the interpreters still to book."""
    return {"id": int(answer["id"]), **booked(answer)}


def active(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The person's active bookings, soonest first."""
    return [
        {"id": int(item["id"]), "slot": slot_for_conversation({"slot": item["slot"]})}
        for item in answer.get("items", [])
    ]
