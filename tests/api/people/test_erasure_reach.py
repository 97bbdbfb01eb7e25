"""DELETE reaches every table that holds anything about the person, not only needs and consent."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.tables import ChangeEvent, FeedbackAnswer, WebhookDelivery
from api.people.records import person_by_phone
from tests.api.bookings.test_bookings import book
from tests.api.conftest import bearer
from tests.api.footprint import make_footprint, rows_naming

OTHER = "+447700900456"
ACTED_FOR = "+447700900998"  # the footprint's person acts for this number


def _erase(client: TestClient, service: dict[str, str], phone: str) -> None:
    erased = client.delete("/internal/people", params={"phone": phone}, headers=service)
    assert erased.json() == {"erased": True}


def test_delete_leaves_no_booking_waiting_entry_reminder_or_check_in(
    client: TestClient, session: Session, create_provider: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person = make_footprint(client, session, create_provider, service_headers)
    listed = client.get(
        "/v1/bookings", params={"status": "all"}, headers=bearer(person.booking_token)
    )
    assert {b["person_id"] for b in listed.json()} == {person.person_id}, "the provider saw it"

    _erase(client, service_headers, person.phone)

    listed = client.get(
        "/v1/bookings", params={"status": "all"}, headers=bearer(person.booking_token)
    )
    assert listed.json() == [], "the erased person's bookings are not listed any more"
    left = rows_naming(session, person)
    # The person row keeps only its random id; the audit log and one tombstone point at it.
    assert set(left) <= {"people", "audit_events", "change_events"}, left
    tombstones = session.scalars(
        select(ChangeEvent.type).where(ChangeEvent.person_id == person.person_id)
    ).all()
    assert set(tombstones) == {"person.erased"}


def test_delete_frees_every_slot_and_unlinks_feedback(
    client: TestClient, session: Session, create_provider: Callable[..., str],
    service_headers: dict[str, str], make_person: Callable[..., str],
) -> None:  # fmt: skip
    person = make_footprint(client, session, create_provider, service_headers)
    make_person(OTHER)

    _erase(client, service_headers, person.phone)

    assert book(client, service_headers, person.slot_ids[1], OTHER).status_code == 201
    feedback = session.scalars(select(FeedbackAnswer)).all()
    assert [(f.person_id, f.booking_id, f.answer) for f in feedback] == [(None, None, "partly")]
    assert feedback[0].recorded_at.time().isoformat() == "00:00:00", "kept to the day only"


def test_the_change_feed_serves_only_a_tombstone_of_the_erased_person(
    client: TestClient, session: Session, create_provider: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person = make_footprint(client, session, create_provider, service_headers)
    assert session.scalars(select(WebhookDelivery)).all(), "deliveries were queued"

    _erase(client, service_headers, person.phone)

    for token in (person.sharing_token, person.booking_token):
        feed = client.get("/v1/changes", headers=bearer(token)).json()["items"]
        mine = [(i["type"], i["person_id"]) for i in feed if i["person_id"] == person.person_id]
        assert mine == [("person.erased", person.person_id)], token
    session.expire_all()
    delivered = session.scalars(select(WebhookDelivery)).all()
    events = {e.id: e.type for e in session.scalars(select(ChangeEvent))}
    assert all(events.get(d.event_id) != "needs.changed" for d in delivered)


def test_someone_the_erased_number_acted_for_is_announced_once_more_without_them(
    client: TestClient, session: Session, create_provider: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person = make_footprint(client, session, create_provider, service_headers)
    acted_for = person_by_phone(session=session, phone_e164=ACTED_FOR)
    assert acted_for is not None
    before = session.scalars(select(ChangeEvent.id).order_by(ChangeEvent.id.desc())).first()

    _erase(client, service_headers, person.phone)

    session.expire_all()
    changes = session.scalars(
        select(ChangeEvent).where(
            ChangeEvent.person_id == acted_for.id, ChangeEvent.type == "needs.changed"
        )
    ).all()
    assert [c.id > (before or 0) for c in changes] == [True], "one fresh event, the old gone"
    feed = client.get("/v1/changes", headers=bearer(person.sharing_token)).json()["items"]
    theirs = [i["type"] for i in feed if i["person_id"] == acted_for.id]
    assert theirs.count("needs.changed") == 1
    held = client.get(f"/v1/people/{acted_for.id}", headers=bearer(person.sharing_token))
    assert person.phone not in held.text, "their copy no longer names the erased representative"
