"""Settings: environment variables, and no placeholder secret in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from api.core.settings import REPO_ROOT, Environment, Settings


def test_defaults_point_into_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "FRONTDOOR_SERVICE_TOKEN", "LOCALES_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRONTDOOR_ENV", "development")

    settings = Settings()

    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'var' / 'frontdoor.db'}"
    assert settings.locales_dir == REPO_ROOT / "locales"
    assert settings.environment is Environment.development
    assert settings.uses_dev_token


def test_reads_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("FRONTDOOR_SERVICE_TOKEN", "a-long-secret")
    monkeypatch.setenv("FRONTDOOR_ADMIN_TOKEN", "another-long-secret")
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", "a-data-key-of-at-least-32-characters")
    monkeypatch.setenv("FRONTDOOR_OAUTH_SIGNING_KEY", "an-oauth-signing-key-of-32-characters")
    monkeypatch.setenv("FRONTDOOR_ENV", "production")
    monkeypatch.setenv("LOCALES_DIR", str(tmp_path))

    settings = Settings()

    assert (settings.database_url, settings.service_token) == ("sqlite:///x.db", "a-long-secret")
    assert settings.is_production
    assert settings.locales_dir == tmp_path


def test_production_refuses_the_development_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTDOOR_SERVICE_TOKEN", raising=False)
    monkeypatch.setenv("FRONTDOOR_ENV", "production")

    with pytest.raises(ValidationError, match="FRONTDOOR_SERVICE_TOKEN"):
        Settings()


def test_production_refuses_the_development_admin_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_SERVICE_TOKEN", "a-long-secret")
    monkeypatch.delenv("FRONTDOOR_ADMIN_TOKEN", raising=False)
    monkeypatch.setenv("FRONTDOOR_ENV", "production")

    with pytest.raises(ValidationError, match="FRONTDOOR_ADMIN_TOKEN"):
        Settings()
