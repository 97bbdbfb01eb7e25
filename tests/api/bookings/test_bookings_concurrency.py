"""Two people booking one slot at once: exactly one succeeds, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.bookings.service import SlotGoneError, book
from api.core.db import make_engine, make_session_factory, utcnow
from api.models.tables import Booking, ChangeEvent, Organisation, Person, Slot
from tests.api import postgres
from tests.api.bookings.test_slots import publish
from tests.api.conftest import alembic_config
from tests.support import system

RACERS = 8


def _race(target: Callable[[int], int]) -> list[int]:
    """Run target(i) in RACERS threads released together; their results in order."""
    barrier = threading.Barrier(RACERS)
    results = [0] * RACERS

    def run(index: int) -> None:
        barrier.wait()
        results[index] = target(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_http_bookings_of_one_slot(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    phones = [f"+4477009001{i:02d}" for i in range(RACERS)]
    for phone in phones:
        make_person(phone)
    slot = publish(client, create_provider())

    def attempt(index: int) -> int:
        body = {"phone": phones[index], "slot_id": slot["id"], "channel": "sms"}
        return client.post("/internal/bookings", json=body, headers=service_headers).status_code

    statuses = _race(attempt)

    assert sorted(statuses) == [201] + [409] * (RACERS - 1)
    assert len(session.scalars(select(Booking)).all()) == 1


def test_the_database_refuses_a_second_active_booking(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    session: Session,
) -> None:  # fmt: skip
    slot = publish(client, create_provider())
    people = [make_person(p) for p in ("+447700900111", "+447700900222")]
    organisation_id = session.scalars(select(Organisation.id)).one()
    for person_id in people:
        session.add(
            Booking(
                slot_id=slot["id"], active_slot_id=slot["id"], person_id=person_id,
                organisation_id=organisation_id, channel="sms",
            )
        )  # fmt: skip

    with pytest.raises(IntegrityError):
        session.commit()


def _arrange(factory: sessionmaker[Session]) -> tuple[int, list[str]]:
    """An organisation, a slot tomorrow and RACERS people, committed; (slot id, phones)."""
    tag = uuid.uuid4().hex[:8]
    with factory() as db:
        organisation = Organisation(ods_code=f"T{tag}", name="Race", shares_consented_needs=False)
        db.add(organisation)
        db.flush()
        start = utcnow() + timedelta(days=1)
        slot = Slot(
            organisation_id=organisation.id, service="Race", place=f"Room {tag}", start_at=start,
            end_at=start + timedelta(minutes=10), length_minutes=10, mode="in_person",
        )  # fmt: skip
        people = [Person(phone_e164=f"race:{tag}:{i}", language="en") for i in range(RACERS)]
        db.add_all([slot, *people])
        db.commit()
        return slot.id, [p.phone_e164 for p in people]


def _book_in_own_session(factory: sessionmaker[Session], slot_id: int, phone: str) -> int:
    """Book in a session of this thread: 1 if booked, 0 if refused as taken."""
    with factory() as db:
        person = db.scalars(select(Person).where(Person.phone_e164 == phone)).one()
        try:
            book(session=db, person=person, slot_id=slot_id, channel="sms")
        except SlotGoneError:
            return 0
        return 1


def _cleanup(factory: sessionmaker[Session], slot_id: int, phones: list[str]) -> None:
    """Remove what _arrange made (the PostgreSQL database may be shared)."""
    with factory() as db:
        slot = db.get(Slot, slot_id)
        assert slot is not None
        ids = db.scalars(select(Person.id).where(Person.phone_e164.in_(phones))).all()
        db.execute(delete(ChangeEvent).where(ChangeEvent.person_id.in_(ids)))
        db.execute(delete(Booking).where(Booking.slot_id == slot_id))
        db.execute(delete(Slot).where(Slot.id == slot_id))
        db.execute(delete(Person).where(Person.id.in_(ids)))
        db.execute(delete(Organisation).where(Organisation.id == slot.organisation_id))
        db.commit()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """DATABASE_URL if it points at PostgreSQL, else a throwaway server ."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgresql"):
        yield configured
        return
    if not postgres.available():
        system.missing("PostgreSQL (initdb, pg_ctl)", "postgresql")
    with postgres.temporary_postgres() as url:
        yield url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_sessions_book_exactly_once(
    backend: str, database: str, request: pytest.FixtureRequest
) -> None:
    url = database if backend == "sqlite" else request.getfixturevalue("postgres_url")
    if backend != "sqlite":
        command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    factory = make_session_factory(engine)
    slot_id, phones = _arrange(factory)
    try:
        results = _race(lambda i: _book_in_own_session(factory, slot_id, phones[i]))
        with factory() as db:
            active = db.scalars(select(Booking).where(Booking.active_slot_id == slot_id)).all()
        assert (sum(results), len(active)) == (1, 1)
    finally:
        _cleanup(factory, slot_id, phones)
        engine.dispose()
