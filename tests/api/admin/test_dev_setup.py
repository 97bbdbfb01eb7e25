"""Development set-up: a week of demo slots for DEV001 and the admin sign-in; both refused in
production."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.admin.dev_setup import ADMIN_PASSWORD_VARIABLE, ADMIN_USER_VARIABLE, main
from api.bookings.matching import WHEELCHAIR
from api.core.db import as_utc, utcnow
from api.core.settings import Environment, Settings
from api.models.tables import Organisation, Slot
from tests.api.admin_ui_support import sign_in
from tests.api.bookings.test_bookings import add_need, offer

PASSWORD = "a-random-password-set-up-wrote"


def test_demo_slots_let_a_wheelchair_user_book_step_free_and_are_topped_up_not_piled_up(
    settings: Settings, database: str, session: Session, client: TestClient,
    make_person: Callable[..., str], service_headers: dict[str, str],
) -> None:  # fmt: skip
    assert main(["seed-demo-slots"], settings) == 0
    first = session.scalar(select(func.count()).select_from(Slot))
    assert main(["seed-demo-slots"], settings) == 0
    person_id = make_person(interpreter="pl")
    add_need(session, person_id, "adjustments", WHEELCHAIR)

    body = offer(client, service_headers, limit=9)

    assert session.scalar(select(func.count()).select_from(Slot)) == first, "idempotent"
    slots = session.scalars(select(Slot)).all()
    dev001 = session.scalar(select(Organisation.id).where(Organisation.ods_code == "DEV001"))
    assert {s.organisation_id for s in slots} == {dev001}
    assert any(not s.step_free for s in slots) and any(s.length_minutes >= 30 for s in slots)
    assert any(s.interpreter_languages for s in slots)
    assert all(as_utc(s.start_at) < utcnow() + timedelta(days=8) for s in slots)
    assert body["requirements"]["step_free"] is True
    assert body["items"], "a wheelchair user is offered demo slots"
    assert all(item["slot"]["step_free"] for item in body["items"])
    assert body["items"][0]["interpreter_to_book"] == [], "the Polish interpreter is there"


def test_dev_admin_can_sign_in_and_reach_the_callback_queue(
    settings: Settings, database: str, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ADMIN_USER_VARIABLE, "dev-admin")
    monkeypatch.setenv(ADMIN_PASSWORD_VARIABLE, "an-old-password-from-before")
    assert main(["ensure-admin"], settings) == 0
    monkeypatch.setenv(ADMIN_PASSWORD_VARIABLE, PASSWORD)
    assert main(["ensure-admin"], settings) == 0, "re-running sets the password in .env"

    assert sign_in(client, "dev-admin", "an-old-password-from-before").status_code == 401
    signed_in = sign_in(client, "dev-admin", PASSWORD)
    assert signed_in.status_code == 303
    assert client.get("/admin/ui").status_code == 200
    assert client.get("/admin/ui/callbacks").status_code == 200


@pytest.mark.parametrize("command", ["seed-demo-slots", "ensure-admin"])
def test_development_commands_are_refused_in_production(
    settings: Settings, database: str, session: Session, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], command: str,
) -> None:  # fmt: skip
    monkeypatch.setenv(ADMIN_USER_VARIABLE, "dev-admin")
    monkeypatch.setenv(ADMIN_PASSWORD_VARIABLE, PASSWORD)
    production = settings.model_copy(update={"environment": Environment.production})

    assert main([command], production) == 2

    assert "development only" in capsys.readouterr().err
    assert session.scalar(select(func.count()).select_from(Slot)) == 0
