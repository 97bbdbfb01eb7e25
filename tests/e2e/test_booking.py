"""Booking by text: only slots that fit the person's needs are offered, and the needs travel."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import httpx

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def publish(stack: Stack, *, days: int, step_free: bool, place: str) -> int:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=10, minute=30, microsecond=0)
    body = {"service": "Physiotherapy", "place": place, "start": start.isoformat(),
            "length_minutes": 40, "step_free": step_free}  # fmt: skip
    response = httpx.post(
        stack.api_url + "/v1/slots", json=body, headers=provider.headers(stack), timeout=10
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def withdraw_free_slots(stack: Stack) -> None:
    """Withdraw every slot nobody has booked, so an offer (three at most) shows this test's."""
    for slot in provider.get(stack, "/v1/slots", limit=500).json():
        if not slot["booked"]:
            httpx.delete(
                f"{stack.api_url}/v1/slots/{slot['id']}",
                headers=provider.headers(stack),
                timeout=10,
            )


def assess_wheelchair_user(phone: SmsPhone) -> None:
    for message in ("hi", "1", "yes", "no"):
        reply = phone.send(message)
    while "Here is what we will record" not in reply:
        if "Would any of these help when you visit?" in reply:
            reply = phone.send("1")  # wheelchair access
        else:
            reply = phone.send("SKIP")
    assert "Adjustments: Wheelchair access" in reply
    phone.send("1")


def test_a_wheelchair_user_is_offered_only_step_free_slots_and_books_one(
    stack: Stack, phone: SmsPhone
):
    stairs = publish(stack, days=3, step_free=False, place="Upstairs Clinic")
    step_free = publish(stack, days=4, step_free=True, place="Riverside Health Centre")
    assess_wheelchair_user(phone)

    offer = phone.send("BOOK")
    assert "Which one suits you?" in offer
    assert "Riverside Health Centre" in offer and "Upstairs Clinic" not in offer
    booked = phone.send("1")
    assert "You're booked: Physiotherapy" in booked and "Riverside Health Centre" in booked

    bookings = httpx.get(
        stack.api_url + "/v1/bookings", headers=provider.headers(stack), timeout=10
    )
    mine = [b for b in bookings.json() if b["slot_id"] == step_free]
    assert len(mine) == 1
    codes = {need["code"]["code"] for need in mine[0]["needs"]}
    assert "1108191000000103" in codes, "the wheelchair need travels with the booking"
    assert stairs != step_free


def test_a_slot_taken_meanwhile_is_said_kindly_and_the_rest_offered_again(
    stack: Stack, phone: SmsPhone
):
    taken = publish(stack, days=5, step_free=True, place="Taken Surgery")
    assess_wheelchair_user(phone)
    offer = phone.send("BOOK")
    lines = [line for line in offer.splitlines() if "Taken Surgery" in line]
    assert lines, offer
    number = lines[0].split(".")[0]
    other = SmsPhone(stack, "+447700900990")
    assess_wheelchair_user(other)
    other_offer = other.send("BOOK")
    other_line = [line for line in other_offer.splitlines() if "Taken Surgery" in line][0]
    assert "You're booked" in other.send(other_line.split(".")[0])
    again = phone.send(number)
    assert "someone has just taken that appointment" in again
    assert "Taken Surgery" not in again.split("someone has just taken that appointment")[1]
    assert taken


def test_no_fitting_slot_says_so_and_offers_a_person(stack: Stack, phone: SmsPhone):
    for message in ("hi", "1", "yes", "no"):
        phone.send(message)
    reply = ""
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    phone.send("1")
    before = httpx.get(
        stack.api_url + "/v1/slots", headers=provider.headers(stack), timeout=10
    ).json()
    for slot in before:
        httpx.delete(
            f"{stack.api_url}/v1/slots/{slot['id']}", headers=provider.headers(stack), timeout=10
        )
    reply = phone.send("BOOK")
    assert "no appointments that fit" in reply and "CALL ME" in reply


def test_a_booking_can_be_cancelled_by_text_and_the_slot_frees_up(stack: Stack, phone: SmsPhone):
    slot = publish(stack, days=6, step_free=True, place="Cancel Road Clinic")
    assess_wheelchair_user(phone)
    offer = phone.send("BOOK")
    line = [row for row in offer.splitlines() if "Cancel Road Clinic" in row][0]
    assert "You're booked" in phone.send(line.split(".")[0])

    sure = phone.send("cancel booking")
    assert "Cancel this appointment?" in sure and "Cancel Road Clinic" in sure
    assert "Cancelled:" in phone.send("1")
    listed = provider.get(stack, "/v1/bookings", status="all", limit=500).json()
    mine = [b for b in listed if b["slot_id"] == slot]
    assert [b["status"] for b in mine] == ["cancelled"]
    assert "no appointments booked" in phone.send("I need to cancel my appointment")


