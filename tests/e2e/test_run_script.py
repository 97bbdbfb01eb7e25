"""`make run`'s script, run for real: a setting in the environment wins over `.env`."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import httpx

from bot.simulator import SMS_WEBHOOK_PATH, sms_form, twilio_signature
from tests.support.run_script import (
    base_environ,
    dotenv_for,
    linked_checkout,
    start_run_script,
)
from tests.support.stack import API_BIN, free_port

PUBLIC = "https://frontdoor.test"
DOTENV_TOKEN = "twilio-token-written-in-dotenv"


def migrate(checkout: Path, environ: dict[str, str]) -> None:
    """Create the records tables, as scripts/setup does before `make run`."""
    subprocess.run(
        [str(API_BIN / "alembic"), "-c", "api/alembic.ini", "upgrade", "head"],
        cwd=checkout, env=environ, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def post_sms(rasa_url: str, signed_with: str) -> httpx.Response:
    """An inbound SMS webhook signed with `signed_with`, as Twilio signs."""
    form = sms_form("hello", "+447700900999", "AC" + "0" * 32)
    signature = twilio_signature(signed_with, PUBLIC + SMS_WEBHOOK_PATH, form)
    return httpx.post(
        rasa_url + SMS_WEBHOOK_PATH, data=form, headers={"X-Twilio-Signature": signature},
        timeout=60,
    )  # fmt: skip


def test_twilio_token_and_port_from_the_environment_win_over_dotenv(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    port_in_environment, port_in_dotenv = free_port(), free_port()
    # A random token may begin with "-" (token_urlsafe's alphabet): Rasa must still take it.
    rasa_api_token = "-" + secrets.token_urlsafe(32)
    dotenv = dotenv_for(
        root,
        TWILIO_AUTH_TOKEN=DOTENV_TOKEN,
        RASA_PORT=str(port_in_dotenv),
        PUBLIC_BASE_URL=PUBLIC,
        RASA_API_TOKEN=rasa_api_token,
    )
    checkout = linked_checkout(root, dotenv)
    token_in_environment = secrets.token_hex(16)
    environ = base_environ(
        TWILIO_AUTH_TOKEN=token_in_environment, RASA_PORT=str(port_in_environment)
    )
    database = f"sqlite:///{root / 'var' / 'frontdoor.db'}"
    migrate(checkout, {**environ, "FRONTDOOR_ENV": "development", "DATABASE_URL": database})
    run = start_run_script(checkout, environ)
    rasa_url = f"http://127.0.0.1:{port_in_environment}"
    try:
        run.wait_for(rasa_url + "/webhooks/twilio_sms/")
        signed_with_dotenv_value = post_sms(rasa_url, DOTENV_TOKEN)
        signed_with_environment_value = post_sms(rasa_url, token_in_environment)
        status = httpx.get(f"{rasa_url}/status", params={"token": rasa_api_token}, timeout=30)
        refused = httpx.get(f"{rasa_url}/status", params={"token": "not-it"}, timeout=30)
    finally:
        run.stop()

    assert signed_with_dotenv_value.status_code == 403
    assert signed_with_environment_value.status_code == 200, run.output()[-3000:]
    assert "<Message>" in signed_with_environment_value.text
    assert status.status_code == 200 and refused.status_code == 401, "Rasa's API has the token"
