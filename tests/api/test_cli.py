"""python -m api.cli: provider credentials."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.cli import main
from api.core.security import hash_token
from api.core.settings import Environment, Settings
from api.models.tables import Organisation, ProviderClient


def test_create_provider_prints_generated_token_once_and_stores_its_hash(
    settings: Settings, database: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "create-provider",
            "--ods",
            "Y12345",
            "--name",
            "Test Surgery",
            "--shares-consented-needs",
        ],
        settings,
    )

    assert status == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 40
    client = session.scalars(select(ProviderClient)).one()
    assert client.token_hash == hash_token(token)
    assert token not in client.token_hash
    organisation = session.scalars(select(Organisation)).one()
    assert (organisation.ods_code, organisation.name) == ("Y12345", "Test Surgery")
    assert organisation.shares_consented_needs is True


def test_create_provider_with_given_token_and_no_sharing(
    settings: Settings, database: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["create-provider", "--ods", "Y1", "--name", "N", "--token", "t0k3n-abc"], settings)
        == 0
    )

    assert capsys.readouterr().out.strip() == "t0k3n-abc"
    assert session.scalars(select(Organisation.shares_consented_needs)).one() is False
    assert (
        main(["create-provider", "--ods", "Y2", "--name", "M", "--token", "t0k3n-abc"], settings)
        == 1
    )


def test_ensure_dev_provider_is_idempotent(
    settings: Settings,
    database: str,
    session: Session,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEV_PROVIDER_TOKEN", "my-dev-token")

    assert main(["ensure-dev-provider"], settings) == 0
    assert main(["ensure-dev-provider"], settings) == 0

    assert capsys.readouterr().out.split() == ["my-dev-token", "my-dev-token"]
    organisation = session.scalars(select(Organisation)).one()
    assert (organisation.ods_code, organisation.name) == ("DEV001", "Development GP practice")
    assert organisation.shares_consented_needs is True
    client = session.scalars(select(ProviderClient)).one()
    assert client.token_hash == hash_token("my-dev-token")


def test_ensure_dev_provider_default_token(
    settings: Settings,
    database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DEV_PROVIDER_TOKEN", raising=False)

    assert main(["ensure-dev-provider"], settings) == 0
    assert capsys.readouterr().out.strip() == "dev-provider-token"


def test_ensure_dev_provider_with_a_new_token_revokes_the_published_one(
    settings: Settings, database: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEV_PROVIDER_TOKEN", raising=False)
    assert main(["ensure-dev-provider"], settings) == 0
    monkeypatch.setenv("DEV_PROVIDER_TOKEN", "a-random-token-set-up-wrote")

    assert main(["ensure-dev-provider"], settings) == 0

    clients = {c.token_hash: c for c in session.scalars(select(ProviderClient))}
    assert clients[hash_token("dev-provider-token")].revoked_at is not None
    assert clients[hash_token("a-random-token-set-up-wrote")].revoked_at is None


def test_ensure_dev_provider_refuses_production(
    settings: Settings, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    production = settings.model_copy(update={"environment": Environment.production})

    assert main(["ensure-dev-provider"], production) == 2
    assert capsys.readouterr().out == ""
