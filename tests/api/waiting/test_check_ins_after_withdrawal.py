"""Over real HTTP: once a person withdraws consent (for everyone, or for the organisation they
wait with), the scheduler is no longer told to ask them how they are, and cannot claim a prompt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.tables import WaitingEntry
from tests.api.conftest import PHONE, bearer

WAIT = {"referral": "Physiotherapy, knee", "expected_wait_weeks": 12}


def _waiting_a_week(
    base: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> str:
    person = make_person()
    marked = httpx.post(
        f"{base}/v1/people/{person}/waiting", json=WAIT, headers=bearer(create_provider())
    )
    assert marked.status_code in (200, 201), marked.text
    entry = session.scalar(select(WaitingEntry).where(WaitingEntry.person_id == person))
    assert entry is not None
    entry.created_at = utcnow() - timedelta(days=8)
    session.commit()
    return person


def _due(base: str, headers: dict[str, str]) -> list[str]:
    answer = httpx.get(
        f"{base}/internal/check-ins/due", params={"every_hours": 168}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    return [row["phone"] for row in answer.json()]


def _claim(base: str, headers: dict[str, str]) -> int:
    body = {"phone": PHONE, "channel": "sms", "every_hours": 168}
    return httpx.post(f"{base}/internal/check-in-prompts", json=body, headers=headers).status_code


def test_no_check_in_after_consent_is_withdrawn(
    live_api: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    service_headers: dict[str, str],
) -> None:
    person = _waiting_a_week(live_api, create_provider, make_person, session)
    assert _due(live_api, service_headers) == [PHONE]

    withdrawn = httpx.post(
        f"{live_api}/internal/people/{person}/consent/withdraw", headers=service_headers
    )
    assert withdrawn.status_code == 200, withdrawn.text

    assert _due(live_api, service_headers) == []
    assert _claim(live_api, service_headers) == 409


def test_no_check_in_after_consent_is_withdrawn_for_the_organisation(
    live_api: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    service_headers: dict[str, str],
) -> None:
    person = _waiting_a_week(live_api, create_provider, make_person, session)

    withdrawn = httpx.post(
        f"{live_api}/internal/people/{person}/consent/organisations/A81001/withdraw",
        json={"channel": "sms"},
        headers=service_headers,
    )
    assert withdrawn.status_code == 200, withdrawn.text

    assert _due(live_api, service_headers) == []
    assert _claim(live_api, service_headers) == 409


def test_no_check_in_after_stop_on_any_channel_and_again_after_start(
    live_api: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    service_headers: dict[str, str],
) -> None:
    _waiting_a_week(live_api, create_provider, make_person, session)
    assert _due(live_api, service_headers) == [PHONE]
    change = {"phone": PHONE, "channel": "whatsapp"}
    path = f"{live_api}/internal/contact-preferences"
    stop = httpx.post(f"{path}/opt-out", json=change, headers=service_headers)
    assert stop.status_code == 200, stop.text
    assert _due(live_api, service_headers) == [], "STOP on WhatsApp: no check-in by SMS either"
    start = httpx.post(f"{path}/opt-in", json=change, headers=service_headers)
    assert start.status_code == 200, start.text
    assert _due(live_api, service_headers) == [PHONE]
