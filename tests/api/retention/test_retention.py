"""Retention deletes what it should and nothing else: records, and Rasa's real tracker store."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from api import cli
from api.app import create_app
from api.conversations.stores import redis_client
from api.core.data_keys import keyring_from_environ
from api.core.db import utcnow
from api.core.settings import REPO_ROOT, Settings
from api.models.callbacks import CLAIMED, DONE, OPEN, CallbackRequest
from api.models.messaging import VerificationCode
from api.models.tables import (
    AuditEvent,
    Consent,
    ContactPreference,
    MessageStatusEvent,
    Need,
    Person,
)
from api.people.consent import CONSENT_VERSION
from api.people.erasure import erase_person
from api.retention.service import RetentionPolicy, run_retention, tracker_engine
from tests.api.conftest import SERVICE_TOKEN
from tests.support.redis_server import redis_server
from tests.support.stack import BOT_BIN

NOW = utcnow()
DAYS = timedelta(days=1)
STANDING, WITHDRAWN_LONG_AGO, WITHDRAWN_LATELY, ERASED = (
    "+447700900301", "+447700900302", "+447700900303", "+447700900304"
)  # fmt: skip
POLICY = RetentionPolicy(
    conversations_days=30, closed_callbacks_days=90, verification_codes_days=1,
    delivery_status_days=180, withdrawn_days=30,
)  # fmt: skip
TRACKER_FIXTURE = REPO_ROOT / "tests" / "api" / "tracker_fixture.py"


def _person(session: Session, phone: str, *, withdrawn_days_ago: float | None) -> Person:
    """A person who consented 400 days ago, with a need; consent withdrawn if asked."""
    person = Person(phone_e164=phone, language="so", created_at=NOW - 400 * DAYS)
    session.add(person)
    session.flush()
    withdrawn = None if withdrawn_days_ago is None else NOW - withdrawn_days_ago * DAYS
    session.add_all(
        [
            Consent(person_id=person.id, version=CONSENT_VERSION, language="so", channel="sms",
                    granted=True, recorded_at=NOW - 400 * DAYS, withdrawn_at=withdrawn),
            Need(person_id=person.id, kind="interpreter", code_system="s", code="c",
                 display="d", words="Somali please", source_channel="sms"),
        ]
    )  # fmt: skip
    return person


def _callback(phone: str, status: str, *, closed_days_ago: float | None = None) -> CallbackRequest:
    closed = None if closed_days_ago is None else NOW - closed_days_ago * DAYS
    return CallbackRequest(
        phone_e164=phone, language="so", reason="asked", channel="sms", status=status,
        created_at=NOW - 200 * DAYS, due_at=NOW - 199 * DAYS, closed_at=closed,
        outcome="called" if closed else None,
    )  # fmt: skip


def _code(phone: str, *, expired_days_ago: float, locked_days_ahead: float | None = None):
    locked = None if locked_days_ahead is None else NOW + locked_days_ahead * DAYS
    return VerificationCode(
        phone_e164=phone, code_hash="0" * 64, created_at=NOW - (expired_days_ago + 1) * DAYS,
        expires_at=NOW - expired_days_ago * DAYS, locked_until=locked,
    )  # fmt: skip


def _status(phone: str, sid: str, days_ago: float) -> MessageStatusEvent:
    return MessageStatusEvent(message_sid=sid, status="delivered", phone_e164=phone,
                              channel="sms", recorded_at=NOW - days_ago * DAYS)  # fmt: skip


def _arrange(session: Session) -> dict[str, str]:
    """Everything retention looks at, some past its time and some not; returns the person ids."""
    people = {
        STANDING: _person(session, STANDING, withdrawn_days_ago=None),
        WITHDRAWN_LONG_AGO: _person(session, WITHDRAWN_LONG_AGO, withdrawn_days_ago=40),
        WITHDRAWN_LATELY: _person(session, WITHDRAWN_LATELY, withdrawn_days_ago=5),
        ERASED: _person(session, ERASED, withdrawn_days_ago=60),
    }
    erase_person(session=session, person=people[ERASED])  # erased by DELETE earlier
    session.add_all(
        [
            _callback(STANDING, DONE, closed_days_ago=100),  # goes
            _callback(STANDING, DONE, closed_days_ago=10),  # stays
            _callback("+447700900401", OPEN),  # stays however old
            _callback("+447700900402", CLAIMED),  # stays however old
            _callback(WITHDRAWN_LONG_AGO, OPEN),  # goes with the person
            _code(STANDING, expired_days_ago=2),  # goes
            _code("+447700900403", expired_days_ago=2, locked_days_ahead=0.01),  # lock: stays
            _code("+447700900404", expired_days_ago=-0.005),  # not expired: stays
            _code(WITHDRAWN_LONG_AGO, expired_days_ago=0.01),  # goes with the person
            _status(STANDING, "SMold", 200),  # goes
            _status(STANDING, "SMnew", 10),  # stays
            ContactPreference(phone_e164=WITHDRAWN_LONG_AGO, channel="sms", opted_out=True),
        ]
    )
    session.commit()
    return {phone: person.id for phone, person in people.items()}


def _phones(session: Session, model: type) -> list[str]:
    return sorted(session.scalars(select(model.phone_e164)).all())


def test_retention_deletes_what_is_past_its_time_and_nothing_else(session: Session) -> None:
    ids = _arrange(session)
    audit_before = session.scalar(select(func.count()).select_from(AuditEvent))

    report = run_retention(session=session, policy=POLICY, now=NOW)

    deleted = {kind: n for kind, n in report.counts.items() if n}
    assert deleted == {"people_erased": 1, "verification_codes": 1, "closed_callbacks": 1,
                       "delivery_statuses": 1}  # fmt: skip
    session.expire_all()
    phones = {p.id: p.phone_e164 for p in session.scalars(select(Person))}
    assert phones[ids[STANDING]] == STANDING
    assert phones[ids[WITHDRAWN_LATELY]] == WITHDRAWN_LATELY  # within its 30 days
    assert phones[ids[WITHDRAWN_LONG_AGO]].startswith("erased:")
    needs = session.scalars(select(Need.person_id)).all()
    assert sorted(needs) == sorted([ids[STANDING], ids[WITHDRAWN_LATELY]])
    callbacks = session.scalars(select(CallbackRequest)).all()
    assert sorted((c.phone_e164, c.status) for c in callbacks) == [
        (STANDING, DONE), ("+447700900401", OPEN), ("+447700900402", CLAIMED)
    ]  # fmt: skip
    assert _phones(session, VerificationCode) == ["+447700900403", "+447700900404"]
    assert session.scalars(select(MessageStatusEvent.message_sid)).all() == ["SMnew"]
    assert _phones(session, ContactPreference) == [WITHDRAWN_LONG_AGO]  # STOP is kept
    erased_audit = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "retention.erase")
    ).all()
    assert [(a.person_id, a.purpose) for a in erased_audit] == [
        (ids[WITHDRAWN_LONG_AGO], "retention")
    ]
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before + 1

    again = run_retention(session=session, policy=POLICY, now=NOW)
    assert set(again.counts.values()) == {0}


def _bot_python() -> Path:
    python = BOT_BIN / "python"
    if not python.exists():
        pytest.fail("no bot environment (.venv/bot): `make test` creates it", pytrace=False)
    return python


def _tracker(command: str, db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Write or read conversations through the bot's own tracker stores (bot environment)."""
    result = subprocess.run(
        [str(_bot_python()), str(TRACKER_FIXTURE), command, str(db), *args],
        cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_retention_deletes_old_conversations_from_a_real_rasa_tracker_store(
    tmp_path: Path, session: Session
) -> None:
    db = tmp_path / "rasa-tracker.db"
    _tracker("write", db, str(NOW.timestamp()))
    tracker = tracker_engine(str(db))
    assert tracker is not None

    report = run_retention(session=session, policy=POLICY, now=NOW, tracker=tracker)

    with tracker.connect() as connection:  # conversations are named by the keyed hash
        senders = connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars()
        ring = keyring_from_environ()
        assert sorted(senders) == sorted(ring.sender_ref(p) for p in ("+447700900002",
                                                                      "+447700900003"))  # fmt: skip
    tracker.dispose()
    # Rasa reads what is left: the returning person's current session, the long one whole.
    assert json.loads(_tracker("read", db)) == {
        "+447700900001": [],
        "+447700900002": ["new returning words"],
        "+447700900003": ["long session start", "long session recent"],
    }
    # The quiet one's 3 events, the returning one's old session (3) and, of the long session,
    # the action marker before its `session_started` (Rasa reads a session from that event on).
    assert report.counts["conversation_events"] == 3 + 3 + 1


def test_retention_erases_an_erased_persons_conversation_in_sql_and_redis(
    tmp_path: Path, session: Session
) -> None:
    """Someone erased by retention (consent withdrawn long ago) loses their conversation in
    both of Rasa's stores, found by its keyed hash; everyone else keeps theirs."""
    _arrange(session)
    db = tmp_path / "rasa-tracker.db"
    with redis_server(tmp_path / "redis") as url:
        _tracker("write-people", db, url, WITHDRAWN_LONG_AGO, STANDING, WITHDRAWN_LATELY)
        tracker, redis = tracker_engine(str(db)), redis_client(url)

        report = run_retention(session=session, policy=POLICY, now=NOW, tracker=tracker,
                               redis=redis)  # fmt: skip

        tracker.dispose()
        held = json.loads(_tracker("read-people", db, url, WITHDRAWN_LONG_AGO, STANDING,
                                   WITHDRAWN_LATELY))  # fmt: skip
    assert report.counts["people_erased"] == 1 and report.counts["conversations_erased"] == 1
    assert held[WITHDRAWN_LONG_AGO] == {"sql": [], "redis": []}
    assert held[STANDING] == {"sql": ["words of 301"], "redis": ["words of 301"]}
    assert held[WITHDRAWN_LATELY] == {"sql": ["words of 303"], "redis": ["words of 303"]}


def test_retention_command_uses_the_settings(
    session: Session, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _arrange(session)
    db = tmp_path / "rasa-tracker.db"
    _tracker("write", db, str(NOW.timestamp()))
    configured = settings.model_copy(
        update={"rasa_tracker_db": str(db), "keep_closed_callbacks_days": 5}
    )

    assert cli.main(["retention"], settings=configured) == 0

    out = capsys.readouterr().out
    assert "closed_callbacks: 2" in out and "conversation_events: 7" in out
    assert "people_erased: 1" in out and STANDING not in out
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM events")).scalar() == 6
    engine.dispose()


def test_no_tracker_store_is_reported_not_an_error(
    settings: Settings, database: str, capsys
) -> None:
    missing = settings.model_copy(update={"rasa_tracker_db": "/nonexistent/rasa.db"})
    assert cli.main(["retention"], settings=missing) == 0
    assert "conversations not checked" in capsys.readouterr().err


def test_delete_also_erases_the_persons_call_backs_and_codes(session: Session) -> None:
    person = _person(session, STANDING, withdrawn_days_ago=None)
    session.add_all([_callback(STANDING, OPEN), _code(STANDING, expired_days_ago=-0.005),
                     _callback("+447700900401", OPEN)])  # fmt: skip
    session.commit()

    erase_person(session=session, person=person)
    session.commit()

    assert _phones(session, CallbackRequest) == ["+447700900401"]
    assert _phones(session, VerificationCode) == []


def test_the_scheduler_runs_it_through_the_internal_endpoint(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    _arrange(session)
    db = tmp_path / "rasa-tracker.db"
    _tracker("write", db, str(NOW.timestamp()))
    app = create_app(settings.model_copy(update={"rasa_tracker_db": str(db)}))
    with TestClient(app) as client:
        assert client.post("/internal/retention").status_code == 401
        done = client.post(
            "/internal/retention", headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
        )
    assert done.status_code == 200, done.text
    assert done.json()["conversations_checked"] is True
    assert done.json()["deleted"]["people_erased"] == 1
    assert done.json()["deleted"]["conversation_events"] == 7
