"""Fixtures: a fresh migrated SQLite database and compiled catalogs per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.auth.providers import SCOPES, add_client, get_or_create_organisation
from api.changes.service import install_change_tracking
from api.core.codes import interpreter_need
from api.core.db import make_engine, make_session_factory
from api.core.settings import REPO_ROOT, Settings
from api.models.tables import Consent, Need, Person
from api.people.consent import CONSENT_VERSION
from api.translations import catalogs as i18n
from tests.api import postgres
from tests.api.live import serve

SERVICE_TOKEN = "test-service-token"
PHONE = "+447700900123"


def alembic_config(database_url: str) -> Config:
    """Alembic configured for one database, without touching logging."""
    config = Config(str(REPO_ROOT / "api" / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


@pytest.fixture(scope="session")
def compiled_locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of locales/ with compiled catalogs (the repository's .mo files are not needed)."""
    target = tmp_path_factory.mktemp("locales") / "locales"
    shutil.copytree(REPO_ROOT / "locales", target, ignore=shutil.ignore_patterns("*.mo"))
    i18n.compile_catalogs(target)
    return target


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite file per test, or with DATABASE_URL=postgresql+psycopg://… (scale-out) a fresh
    database on that server per test, dropped afterwards."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'frontdoor.db'}"
        return
    with postgres.fresh_database(configured) as url:
        yield url


@pytest.fixture
def settings(database_url: str, compiled_locales: Path) -> Settings:
    """Settings for a test: its own database, a test token, compiled catalogs."""
    return Settings(
        database_url=database_url,
        service_token=SERVICE_TOKEN,
        environment="development",
        locales_dir=compiled_locales,
        webhook_worker=False,  # tests drive deliveries themselves
    )


@pytest.fixture
def database(settings: Settings) -> str:
    """The test database, migrated to head with Alembic."""
    command.upgrade(alembic_config(settings.database_url), "head")
    return settings.database_url


@pytest.fixture
def session(database: str) -> Iterator[Session]:
    """A session on the test database, for arranging and inspecting rows."""
    engine = make_engine(database)
    factory = make_session_factory(engine)
    install_change_tracking(factory)
    with factory() as db_session:
        yield db_session
    engine.dispose()


@pytest.fixture
def client(settings: Settings, database: str) -> Iterator[TestClient]:
    """A client for an app built on the test settings."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def live_api(settings: Settings, database: str) -> Iterator[str]:
    """The app on the test settings served on loopback, for tests over real HTTP; its base URL."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture
def service_headers() -> dict[str, str]:
    """Headers of the action server."""
    return {"Authorization": f"Bearer {SERVICE_TOKEN}"}


@pytest.fixture
def create_provider(session: Session) -> Callable[..., str]:
    """A factory that creates an organisation with a client and returns the client's token."""

    def create(
        ods: str = "A81001",
        *,
        shares: bool = True,
        token: str | None = None,
        scopes: tuple[str, ...] = tuple(SCOPES),
        expires_at: Any = None,
    ) -> str:
        organisation, _ = get_or_create_organisation(
            session=session, ods_code=ods, name=f"Practice {ods}", shares_consented_needs=shares
        )
        token = token or f"token-{ods}"
        add_client(
            session=session,
            organisation=organisation,
            name="test",
            token=token,
            scopes=scopes,
            expires_at=expires_at,
        )
        session.commit()
        return token

    return create


def assessment(**overrides: Any) -> dict[str, Any]:
    """A valid assessment body, Polish speaker wanting an Urdu interpreter, with overrides."""
    body: dict[str, Any] = {
        "phone": PHONE,
        "language": "pl",
        "channel": "sms",
        "consent": {"granted": True, "language": "pl"},
        "interpreter": {"needed": True, "language": "ur"},
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_person(session: Session) -> Callable[..., str]:
    """A factory: a person with consent (or not) and an interpreter need, written directly."""

    def create(
        phone: str = PHONE, *, consent: bool = True, language: str = "pl", interpreter: str = "ur"
    ) -> str:
        person = Person(phone_e164=phone, language=language)
        session.add(person)
        session.flush()
        if consent:
            session.add(
                Consent(
                    person_id=person.id,
                    version=CONSENT_VERSION,
                    language=language,
                    channel="sms",
                    granted=True,
                )
            )
        coded = interpreter_need(needed=True, language=interpreter)
        session.add(
            Need(
                person_id=person.id,
                kind=coded.kind,
                code_system=coded.code_system,
                code=coded.code,
                display=coded.display,
                value_system=coded.value_system,
                value_code=coded.value_code,
                value_display=coded.value_display,
                source_channel="sms",
            )
        )
        session.commit()
        return person.id

    return create


def bearer(token: str) -> dict[str, str]:
    """An Authorization header."""
    return {"Authorization": f"Bearer {token}"}
