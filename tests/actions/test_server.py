"""The action server's start-up: loopback by default, and no placeholder token in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from actions.server import DEV_ACTIONS_TOKEN, ServerSettings
from tests.support.stack import REPO


def settings_from(monkeypatch: pytest.MonkeyPatch, **env: str) -> ServerSettings:
    for name in ("ACTIONS_HOST", "ACTIONS_PORT", "FRONTDOOR_ACTIONS_TOKEN", "FRONTDOOR_ENV"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return ServerSettings.from_env()


def test_it_listens_on_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch):
    development = {"FRONTDOOR_ENV": "development"}
    assert settings_from(monkeypatch, **development).host == "127.0.0.1"
    assert settings_from(monkeypatch, ACTIONS_HOST="10.1.2.3", **development).host == "10.1.2.3"


def test_development_may_use_the_placeholder(monkeypatch: pytest.MonkeyPatch):
    assert settings_from(monkeypatch, FRONTDOOR_ENV="development").token == DEV_ACTIONS_TOKEN


def test_production_refuses_the_placeholder_or_no_token(monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(ValueError, match="not set"):
        settings_from(monkeypatch, FRONTDOOR_ENV="production")
    with pytest.raises(ValueError, match="not set"):
        settings_from(monkeypatch)  # no FRONTDOOR_ENV is production
    with pytest.raises(ValueError, match="development placeholder"):
        settings_from(
            monkeypatch, FRONTDOOR_ENV="production", FRONTDOOR_ACTIONS_TOKEN=DEV_ACTIONS_TOKEN
        )
    secret = "s" * 32
    chosen = settings_from(monkeypatch, FRONTDOOR_ENV="production", FRONTDOOR_ACTIONS_TOKEN=secret)
    assert chosen.token == secret


def test_a_short_token_is_refused_everywhere(monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(ValueError, match="at least 8"):
        settings_from(monkeypatch, FRONTDOOR_ACTIONS_TOKEN="short", FRONTDOOR_ENV="development")


def test_the_server_will_not_start_in_production_without_its_token():
    env = {k: v for k, v in os.environ.items() if k != "FRONTDOOR_ACTIONS_TOKEN"}
    env.update(FRONTDOOR_ENV="production", PYTHONPATH=str(REPO), ACTIONS_PORT="1")
    done = subprocess.run(
        [sys.executable, "-m", "actions.server"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "FRONTDOOR_ACTIONS_TOKEN is not set" in done.stderr
