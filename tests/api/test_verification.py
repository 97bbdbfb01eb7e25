"""One-time codes: right code verifies once, wrong ones count down, three wrong ones lock."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import utcnow
from api.verification import VerificationCode, check_code, issue_code
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
