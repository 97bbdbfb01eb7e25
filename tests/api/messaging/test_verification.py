"""One-time codes: right code verifies once, wrong ones count down per number, three wrong ones
lock, three codes an hour."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.messaging.verification import CheckResult, Locked, TooManyCodes, check_code, issue_code
from api.models.messaging import VerificationCode
from tests.api.conftest import PHONE, SERVICE_TOKEN

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def send(client: TestClient):
    return client.post("/internal/verification/codes", json={"phone": PHONE}, headers=AUTH)


def check(client: TestClient, code: str):
    body = {"phone": PHONE, "code": code}
    return client.post("/internal/verification/check", json=body, headers=AUTH).json()


def test_the_code_sent_verifies_once_and_is_stored_only_as_a_hash(
    client: TestClient, session: Session
) -> None:
    code = send(client).json()["code"]
    assert len(code) == 6 and code.isdigit()
    stored = session.scalars(select(VerificationCode)).all()
    assert [row.code_hash for row in stored] != [code] and code not in stored[0].code_hash
    assert check(client, code) == {"verified": True, "tries_left": 2, "locked": False}
    assert check(client, code)["verified"] is False, "a code works once"


def test_three_wrong_codes_lock_and_refuse_new_codes(client: TestClient) -> None:
    code = send(client).json()["code"]
    wrong = "000000" if code != "000000" else "111111"
    assert check(client, wrong) == {"verified": False, "tries_left": 2, "locked": False}
    assert check(client, wrong) == {"verified": False, "tries_left": 1, "locked": False}
    assert check(client, wrong) == {"verified": False, "tries_left": 0, "locked": True}
    assert check(client, code)["verified"] is False, "the right code is no good once locked"
    refused = send(client)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_expired_codes_do_not_verify(session: Session) -> None:
    now = utcnow()
    code = issue_code(session=session, phone=PHONE, now=now)
    session.commit()
    later = now + timedelta(minutes=11)
    assert check_code(session=session, phone=PHONE, code=code, now=later).verified is False


def test_the_lock_ends(session: Session) -> None:
    now = utcnow()
    issue_code(session=session, phone=PHONE, now=now)
    for _ in range(3):
        check_code(session=session, phone=PHONE, code="not-it", now=now)
    session.commit()
    assert issue_code(session=session, phone=PHONE, now=now + timedelta(minutes=31))


def test_codes_need_the_service_token(client: TestClient) -> None:
    assert client.post("/internal/verification/codes", json={"phone": PHONE}).status_code == 401


def test_a_number_gets_three_codes_an_hour_and_then_a_kind_refusal(client: TestClient) -> None:
    for _ in range(3):
        assert send(client).status_code == 201
    refused = send(client)
    assert refused.status_code == 429
    assert "this hour" in refused.json()["detail"]


def test_the_hourly_limit_ends_after_the_hour(session: Session) -> None:
    now = utcnow()
    for _ in range(3):
        issue_code(session=session, phone=PHONE, now=now)
    session.commit()
    with pytest.raises(TooManyCodes):
        issue_code(session=session, phone=PHONE, now=now + timedelta(minutes=59))
    assert issue_code(session=session, phone=PHONE, now=now + timedelta(minutes=61))


def test_a_new_code_keeps_the_wrong_tries_of_the_one_it_replaces(session: Session) -> None:
    now = utcnow()
    first = issue_code(session=session, phone=PHONE, now=now)
    wrong = "000000" if first != "000000" else "111111"
    check_code(session=session, phone=PHONE, code=wrong, now=now)
    check_code(session=session, phone=PHONE, code=wrong, now=now)
    second = issue_code(session=session, phone=PHONE, now=now)
    wrong = "000000" if second != "000000" else "111111"
    assert check_code(session=session, phone=PHONE, code=wrong, now=now) == CheckResult(
        False, 0, True
    )
    assert check_code(session=session, phone=PHONE, code=second, now=now).verified is False


def test_a_lock_holds_whatever_rows_come_after_it(session: Session) -> None:
    now = utcnow()
    issue_code(session=session, phone=PHONE, now=now)
    for _ in range(3):
        check_code(session=session, phone=PHONE, code="not-it", now=now)
    session.add(  # a newer row (e.g. written before this rule) must not lift the lock
        VerificationCode(phone_e164=PHONE, code_hash="x", created_at=now, expires_at=now)
    )
    session.commit()
    with pytest.raises(Locked):
        issue_code(session=session, phone=PHONE, now=now + timedelta(minutes=29))
    assert check_code(session=session, phone=PHONE, code="x", now=now).locked is True


def test_a_right_code_starts_the_count_of_wrong_tries_again(session: Session) -> None:
    now = utcnow()
    first = issue_code(session=session, phone=PHONE, now=now)
    check_code(session=session, phone=PHONE, code="not-it", now=now)
    assert check_code(session=session, phone=PHONE, code=first, now=now).verified
    second = issue_code(session=session, phone=PHONE, now=now)
    assert check_code(session=session, phone=PHONE, code="not-it", now=now).tries_left == 2
    assert check_code(session=session, phone=PHONE, code=second, now=now).verified
