"""One-time codes: proving it is the person before reading their data out or erasing it.

Caller ID and SMS senders can be spoofed, so a six-digit code is texted to the number first
(docs/data-protection.md, "Proof of identity"). Codes are stored only as hashes and expire after
ten minutes. A number gets at most three codes an hour; wrong tries count per number, not per
code, so a new code never gives more tries: three wrong ones in a row lock the number for half
an hour, and no code is issued while the lock runs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.db import as_utc
from api.models.messaging import VerificationCode

CODE_LIFETIME = timedelta(minutes=10)
MAX_TRIES = 3
LOCKOUT = timedelta(minutes=30)
CODES_PER_HOUR = 3
HOUR = timedelta(hours=1)


class Locked(Exception):
    """Too many wrong codes: no new code until the lock ends."""


class TooManyCodes(Exception):
    """This number has had its codes for the hour."""


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


def _lock_runs(session: Session, phone: str, now: datetime) -> bool:
    """Whether any code of this number still locks it (a newer row never lifts a lock)."""
    until = session.scalar(
        select(func.max(VerificationCode.locked_until)).where(VerificationCode.phone_e164 == phone)
    )
    return until is not None and as_utc(until) > now


def _codes_this_hour(session: Session, phone: str, now: datetime) -> int:
    return session.scalar(
        select(func.count(VerificationCode.id)).where(
            VerificationCode.phone_e164 == phone, VerificationCode.created_at > now - HOUR
        )
    ) or 0  # fmt: skip


def _wrong_tries_carried(latest: VerificationCode | None, now: datetime) -> int:
    """Wrong tries of the code a new one replaces: they count on, within the hour, until a right
    code or a lock (whose end starts the count again)."""
    if latest is None or latest.verified_at is not None or latest.locked_until is not None:
        return 0
    return latest.tries if as_utc(latest.created_at) > now - HOUR else 0


def issue_code(*, session: Session, phone: str, now: datetime) -> str:
    """A new six-digit code for this number (refused while locked or over the hourly limit)."""
    if _lock_runs(session, phone, now):
        raise Locked
    if _codes_this_hour(session, phone, now) >= CODES_PER_HOUR:
        raise TooManyCodes
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        VerificationCode(
            phone_e164=phone, code_hash=_hash(phone, code), created_at=now,
            expires_at=now + CODE_LIFETIME,
            tries=_wrong_tries_carried(_latest(session, phone), now),
        )
    )  # fmt: skip
    return code


def check_code(*, session: Session, phone: str, code: str, now: datetime) -> CheckResult:
    """Check a code against the latest one sent; count the try; lock after the last wrong one."""
    latest = _latest(session, phone)
    if _lock_runs(session, phone, now):
        return CheckResult(False, 0, True)
    if latest is None or latest.verified_at is not None:
        return CheckResult(False, 0, False)
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