def book_at(phone: SmsPhone, place: str) -> None:
    offer = phone.send("BOOK")
    line = [row for row in offer.splitlines() if place in row]
    assert line, offer
    assert "You're booked" in phone.send(line[0].split(".")[0])


def option(reply: str, place: str) -> str:
    """The menu number of the option at `place`."""
    return [row for row in reply.splitlines() if place in row][0].split(".")[0]


def changes_of(stack: Stack, person: str) -> list[str]:
    seen: list[str] = []
    params: dict[str, str] = {"limit": "100"}
    while True:
        page = provider.get(stack, "/v1/changes", **params).json()
        seen += [item["type"] for item in page["items"] if item["person_id"] == person]
        if not page["items"]:
            return seen
        params["cursor"] = page["next_cursor"]


def test_a_booking_is_moved_by_text_the_old_slot_freed_and_the_provider_told(
    stack: Stack, phone: SmsPhone
):
    old = publish(stack, days=7, step_free=True, place="Old Street Clinic")
    new = publish(stack, days=8, step_free=True, place="New Street Clinic")
    publish(stack, days=8, step_free=False, place="Stairs Only Clinic")
    assess_wheelchair_user(phone)
    book_at(phone, "Old Street Clinic")

    offer = phone.send("MOVE BOOKING")
    assert "Which one suits you?" in offer and "New Street Clinic" in offer
    assert "Old Street Clinic" not in offer and "Stairs Only Clinic" not in offer
    moved = phone.send(option(offer, "New Street Clinic"))
    assert "Your appointment is now" in moved and "New Street Clinic" in moved

    listed = provider.get(stack, "/v1/bookings", status="all", limit=500).json()
    mine = {b["slot_id"]: b for b in listed if b["slot_id"] in (old, new)}
    assert mine[old]["status"] == "moved" and mine[new]["status"] == "active"
    assert mine[new]["moved_from_id"] == mine[old]["id"]
    codes = {need["code"]["code"] for need in mine[new]["needs"]}
    assert "1108191000000103" in codes, "the wheelchair need travels with the moved booking"
    assert "booking.moved" in changes_of(stack, mine[new]["person_id"])
    slots = {s["id"]: s for s in provider.get(stack, "/v1/slots", limit=500).json()}
    assert slots[old]["booked"] is False and slots[new]["booked"] is True


def test_moving_to_a_slot_just_taken_keeps_the_old_booking(stack: Stack, phone: SmsPhone):
    old = publish(stack, days=9, step_free=True, place="Keep Lane Clinic")
    publish(stack, days=10, step_free=True, place="Race Lane Clinic")
    assess_wheelchair_user(phone)
    book_at(phone, "Keep Lane Clinic")
    offer = phone.send("change booking")
    assert "Race Lane Clinic" in offer
    other = SmsPhone(stack, "+447700900991")
    assess_wheelchair_user(other)
    book_at(other, "Race Lane Clinic")

    again = phone.send(option(offer, "Race Lane Clinic"))
    assert "someone has just taken that appointment" in again
    listed = provider.get(stack, "/v1/bookings", status="all", limit=500).json()
    assert [b["status"] for b in listed if b["slot_id"] == old] == ["active"]


def test_a_reply_to_a_reminder_after_the_appointment_gets_a_clear_message(
    stack: Stack, phone: SmsPhone
):
    slot = publish(stack, days=11, step_free=True, place="Long Ago Clinic")
    assess_wheelchair_user(phone)
    book_at(phone, "Long Ago Clinic")
    with sqlite3.connect(stack.workdir / "frontdoor.db") as db:  # weeks pass
        db.execute(
            "UPDATE slots SET start_at = datetime('now', '-20 days'), "
            "end_at = datetime('now', '-20 days', '+40 minutes') WHERE id = ?",
            (slot,),
        )
    reply = phone.send("MOVE BOOKING")
    assert "You have no appointments booked with us" in reply and "BOOK" in reply
    assert "no appointments booked" in phone.send("CANCEL BOOKING")
