"""Personal data at rest: the raw rows hold ciphertext, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api import cli
from api.core import crypto
from api.core.crypto import ENCRYPTED_COLUMNS, DecryptionError, reencrypt_all
from api.core.db import make_engine, utcnow
from api.core.settings import Settings
from api.models.callbacks import CallbackRequest
from api.models.messaging import VerificationCode
from api.models.people import PersonNhsNumber
from api.models.representatives import Representative
from api.models.tables import (
    ContactPreference,
    MessageStatusEvent,
    Need,
    Organisation,
    Person,
    Slot,
    WaitingEntry,
)
from tests.api import postgres
from tests.api.conftest import PHONE, alembic_config, assessment, bearer
from tests.support import system

SECRET_PHONE = "+447700900555"
WORDS = "I lip-read, please face me"
OUTCOME = "Rang back, booked a BSL interpreter"
REFERRAL = "Audiology referral for Jan Kowalski"
CLINICIAN = "Dr Amina Hassan"
NHS_NUMBER = "9434765919"
CLEAR = (SECRET_PHONE, "7700900555", WORDS, OUTCOME, REFERRAL, CLINICIAN, "Kowalski", NHS_NUMBER)
KEY_A, KEY_B, KEY_C = ("a" * 40, "b" * 40, "c" * 40)


@pytest.fixture(autouse=True)
def _fresh_keyring() -> Iterator[None]:
    """Each test starts from the settings' key and leaves no other key behind."""
    crypto._keyring = None
    yield
    crypto._keyring = None


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[str]:
    """DATABASE_URL if it points at PostgreSQL, else a throwaway server ."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgresql"):
        yield configured
        return
    if not postgres.available():
        system.missing("PostgreSQL (initdb, pg_ctl)", "postgresql")
    with postgres.temporary_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind (nothing migrated yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'frontdoor.db'}"
        return
    with postgres.fresh_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
def engine(empty_database: str) -> Iterator[Engine]:
    """An engine on the database migrated to head."""
    command.upgrade(alembic_config(empty_database), "head")
    engine = make_engine(empty_database)
    yield engine
    engine.dispose()


def _write_everything(session: Session) -> None:
    """One row in every table with an encrypted column, through the models."""
    now = utcnow()
    organisation = Organisation(ods_code="A81001", name="Practice")
    person = Person(phone_e164=SECRET_PHONE, language="pl")
    session.add_all([organisation, person])
    session.flush()
    session.add_all(
        [
            Need(person_id=person.id, kind="interpreter", code_system="s", code="c",
                 display="d", words=WORDS, source_channel="sms"),
            ContactPreference(phone_e164=SECRET_PHONE, channel="sms", opted_out=True),
            MessageStatusEvent(message_sid="SM1", status="delivered", phone_e164=SECRET_PHONE,
                               channel="sms"),
            Slot(organisation_id=organisation.id, service="Audiology", place="Room 1",
                 clinician=CLINICIAN, start_at=now, end_at=now + timedelta(minutes=20),
                 length_minutes=20, mode="in_person"),
            WaitingEntry(person_id=person.id, organisation_id=organisation.id,
                         referral=REFERRAL, expected_wait_weeks=6),
            CallbackRequest(phone_e164=SECRET_PHONE, language="pl", reason="asked",
                            channel="sms", status="done", due_at=now, outcome=OUTCOME),
            VerificationCode(phone_e164=SECRET_PHONE, code_hash="0" * 64,
                             expires_at=now + timedelta(minutes=10)),
            PersonNhsNumber(person_id=person.id, nhs_number=NHS_NUMBER,
                            organisation_id=organisation.id),
            Representative(person_id=person.id, phone_e164=SECRET_PHONE, relationship="family",
                           authority="consent", status="pending", channel="sms"),
        ]
    )  # fmt: skip
    session.commit()


def _raw(engine: Engine) -> dict[tuple[str, str], list[str]]:
    """Every stored value of every encrypted column, read with plain SQL."""
    with engine.connect() as connection:
        return {
            (table, column): [
                row[0] for row in connection.execute(text(f"SELECT {column} FROM {table}"))
            ]
            for table, column, _ in ENCRYPTED_COLUMNS
        }


def _whole_tables(engine: Engine) -> str:
    """Every column of every row of the tables that hold personal data, as one text."""
    with engine.connect() as connection:
        return repr(
            [
                connection.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608
                for table in sorted({table for table, _, _ in ENCRYPTED_COLUMNS})
            ]
        )


def test_raw_rows_hold_no_clear_personal_data_and_reads_and_lookups_work(engine: Engine) -> None:
    with Session(engine) as session:
        _write_everything(session)

    dump = _whole_tables(engine)
    assert not [value for value in CLEAR if value in dump]
    raw = _raw(engine)
    assert all(len(values) == 1 and values[0].startswith("v1.") for values in raw.values()), raw

    with Session(engine) as session:
        person = session.scalars(select(Person).where(Person.phone_e164 == SECRET_PHONE)).one()
        assert session.scalars(select(Need.words)).one() == WORDS
        assert session.scalars(select(WaitingEntry.referral)).one() == REFERRAL
        assert session.scalars(select(Slot).where(Slot.clinician == CLINICIAN)).one()
        for model in (ContactPreference, MessageStatusEvent, CallbackRequest, VerificationCode):
            found = session.scalars(select(model).where(model.phone_e164 == SECRET_PHONE)).one()
            assert found.phone_e164 == SECRET_PHONE
        assert session.scalars(select(CallbackRequest.outcome)).one() == OUTCOME
        assert session.scalars(select(Person).where(Person.phone_e164 == PHONE)).all() == []
        nhs = select(PersonNhsNumber.person_id).where(PersonNhsNumber.nhs_number == NHS_NUMBER)
        assert session.scalars(nhs).one() == person.id
        # Deterministic encryption keeps the unique index meaningful.
        session.add(Person(id=str(uuid.uuid4()), phone_e164=person.phone_e164, language="en"))
        with pytest.raises(IntegrityError):
            session.flush()


def test_free_text_differs_each_time_but_phone_numbers_do_not(engine: Engine) -> None:
    ring = crypto.keyring()
    assert ring.seal_text(WORDS) != ring.seal_text(WORDS)
    assert ring.seal_lookup(SECRET_PHONE) == ring.seal_lookup(SECRET_PHONE)
    assert ring.open(ring.seal_text(WORDS), lookup=False) == WORDS


def test_migration_encrypts_rows_stored_before_it_and_downgrade_restores_them(
    empty_database: str,
) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0011")
    engine = make_engine(empty_database)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO people (id, phone_e164, language, created_at, updated_at) "
                 "VALUES ('p1', :phone, 'pl', :now, :now)"),
            {"phone": SECRET_PHONE, "now": now},
        )  # fmt: skip
        connection.execute(
            text("INSERT INTO needs (person_id, kind, code_system, code, display, words, "
                 "source_channel, recorded_at) VALUES ('p1', 'k', 's', 'c', 'd', :w, 'sms', :now)"),
            {"w": WORDS, "now": now},
        )  # fmt: skip
        connection.execute(
            text("INSERT INTO callback_requests (phone_e164, language, reason, channel, status, "
                 "created_at, due_at, outcome) VALUES (:p, 'so', 'asked', 'sms', 'done', :now, "
                 ":now, :o)"),
            {"p": SECRET_PHONE, "now": now, "o": OUTCOME},
        )  # fmt: skip

    command.upgrade(config, "head")

    assert not [value for value in CLEAR if value in _whole_tables(engine)]
    with Session(engine) as session:
        person = session.scalars(select(Person).where(Person.phone_e164 == SECRET_PHONE)).one()
        assert person.id == "p1"
        assert session.scalars(select(Need.words)).one() == WORDS
        assert session.scalars(select(CallbackRequest.outcome)).one() == OUTCOME

    command.downgrade(config, "0011")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT phone_e164 FROM people")).scalar() == SECRET_PHONE
        assert connection.execute(text("SELECT words FROM needs")).scalar() == WORDS
    engine.dispose()


def test_rotation_reads_old_keys_then_rewrites_under_the_new_one(engine: Engine) -> None:
    crypto.configure(KEY_A)
    with Session(engine) as session:
        _write_everything(session)

    ring = crypto.configure(KEY_B, [KEY_A])
    with Session(engine) as session:  # still readable and still found, before the rewrite
        assert session.scalars(select(Person).where(Person.phone_e164 == SECRET_PHONE)).one()
        assert session.scalars(select(Need.words)).one() == WORDS
    with engine.begin() as connection:
        assert reencrypt_all(connection) == len(ENCRYPTED_COLUMNS)
        assert reencrypt_all(connection) == 0  # nothing left under the old key
    prefix = f"v1.{ring.current.key_id}."
    assert all(v.startswith(prefix) for values in _raw(engine).values() for v in values)

    crypto.configure(KEY_B)  # the old key can now be dropped
    with Session(engine) as session:
        assert session.scalars(select(Person.phone_e164)).one() == SECRET_PHONE

    crypto.configure(KEY_C)  # a wrong key reads nothing, loudly
    with Session(engine) as session, pytest.raises(DecryptionError):
        session.scalars(select(Person.phone_e164)).one()


def test_rewrite_stops_at_a_value_under_a_key_it_was_not_given(engine: Engine) -> None:
    crypto.configure(KEY_A)
    with Session(engine) as session:
        _write_everything(session)
    crypto.configure(KEY_C)
    with engine.connect() as connection, pytest.raises(DecryptionError):
        reencrypt_all(connection)


def test_api_stores_interpreter_words_encrypted_and_reads_them_back(
    client: TestClient, service_headers: dict[str, str], create_provider, settings: Settings
) -> None:
    body = assessment(interpreter={"needed": True, "language": "ur", "words": WORDS})
    person_id = client.post("/internal/assessments", json=body, headers=service_headers).json()[
        "person_id"
    ]
    token = create_provider()
    shown = client.get(f"/v1/people/{person_id}/needs", headers=bearer(token))
    assert WORDS in shown.text
    engine = make_engine(settings.database_url)
    assert WORDS not in _whole_tables(engine) and PHONE not in _whole_tables(engine)
    engine.dispose()


def test_production_refuses_the_development_data_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_SERVICE_TOKEN", "a-long-secret")
    monkeypatch.setenv("FRONTDOOR_ADMIN_TOKEN", "another-long-secret")
    monkeypatch.setenv("FRONTDOOR_OAUTH_SIGNING_KEY", "an-oauth-signing-key-of-32-characters")
    monkeypatch.delenv("FRONTDOOR_DATA_KEY", raising=False)
    monkeypatch.setenv("FRONTDOOR_ENV", "production")
    with pytest.raises(ValidationError, match="FRONTDOOR_DATA_KEY"):
        Settings()
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", "short")
    with pytest.raises(ValidationError, match="at least 32"):
        Settings()
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", KEY_A)
    monkeypatch.setenv("FRONTDOOR_OLD_DATA_KEYS", f"{KEY_B}, {KEY_C}")
    assert Settings().old_data_keys == [KEY_B, KEY_C]


def test_rotate_data_key_command(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    crypto.configure(KEY_A)
    with Session(engine) as session:
        _write_everything(session)
    url = engine.url.render_as_string(hide_password=False)
    rotated = Settings(database_url=url, data_key=KEY_B, old_data_keys_csv=KEY_A,
                       rasa_tracker_db="/nonexistent/rasa.db", redis_url="")  # fmt: skip

    assert cli.main(["rotate-data-key"], settings=rotated) == 0

    assert f"re-encrypted {len(ENCRYPTED_COLUMNS)} values" in capsys.readouterr().err
    crypto.configure(KEY_B)
    with Session(engine) as session:
        assert session.scalars(select(Need.words)).one() == WORDS
