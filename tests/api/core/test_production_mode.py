"""Production is the default: without FRONTDOOR_ENV=development, every published secret is
refused, by the settings and by each real process at start-up, naming the variable."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.core.environment import (
    PlaceholderSecretError,
    is_development,
    published_secrets,
    refuse_placeholders,
    write_secrets,
)
from api.core.settings import Settings
from tests.support.stack import API_BIN, BOT_BIN, REPO, free_port

PUBLISHED = published_secrets()
# Secret values the API needs, none of them published.
REAL = {
    "FRONTDOOR_SERVICE_TOKEN": "a-real-service-token-0123456789",
    "FRONTDOOR_ADMIN_TOKEN": "a-real-admin-token-0123456789",
    "FRONTDOOR_DATA_KEY": "a-real-data-key-of-at-least-32-characters",
    "FRONTDOOR_OAUTH_SIGNING_KEY": "a-real-oauth-signing-key-of-32-characters",
}


def test_the_published_secrets_include_every_token_and_key() -> None:
    for name in ("TWILIO_AUTH_TOKEN", "RASA_API_TOKEN", "FRONTDOOR_SERVICE_TOKEN",
                 "FRONTDOOR_ADMIN_TOKEN", "DEV_PROVIDER_TOKEN", "FRONTDOOR_DATA_KEY",
                 "FRONTDOOR_OAUTH_SIGNING_KEY"):  # fmt: skip
        assert name in PUBLISHED


@pytest.mark.parametrize("value", [None, "", "production", "staging", "Development", "dev"])
def test_only_development_is_development(value: str | None) -> None:
    environ = {} if value is None else {"FRONTDOOR_ENV": value}
    assert not is_development(environ)
    assert is_development({"FRONTDOOR_ENV": "development"})


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_every_published_secret_is_refused_without_development_mode(name: str) -> None:
    with pytest.raises(PlaceholderSecretError, match=name):
        refuse_placeholders({name: PUBLISHED[name]})
    refuse_placeholders({name: PUBLISHED[name], "FRONTDOOR_ENV": "development"})
    refuse_placeholders({name: "a-value-nobody-published"})


@pytest.mark.parametrize("name", sorted(REAL))
def test_settings_without_frontdoor_env_refuse_a_published_secret(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.delenv("FRONTDOOR_ENV")
    for variable, value in REAL.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv(name, PUBLISHED[name])

    with pytest.raises(ValidationError, match=name):
        Settings()


def test_settings_without_frontdoor_env_are_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTDOOR_ENV")
    for variable, value in REAL.items():
        monkeypatch.setenv(variable, value)

    assert Settings().is_production
    monkeypatch.setenv("FRONTDOOR_ENV", "staging")
    assert Settings().is_production


def production_environ(**extra: str) -> dict[str, str]:
    """The test's environment without FRONTDOOR_ENV, with these settings."""
    environ = {k: v for k, v in os.environ.items() if k != "FRONTDOOR_ENV"}
    return {**environ, "PYTHONPATH": str(REPO), **REAL, **extra}


def refusal(command: list[str], environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=REPO, env=environ, capture_output=True, text=True, timeout=120
    )


def test_the_api_process_refuses_to_start_with_a_published_token() -> None:
    environ = production_environ(FRONTDOOR_ADMIN_TOKEN=PUBLISHED["FRONTDOOR_ADMIN_TOKEN"])
    done = refusal(
        [str(API_BIN / "uvicorn"), "--factory", "api.app:create_app", "--host", "127.0.0.1",
         "--port", str(free_port())],
        environ,
    )  # fmt: skip
    assert done.returncode != 0
    assert "FRONTDOOR_ADMIN_TOKEN is the value published in .env.example" in done.stderr


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["-m", "bot.server", "run", "--model", "models/current.tar.gz"], "TWILIO_AUTH_TOKEN"),
        (["-m", "bot.server", "run", "actions", "--actions", "actions"], "TWILIO_AUTH_TOKEN"),
        (["-m", "bot.scheduler"], "RASA_API_TOKEN"),
    ],
)
def test_the_bot_processes_refuse_to_start_with_a_published_token(
    command: list[str], name: str
) -> None:
    environ = production_environ(**{name: PUBLISHED[name]})
    done = refusal([str(BOT_BIN / "python"), *command], environ)
    assert done.returncode != 0
    assert f"{name} is the value published in .env.example" in done.stderr


def test_the_scheduler_refuses_to_start_without_its_tokens() -> None:
    environ = production_environ()
    environ.pop("RASA_API_TOKEN", None)
    done = refusal([str(BOT_BIN / "python"), "-m", "bot.scheduler"], environ)
    assert done.returncode != 0
    assert "RASA_API_TOKEN is not set" in done.stderr


def test_write_secrets_replaces_published_values_only(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "FRONTDOOR_ENV=development\n"
        f"RASA_API_TOKEN={PUBLISHED['RASA_API_TOKEN']}\n"
        "TWILIO_AUTH_TOKEN=my-own-twilio-token\n"
        f"FRONTDOOR_DATA_KEY={PUBLISHED['FRONTDOOR_DATA_KEY']}\n"
        "FRONTDOOR_ACTIONS_TOKEN=\n"
        "TWILIO_ACCOUNT_SID=ACdevelopment00000000000000000000\n"
    )

    written = write_secrets(dotenv, keep=["FRONTDOOR_DATA_KEY"])

    values = dict(line.split("=", 1) for line in dotenv.read_text().splitlines())
    assert written == ["RASA_API_TOKEN", "FRONTDOOR_ACTIONS_TOKEN"]
    assert values["RASA_API_TOKEN"] not in PUBLISHED.values()
    assert len(values["RASA_API_TOKEN"]) >= 32 and len(values["FRONTDOOR_ACTIONS_TOKEN"]) >= 32
    assert values["TWILIO_AUTH_TOKEN"] == "my-own-twilio-token"
    assert values["FRONTDOOR_DATA_KEY"] == PUBLISHED["FRONTDOOR_DATA_KEY"]
    assert values["TWILIO_ACCOUNT_SID"] == "ACdevelopment00000000000000000000"
    assert write_secrets(dotenv) == ["FRONTDOOR_DATA_KEY"]


def test_the_settings_defaults_are_the_published_values() -> None:
    """So a default left in place is refused like the published value it is."""
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        if isinstance(alias, str) and alias in PUBLISHED:
            assert field.default == PUBLISHED[alias], alias
