"""Several organisations claiming one call-back at the same moment: exactly one gets it, over
real HTTP and in concurrent sessions on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from alembic import command
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from api.callbacks.service import CallbackRefused, claim_callback, request_callback
from api.core.db import make_engine, make_session_factory
from api.models.callbacks import CallbackRequest
from api.models.tables import AuditEvent, Organisation
from tests.api.bookings.test_bookings_concurrency import postgres_url  # noqa: F401 (fixture)
from tests.api.conftest import SERVICE_TOKEN, alembic_config, bearer

RACERS = 8
STAFF_SCOPES = ("needs:read", "callbacks:manage")


def _race(target: Callable[[int], object]) -> list[object]:
    """Run target(i) in RACERS threads released together; their results in order."""
    barrier = threading.Barrier(RACERS)
    results: list[object] = [None] * RACERS

    def run(index: int) -> None:
        barrier.wait()
        results[index] = target(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_http_claims_of_one_call_back(
    live_api: str, create_provider: Callable[..., str], session: Session
) -> None:
    tokens = [create_provider(f"A8{i:04d}", scopes=STAFF_SCOPES) for i in range(RACERS)]
    queued = httpx.post(
        f"{live_api}/internal/callbacks",
        json={"phone": "+447700900301", "language": "en", "channel": "sms"},
        headers=bearer(SERVICE_TOKEN),
    )
    callback_id = queued.json()["id"]

    def claim(index: int) -> int:
        url = f"{live_api}/v1/callbacks/{callback_id}/claim"
        return httpx.post(url, headers=bearer(tokens[index]), timeout=30).status_code

    statuses = _race(claim)

    assert sorted(statuses) == [200] + [409] * (RACERS - 1)  # type: ignore[type-var]
    winner = tokens[statuses.index(200)]
    listed = httpx.get(
        f"{live_api}/v1/callbacks", params={"status": "claimed"}, headers=bearer(winner)
    )
    assert [c["id"] for c in listed.json()] == [callback_id]
    outcomes = session.scalars(
        select(AuditEvent.outcome).where(AuditEvent.action == "callbacks.claim")
    ).all()
    assert sorted(outcomes) == ["ok"] + ["refused"] * (RACERS - 1)


def _arrange(factory: sessionmaker[Session]) -> tuple[int, list[int]]:
    """RACERS organisations and one open call-back, committed; (call-back id, organisation ids)."""
    tag = uuid.uuid4().hex[:8]
    with factory() as db:
        organisations = [
            Organisation(ods_code=f"R{tag}{i}", name="Race", shares_consented_needs=True)
            for i in range(RACERS)
        ]
        db.add_all(organisations)
        request = request_callback(
            session=db, phone_e164=f"+4477009{int(tag, 16) % 100000:05d}", language="en",
            interpreter_language=None, reason="asked", channel="sms",
        )  # fmt: skip
        db.commit()
        return request.id, [o.id for o in organisations]


def _claim_in_own_session(factory: sessionmaker[Session], callback_id: int, org_id: int) -> int:
    """Claim in a session of this thread: 1 if claimed, 0 if refused."""
    with factory() as db:
        organisation = db.get(Organisation, org_id)
        assert organisation is not None
        try:
            claim_callback(
                session=db, callback_id=callback_id, organisation=organisation, via="api"
            )
        except CallbackRefused:
            db.commit()
            return 0
        db.commit()
        return 1


def _cleanup(factory: sessionmaker[Session], callback_id: int, org_ids: list[int]) -> None:
    """Remove what _arrange made (the PostgreSQL database may be shared)."""
    with factory() as db:
        db.execute(delete(CallbackRequest).where(CallbackRequest.id == callback_id))
        db.commit()


@pytest.fixture
def engine_for(database: str, request: pytest.FixtureRequest) -> Iterator[Callable[[str], str]]:
    """The database URL of a backend, migrated."""

    def url_of(backend: str) -> str:
        if backend == "sqlite":
            return database
        url = str(request.getfixturevalue("postgres_url"))
        command.upgrade(alembic_config(url), "head")
        return url

    yield url_of


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_sessions_claim_exactly_once(
    backend: str, engine_for: Callable[[str], str]
) -> None:
    engine = make_engine(engine_for(backend))
    factory = make_session_factory(engine)
    callback_id, org_ids = _arrange(factory)
    try:
        results = _race(lambda i: _claim_in_own_session(factory, callback_id, org_ids[i]))
        with factory() as db:
            row = db.get(CallbackRequest, callback_id)
            assert row is not None
            winners = [org_ids[i] for i, won in enumerate(results) if won]
        assert sum(results) == 1  # type: ignore[arg-type]
        assert (row.status, row.claimed_by) == ("claimed", winners[0])
    finally:
        _cleanup(factory, callback_id, org_ids)
        engine.dispose()
