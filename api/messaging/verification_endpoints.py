"""One-time codes for the action server: send one, check one (before reading out or erasing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from api.core.db import utcnow
from api.core.deps import SessionDep
from api.messaging.verification import CODE_LIFETIME, Locked, TooManyCodes, check_code, issue_code
from api.people.schemas import PhoneNumber

router = APIRouter(prefix="/internal/verification", tags=["internal"])


class CodeRequest(BaseModel):
    """Which number to send a code to."""

    phone: PhoneNumber


class CodeIssued(BaseModel):
    """The code, for the action server to text to that number (it is stored only as a hash)."""

    code: str
    expires_at: datetime


class CodeCheck(BaseModel):
    """A code the person keyed in or said."""

    phone: PhoneNumber
    code: str = Field(min_length=1, max_length=12)


class CodeChecked(BaseModel):
    """Right or not; tries left; locked after too many wrong ones."""

    verified: bool
    tries_left: int
    locked: bool


@router.post("/codes", status_code=201, response_model=CodeIssued, responses={401: {}, 429: {}})
def new_code(body: CodeRequest, session: SessionDep) -> Any:
    """A fresh code for this number, unless it is locked after wrong tries or has had its codes
    for the hour (429 either way: nothing is texted)."""
    now = utcnow()
    try:
        code = issue_code(session=session, phone=body.phone, now=now)
    except Locked as locked:
        raise HTTPException(
            429, "Too many wrong codes for this number; try again later."
        ) from locked
    except TooManyCodes as too_many:
        raise HTTPException(
            429, "Too many codes for this number this hour; try again later."
        ) from too_many
    session.commit()
    return CodeIssued(code=code, expires_at=now + CODE_LIFETIME)


@router.post("/check", response_model=CodeChecked, responses={401: {}, 422: {}})
def check(body: CodeCheck, session: SessionDep) -> Any:
    """Whether the code is the one we sent (each try counts)."""
    result = check_code(session=session, phone=body.phone, code=body.code, now=utcnow())
    session.commit()
    return CodeChecked(verified=result.verified, tries_left=result.tries_left, locked=result.locked)
