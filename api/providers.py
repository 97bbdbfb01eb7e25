"""Provider organisations and their credentials."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Organisation, ProviderClient
from api.security import hash_token


@dataclass(frozen=True)
class Principal:
    """The organisation and client behind an authenticated provider request."""

    organisation: Organisation
    client: ProviderClient


def authenticate(*, session: Session, token: str) -> Principal | None:
    """The principal holding this token, unless it is unknown or revoked."""
    client = session.scalar(
        select(ProviderClient).where(ProviderClient.token_hash == hash_token(token))
    )
    if client is None or client.revoked_at is not None:
        return None
    return Principal(organisation=client.organisation, client=client)


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
    *, session: Session, organisation: Organisation, name: str, token: str
) -> ProviderClient:
    """Add a credential for the organisation, storing only the token's hash."""
    client = ProviderClient(
        organisation_id=organisation.id, name=name, token_hash=hash_token(token)
    )
    session.add(client)
    session.flush()
    return client


def find_client_by_token(*, session: Session, token: str) -> ProviderClient | None:
    """The client holding this token, revoked or not."""
    return session.scalar(
        select(ProviderClient).where(ProviderClient.token_hash == hash_token(token))
    )
