"""One-time codes: proving it is really the person before reading their data back on a call.

Caller ID can be spoofed, so MY DATA on a phone call first texts a six-digit code to the number.
Codes are stored only as hashes, expire after ten minutes, allow three tries, and three wrong
tries lock MY DATA for that number for half an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from api.crypto import LookupSecret
from api.db import as_utc, utcnow
from api.models import Base

CODE_LIFETIME = timedelta(minutes=10)
MAX_TRIES = 3
LOCKOUT = timedelta(minutes=30)


class VerificationCode(Base):
    """A code sent to a number, as a hash, with its tries."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    tries: Mapped[int] = mapped_column(Integer, default=0)
    verified_at: Mapped[datetime | None] = mapped_column(default=None)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)


class Locked(Exception):
    """Too many wrong codes: no new code until the lock ends."""


@dataclass(frozen=True)
class CheckResult:
    """Whether the code was right, and what is left if not."""

    verified: bool
    tries_left: int
    locked: bool


def _hash(phone: str, code: str) -> str:
    return hashlib.sha256(f"{phone}:{code}".encode()).hexdigest()


def _latest(session: Session, phone: str) -> VerificationCode | None:
    return session.scalar(
        select(VerificationCode)
        .where(VerificationCode.phone_e164 == phone)
        .order_by(VerificationCode.id.desc())
        .limit(1)
    )


def _locked(code: VerificationCode | None, now: datetime) -> bool:
    return bool(code and code.locked_until and as_utc(code.locked_until) > now)


def issue_code(*, session: Session, phone: str, now: datetime) -> str:
    """A new six-digit code for this number (refused while locked)."""
    if _locked(_latest(session, phone), now):
        raise Locked
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        VerificationCode(
            phone_e164=phone, code_hash=_hash(phone, code), created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )  # fmt: skip
    return code


def check_code(*, session: Session, phone: str, code: str, now: datetime) -> CheckResult:
    """Check a code against the latest one sent; count the try; lock after the last wrong one."""
    latest = _latest(session, phone)
    if latest is None or _locked(latest, now) or latest.verified_at is not None:
        return CheckResult(False, 0, _locked(latest, now))
    if as_utc(latest.expires_at) <= now or latest.tries >= MAX_TRIES:
        return CheckResult(False, 0, False)
    latest.tries += 1
    if hmac.compare_digest(latest.code_hash, _hash(phone, code.strip())):
        latest.verified_at = now
        return CheckResult(True, MAX_TRIES - latest.tries, False)
    if latest.tries >= MAX_TRIES:
        latest.locked_until = now + LOCKOUT
        return CheckResult(False, 0, True)
    return CheckResult(False, MAX_TRIES - latest.tries, False)
