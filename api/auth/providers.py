"""Provider organisations and their credentials."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.audit import record_audit
from api.core.db import as_utc, utcnow
from api.core.security import hash_token
from api.models.tables import Organisation, ProviderClient

# What a credential may do. bookings:write is reserved for the booking endpoints (not built yet).
SCOPES: dict[str, str] = {
    "needs:read": "find people and read their needs, history, consent and FHIR resources",
    "changes:read": "read the changes feed",
    "subscriptions:write": "create, list and delete webhook subscriptions",
    "bookings:write": "create bookings (reserved)",
    "slots:write": "publish, list and withdraw the organisation's appointment slots",
    "bookings:read": "read the organisation's bookings, with the needs they carry",
    "waiting:write": "mark people as waiting (referral and expected wait)",
    "metrics:read": "read equity metrics (counts with small numbers suppressed)",
    "callbacks:manage": "list, claim and close call-back requests (front-door staff)",
    "identifiers:write": "attach an NHS number to a person the organisation may see",
    "needs:write": "record a need the organisation observed (the person accepts or rejects it)",
}
DEFAULT_SCOPES: tuple[str, ...] = ("needs:read",)


class UnknownScopeError(ValueError):
    """A scope name that is not one of SCOPES."""


@dataclass(frozen=True)
class Principal:
    """The organisation and client behind an authenticated provider request.

    `scopes` is set for an OAuth access token (the scopes it was issued, still held); an API
    key holds its credential's scopes.
    """

    organisation: Organisation
    client: ProviderClient
    scopes: frozenset[str] | None = None

    def holds(self, scope: str) -> bool:
        """Whether this request may use the scope."""
        granted = self.scopes if self.scopes is not None else (self.client.scopes or [])
        return scope in granted


def authenticate(*, session: Session, token: str) -> Principal | None:
    """The principal holding this token, unless it is unknown or revoked."""
    client = session.scalar(
        select(ProviderClient).where(ProviderClient.token_hash == hash_token(token))
    )
    if client is None or client.revoked_at is not None:
        return None
    if client.expires_at is not None and as_utc(client.expires_at) <= utcnow():
        return None
    return Principal(organisation=client.organisation, client=client)


def check_scopes(scopes: Sequence[str]) -> list[str]:
    """The scopes, de-duplicated and sorted, or raise UnknownScopeError."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise UnknownScopeError(f"unknown scope(s): {', '.join(unknown)}")
    return sorted(set(scopes))


def get_or_create_organisation(
    *, session: Session, ods_code: str, name: str, shares_consented_needs: bool
) -> tuple[Organisation, bool]:
    """The organisation with this ODS code, created if missing; True when created."""
    organisation = session.scalar(select(Organisation).where(Organisation.ods_code == ods_code))
    if organisation is not None:
        return organisation, False
    organisation = Organisation(
        ods_code=ods_code, name=name, shares_consented_needs=shares_consented_needs
    )
    session.add(organisation)
    session.flush()
    return organisation, True


def add_client(
    *,
    session: Session,
    organisation: Organisation,
    name: str,
    token: str,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    expires_at: datetime | None = None,
) -> ProviderClient:
    """Add a credential for the organisation, storing only the token's hash."""
    client = ProviderClient(
        organisation_id=organisation.id,
        name=name,
        token_hash=hash_token(token),
        scopes=check_scopes(scopes),
        expires_at=expires_at,
    )
    session.add(client)
    session.flush()
    return client


def find_client_by_token(*, session: Session, token: str) -> ProviderClient | None:
    """The client holding this token, revoked or not."""
    return session.scalar(
        select(ProviderClient).where(ProviderClient.token_hash == hash_token(token))
    )


def organisation_by_ods(*, session: Session, ods_code: str) -> Organisation | None:
    """The organisation with this ODS code, if any."""
    return session.scalar(select(Organisation).where(Organisation.ods_code == ods_code))


def list_clients(*, session: Session, ods_code: str | None = None) -> list[ProviderClient]:
    """Every credential (revoked too), optionally of one organisation, oldest first."""
    query = select(ProviderClient).join(Organisation).order_by(ProviderClient.id)
    if ods_code is not None:
        query = query.where(Organisation.ods_code == ods_code)
    return list(session.scalars(query))


def revoke_client(*, session: Session, client_id: int) -> ProviderClient | None:
    """Revoke a credential at once (idempotent); None if there is no such credential."""
    client = session.get(ProviderClient, client_id)
    if client is not None and client.revoked_at is None:
        client.revoked_at = utcnow()
    return client


def audit_issued(*, session: Session, client: ProviderClient, action: str) -> None:
    """Record that a credential was issued (admin API and command line alike)."""
    record_audit(
        session=session,
        action=action,
        outcome="ok",
        organisation_id=client.organisation_id,
        client_id=client.id,
        fields=client.scopes,
        purpose="administration",
    )
