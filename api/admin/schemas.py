"""Request and response bodies of the admin API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.changes.schemas import MAX_PAGE_SIZE

OdsCode = Field(pattern=r"^[A-Z0-9]{3,10}$", examples=["A81001"])


class OrganisationIn(BaseModel):
    """A provider organisation to create."""

    model_config = ConfigDict(extra="forbid")

    ods_code: str = OdsCode
    name: str = Field(min_length=1, max_length=200, examples=["Riverside Surgery"])
    shares_consented_needs: bool = False


class OrganisationOut(BaseModel):
    """A provider organisation."""

    ods_code: str
    name: str
    shares_consented_needs: bool
    created_at: datetime


class CredentialIn(BaseModel):
    """A credential to issue to an organisation."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, examples=["EPR integration"])
    scopes: list[str] = Field(
        default=["needs:read"], max_length=20, examples=[["needs:read", "changes:read"]]
    )
    expires_in_days: int | None = Field(default=None, ge=1, le=3650, examples=[365])


class CredentialOut(BaseModel):
    """A credential (its token is never shown again)."""

    id: int
    ods_code: str
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    oauth_client_id: str | None = None  # set when the credential is used through OAuth2


class CredentialIssued(CredentialOut):
    """A new credential with its token, shown this once."""

    token: str


class AuditEventOut(BaseModel):
    """One audit event."""

    id: int
    at: datetime
    ods_code: str | None
    client_id: int | None
    person_id: str | None
    action: str
    fields: list[Any]
    purpose: str
    outcome: str


class AuditPage(BaseModel):
    """A page of audit events, oldest first."""

    items: list[AuditEventOut]
    next_cursor: str | None


__all__ = ["MAX_PAGE_SIZE"]
