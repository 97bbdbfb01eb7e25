"""Token hashing, generation and constant-time comparison."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a provider token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random provider token."""
    return secrets.token_urlsafe(32)


def tokens_match(given: str | None, expected: str) -> bool:
    """Compare a presented token with the expected one in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if well formed."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def unauthorized(detail: str = "A valid bearer token is required.") -> HTTPException:
    """A 401 error asking for a bearer token."""
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
