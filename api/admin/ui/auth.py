"""Admin page users, Argon2 password hashes, server-side sessions and their CSRF tokens."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.core.db import as_utc, utcnow
from api.models.admin import ROLES, AdminSession, AdminUser

SESSION_LIFETIME = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 12
# Each Argon2 check takes 64 MiB: at most this many at once, the rest wait up to HASH_WAIT_SECONDS.
MAX_CONCURRENT_HASHES = 2
HASH_WAIT_SECONDS = 10.0
_hashing = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)
_hasher = PasswordHasher()
# Verified when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AdminUserError(ValueError):
    """A user can't be created as asked (role, username taken, password too short)."""


class HashingBusyError(RuntimeError):
    """Too many passwords are being checked at once; try again shortly."""


@dataclass(frozen=True)
class SignedIn:
    """The user behind a valid session cookie, and the CSRF token their forms must carry."""

    username: str
    role: str
    csrf_token: str


def _digest(token: str) -> str:
    """SHA-256 of a session token (the database never holds the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(*, session: Session, username: str, password: str, role: str) -> AdminUser:
    """Add an admin page user with a hashed password."""
    if role not in ROLES:
        raise AdminUserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminUserError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(AdminUser).where(AdminUser.username == username)) is not None:
        raise AdminUserError(f"user {username!r} already exists")
    user = AdminUser(username=username, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    return user


def set_password(user: AdminUser, password: str) -> None:
    """Give an existing user a new password (hashed)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminUserError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = _hasher.hash(password)


def authenticate(*, session: Session, username: str, password: str) -> AdminUser | None:
    """The user if the password matches, else None; HashingBusyError when too many are being
    checked at once."""
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    if not _hashing.acquire(timeout=HASH_WAIT_SECONDS):
        raise HashingBusyError
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    finally:
        _hashing.release()
    return user


def start_session(*, session: Session, user: AdminUser) -> str:
    """Open a session for the user and return the cookie token (shown once)."""
    token = secrets.token_urlsafe(32)
    session.execute(delete(AdminSession).where(AdminSession.expires_at < utcnow()))
    session.add(
        AdminSession(
            token_hash=_digest(token),
            csrf_token=secrets.token_urlsafe(32),
            user_id=user.id,
            expires_at=utcnow() + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


def signed_in(*, session: Session, token: str | None) -> SignedIn | None:
    """Who the cookie belongs to, if it is a live session."""
    if not token:
        return None
    row = session.execute(
        select(AdminSession, AdminUser)
        .join(AdminUser, AdminUser.id == AdminSession.user_id)
        .where(AdminSession.token_hash == _digest(token))
    ).first()
    if row is None or as_utc(row[0].expires_at) < utcnow():
        return None
    return SignedIn(username=row[1].username, role=row[1].role, csrf_token=row[0].csrf_token)


def end_session(*, session: Session, token: str | None) -> None:
    """Sign out: forget the session."""
    if token:
        session.execute(delete(AdminSession).where(AdminSession.token_hash == _digest(token)))


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison of a form's CSRF token."""
    return bool(given) and secrets.compare_digest(expected, given or "")
