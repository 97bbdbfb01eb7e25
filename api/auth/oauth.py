"""OAuth2 client credentials: clients, and the short-lived signed tokens they are issued.

An OAuth client is an ordinary provider credential (`provider_clients`: scopes, expiry,
revocation, audit) whose secret is hashed there like an API key, plus a row here naming its
public `client_id`. Its secret is only ever exchanged at `POST /oauth/token`; it is not a bearer
token. Access tokens are HS256 JWTs signed with `FRONTDOOR_OAUTH_SIGNING_KEY`, lasting
`FRONTDOOR_OAUTH_TOKEN_SECONDS` (5 minutes by default). Every request also looks the client up,
so revoking or expiring the client stops its tokens at once, not when they run out.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from api.auth.providers import Principal, add_client
from api.core.db import as_utc, utcnow
from api.core.security import hash_token, new_token, tokens_match
from api.models.auth import OAuthClient
from api.models.tables import Organisation, ProviderClient

ALGORITHM = "HS256"  # the API both signs and checks, so a shared secret is enough
ISSUER = "frontdoor"
AUDIENCE = "frontdoor-provider-api"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "jti", "scope", "cid")


class OAuthError(Exception):
    """A refused token request, with its RFC 6749 error code and HTTP status."""

    def __init__(self, error: str, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.error, self.detail, self.status = error, detail, status


@dataclass(frozen=True)
class IssuedToken:
    """An access token and what it allows."""

    access_token: str
    expires_in: int
    scopes: tuple[str, ...]


def new_client_id() -> str:
    """A fresh public client id."""
    return f"fdc_{secrets.token_hex(10)}"


def add_oauth_client(
    *,
    session: Session,
    organisation: Organisation,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime | None = None,
) -> tuple[ProviderClient, str, str]:
    """A new OAuth client of the organisation: (credential, client id, secret shown once)."""
    secret = new_token()
    client = add_client(
        session=session,
        organisation=organisation,
        name=name,
        token=secret,
        scopes=scopes,
        expires_at=expires_at,
    )
    client_id = new_client_id()
    session.add(OAuthClient(client_id=client_id, provider_client_id=client.id))
    session.flush()
    return client, client_id, secret


def is_oauth_client(session: Session, provider_client_id: int) -> bool:
    """Whether this credential is an OAuth client (its secret is then no bearer token)."""
    query = exists().where(OAuthClient.provider_client_id == provider_client_id)
    return bool(session.scalar(select(query)))


def is_known_client_id(session: Session, client_id: str) -> bool:
    """Whether an OAuth client has this public id (revoked or not)."""
    return bool(session.scalar(select(exists().where(OAuthClient.client_id == client_id))))


def oauth_client_ids(session: Session, provider_client_ids: Sequence[int]) -> dict[int, str]:
    """The public client id of each of these credentials that is an OAuth client."""
    rows = session.execute(
        select(OAuthClient.provider_client_id, OAuthClient.client_id).where(
            OAuthClient.provider_client_id.in_(list(provider_client_ids))
        )
    )
    return {int(provider_id): str(client_id) for provider_id, client_id in rows}


def _usable(client: ProviderClient | None) -> bool:
    """Whether a credential is neither revoked nor expired."""
    if client is None or client.revoked_at is not None:
        return False
    return client.expires_at is None or as_utc(client.expires_at) > utcnow()


def _authenticated_client(session: Session, client_id: str, secret: str) -> ProviderClient:
    """The credential behind a client id and secret, or OAuthError invalid_client (401)."""
    row = session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
    client = session.get(ProviderClient, row.provider_client_id) if row else None
    # Compare hashes in constant time even for an unknown id, so timing says nothing.
    expected = client.token_hash if client else hash_token(new_token())
    if not tokens_match(hash_token(secret), expected) or not _usable(client):
        raise OAuthError("invalid_client", "Unknown client, wrong secret, or revoked.", 401)
    assert client is not None
    return client


def _granted(client: ProviderClient, requested: str | None) -> tuple[str, ...]:
    """The scopes to grant: all the client's, or the requested subset (else invalid_scope)."""
    held = set(client.scopes or [])
    if requested is None or not requested.strip():
        return tuple(sorted(held))
    wanted = set(requested.split())
    if not wanted <= held:
        raise OAuthError("invalid_scope", "A requested scope is not held by this client.")
    return tuple(sorted(wanted))


def issue_token(
    *,
    session: Session,
    client_id: str,
    secret: str,
    scope: str | None,
    key: str,
    lifetime_seconds: int,
) -> tuple[ProviderClient, IssuedToken]:
    """Check the client's secret and sign a token for the granted scopes."""
    client = _authenticated_client(session, client_id, secret)
    scopes = _granted(client, scope)
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": client_id,
        "cid": client.id,
        "org": client.organisation.ods_code,
        "scope": " ".join(scopes),
        "jti": secrets.token_hex(16),
        "iat": now,
        "exp": now + timedelta(seconds=lifetime_seconds),
    }
    token = jwt.encode(claims, key, algorithm=ALGORITHM)
    return client, IssuedToken(access_token=token, expires_in=lifetime_seconds, scopes=scopes)


def looks_like_jwt(token: str) -> bool:
    """Whether a bearer token has a JWT's three dot-separated parts (API keys have no dots)."""
    return token.count(".") == 2


def authenticate_jwt(*, session: Session, token: str, key: str) -> Principal | None:
    """The principal of a valid access token whose client still stands, else None.

    Forged, altered, expired, wrongly signed or `alg: none` tokens fail to decode; a token of a
    client revoked or expired since it was issued is refused here, at once.
    """
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": list(REQUIRED_CLAIMS)},
            leeway=5,
        )
    except jwt.PyJWTError:
        return None
    client_pk = claims.get("cid")
    if not isinstance(client_pk, int) or not isinstance(claims.get("scope"), str):
        return None
    client = session.get(ProviderClient, client_pk)
    row = session.scalar(select(OAuthClient).where(OAuthClient.provider_client_id == client_pk))
    if not _usable(client) or row is None or row.client_id != claims.get("sub"):
        return None
    assert client is not None
    # A client's scopes narrowed since issue narrow its tokens too.
    scopes = frozenset(claims["scope"].split()) & frozenset(client.scopes or [])
    return Principal(organisation=client.organisation, client=client, scopes=scopes)
