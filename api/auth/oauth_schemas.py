"""Admin API bodies for OAuth2 clients."""

from __future__ import annotations

from pydantic import Field

from api.admin.schemas import CredentialOut


class OAuthClientIssued(CredentialOut):
    """A new OAuth client: its id, and its secret shown this once (exchange them at
    `POST /oauth/token`; the secret is not itself a bearer token)."""

    client_id: str = Field(examples=["fdc_3f9a1c0b7e2d4a6b8c1d"])
    client_secret: str
