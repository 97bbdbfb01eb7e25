"""Admin API: organisations and their credentials (admin token)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, status
from sqlalchemy import select

from api.admin.schemas import (
    CredentialIn,
    CredentialIssued,
    CredentialOut,
    OrganisationIn,
    OrganisationOut,
)
from api.auth.oauth import add_oauth_client, oauth_client_ids
from api.auth.oauth_schemas import OAuthClientIssued
from api.auth.providers import (
    UnknownScopeError,
    add_client,
    audit_issued,
    list_clients,
    organisation_by_ods,
    revoke_client,
)
from api.core.audit import record_audit
from api.core.db import as_utc, utcnow
from api.core.deps import SessionDep
from api.core.errors import ADMIN_ERRORS
from api.core.security import new_token
from api.models.tables import Organisation, ProviderClient
from api.people.views import (
    ORG_CONSENT_ERRORS,
    OdsPath,
    OrganisationConsentOut,
    change_organisation_consent,
)

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(prefix="/admin", tags=["admin"])


def _organisation_out(organisation: Organisation) -> OrganisationOut:
    """The admin view of an organisation."""
    return OrganisationOut(
        ods_code=organisation.ods_code,
        name=organisation.name,
        shares_consented_needs=organisation.shares_consented_needs,
        created_at=as_utc(organisation.created_at),
    )


def credential_out(client: ProviderClient, oauth_client_id: str | None = None) -> CredentialOut:
    """The admin view of a credential, without any secret."""
    return CredentialOut(
        oauth_client_id=oauth_client_id,
        id=client.id,
        ods_code=client.organisation.ods_code,
        name=client.name,
        scopes=list(client.scopes or []),
        created_at=as_utc(client.created_at),
        expires_at=as_utc(client.expires_at) if client.expires_at else None,
        revoked_at=as_utc(client.revoked_at) if client.revoked_at else None,
    )


@router.post(
    "/organisations",
    status_code=status.HTTP_201_CREATED,
    response_model=OrganisationOut,
    responses={**ADMIN_ERRORS, 409: {"description": "ODS code already registered"}},
)
def create_organisation(body: OrganisationIn, session: SessionDep) -> Any:
    """Register a provider organisation by ODS code."""
    if organisation_by_ods(session=session, ods_code=body.ods_code) is not None:
        raise HTTPException(409, "An organisation with this ODS code exists.")
    organisation = Organisation(**body.model_dump())
    session.add(organisation)
    session.flush()
    record_audit(
        session=session,
        action="admin.organisation.create",
        outcome="ok",
        organisation_id=organisation.id,
        purpose="administration",
    )
    session.commit()
    return _organisation_out(organisation)


@router.get("/organisations", response_model=list[OrganisationOut], responses=ADMIN_ERRORS)
def list_organisations(session: SessionDep) -> list[OrganisationOut]:
    """Every provider organisation."""
    rows = session.scalars(select(Organisation).order_by(Organisation.ods_code))
    return [_organisation_out(organisation) for organisation in rows]


@router.post(
    "/organisations/{ods_code}/credentials",
    status_code=status.HTTP_201_CREATED,
    response_model=CredentialIssued,
    responses={**ADMIN_ERRORS, 404: {"description": "No such organisation"}, 422: {}},
)
def issue_credential(ods_code: str, body: CredentialIn, session: SessionDep) -> Any:
    """Issue a credential with scopes (and an expiry); its token is shown only in this reply."""
    organisation = organisation_by_ods(session=session, ods_code=ods_code)
    if organisation is None:
        raise HTTPException(404, "No such organisation.")
    expires_at = utcnow() + timedelta(days=body.expires_in_days) if body.expires_in_days else None
    token = new_token()
    try:
        client = add_client(
            session=session,
            organisation=organisation,
            name=body.name,
            token=token,
            scopes=body.scopes,
            expires_at=expires_at,
        )
    except UnknownScopeError as exc:
        raise HTTPException(422, str(exc)) from exc
    audit_issued(session=session, client=client, action="admin.credential.issue")
    session.commit()
    return CredentialIssued(**credential_out(client).model_dump(), token=token)


@router.get("/credentials", response_model=list[CredentialOut], responses=ADMIN_ERRORS)
def list_credentials(
    session: SessionDep,
    ods_code: Annotated[str | None, Query(max_length=16)] = None,
) -> list[CredentialOut]:
    """Every credential (revoked and expired too), optionally of one organisation."""
    clients = list_clients(session=session, ods_code=ods_code)
    oauth_ids = oauth_client_ids(session, [client.id for client in clients])
    return [credential_out(client, oauth_ids.get(client.id)) for client in clients]


@router.post(
    "/credentials/{credential_id}/revoke",
    response_model=CredentialOut,
    responses={**ADMIN_ERRORS, 404: {"description": "No such credential"}},
)
def revoke_credential(credential_id: RowId, session: SessionDep) -> CredentialOut:
    """Revoke a credential at once (idempotent)."""
    client = revoke_client(session=session, client_id=credential_id)
    if client is None:
        raise HTTPException(404, "No such credential.")
    record_audit(
        session=session,
        action="admin.credential.revoke",
        outcome="ok",
        organisation_id=client.organisation_id,
        client_id=client.id,
        purpose="administration",
    )
    session.commit()
    return credential_out(client)


@router.post(
    "/organisations/{ods_code}/oauth-clients",
    status_code=status.HTTP_201_CREATED,
    response_model=OAuthClientIssued,
    responses={**ADMIN_ERRORS, 404: {"description": "No such organisation"}, 422: {}},
)
def issue_oauth_client(ods_code: str, body: CredentialIn, session: SessionDep) -> Any:
    """Issue an OAuth2 client (client credentials grant) with scopes and an optional expiry;
    its secret is shown only in this reply. Revoke it like any credential."""
    organisation = organisation_by_ods(session=session, ods_code=ods_code)
    if organisation is None:
        raise HTTPException(404, "No such organisation.")
    expires_at = utcnow() + timedelta(days=body.expires_in_days) if body.expires_in_days else None
    try:
        client, client_id, secret = add_oauth_client(
            session=session,
            organisation=organisation,
            name=body.name,
            scopes=body.scopes,
            expires_at=expires_at,
        )
    except UnknownScopeError as exc:
        raise HTTPException(422, str(exc)) from exc
    audit_issued(session=session, client=client, action="admin.oauth_client.issue")
    session.commit()
    return OAuthClientIssued(
        **credential_out(client, client_id).model_dump(), client_id=client_id, client_secret=secret
    )


@router.post(
    "/people/{person_id}/consent/organisations/{ods_code}/withdraw",
    response_model=OrganisationConsentOut,
    responses={**ADMIN_ERRORS, **ORG_CONSENT_ERRORS},
)
def withdraw_for_organisation(
    person_id: Annotated[str, Path(max_length=64)],
    ods_code: OdsPath,
    session: SessionDep,
) -> OrganisationConsentOut:
    """Record that the person withdrew consent for one organisation (e.g. told staff by phone);
    access ends at once, other organisations keep theirs. Audited."""
    return change_organisation_consent(
        session,
        person_id=person_id,
        ods_code=ods_code,
        withdraw=True,
        channel="staff",
        by="administration",
    )
