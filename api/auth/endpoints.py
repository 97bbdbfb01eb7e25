"""`POST /oauth/token`: OAuth2 client credentials grant (RFC 6749 §4.4)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.auth.oauth import OAuthError, is_known_client_id, issue_token
from api.core.audit import record_audit
from api.core.deps import SessionDep, SettingsDep
from api.core.problems import problem
from api.core.ratelimit import RateLimiter, retry_after_header

router = APIRouter(prefix="/oauth", tags=["oauth"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class TokenOut(BaseModel):
    """An access token (RFC 6749 §5.1)."""

    access_token: str = Field(examples=["eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.…"])
    token_type: str = Field(examples=["Bearer"])
    expires_in: int = Field(description="Seconds the token lasts", examples=[300])
    scope: str = Field(description="Granted scopes, space-separated", examples=["needs:read"])


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """(client id, secret) from `Authorization: Basic …` (each form-encoded, RFC 6749 §2.3.1)."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (unquote_plus(client_id), unquote_plus(secret)) if colon else None


def _refused(error: OAuthError) -> JSONResponse:
    """A problem+json refusal carrying the RFC 6749 `error` code."""
    headers = {**NO_STORE}
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="frontdoor"'
    return problem(error.status, error.detail, headers=headers, extra={"error": error.error})


@router.post(
    "/token",
    response_model=TokenOut,
    responses={
        400: {"description": "unsupported_grant_type, invalid_request or invalid_scope"},
        401: {"description": "invalid_client: unknown client, wrong secret, revoked or expired"},
        429: {"description": "Too many token requests for this client id"},
    },
)
def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    grant_type: Annotated[str, Form(max_length=64, examples=["client_credentials"])],
    scope: Annotated[str | None, Form(max_length=500, examples=["needs:read"])] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=200)] = None,
    authorization: Annotated[str | None, Header(max_length=1000)] = None,
) -> Any:
    """Exchange a client id and secret (HTTP Basic, or form fields) for a short-lived token.

    Send the token as `Authorization: Bearer <access_token>` to any provider route; ask for a
    new one when it expires. `scope` may narrow the client's scopes.
    """
    try:
        if grant_type != "client_credentials":
            raise OAuthError("unsupported_grant_type", "Only client_credentials is supported.")
        basic = _basic_credentials(authorization)
        if basic and (client_id or client_secret):
            raise OAuthError("invalid_request", "Send the client credentials one way only.")
        given_id, secret = basic or (client_id, client_secret)
        if not given_id or not secret:
            raise OAuthError("invalid_client", "Client id and secret are required.", 401)
        # Counted per known client only, so made-up ids cannot grow the limiter without end.
        if is_known_client_id(session, given_id):
            limiter: RateLimiter = request.app.state.rate_limiter
            wait = limiter.take(f"oauth:{given_id}")
            if wait > 0:
                return problem(429, "Too many token requests.", headers=retry_after_header(wait))
        client, issued = issue_token(
            session=session,
            client_id=given_id,
            secret=secret,
            scope=scope,
            key=settings.oauth_signing_key,
            lifetime_seconds=settings.oauth_token_seconds,
        )
    except OAuthError as error:
        return _refused(error)
    record_audit(
        session=session,
        action="oauth.token.issue",
        outcome="ok",
        fields=issued.scopes,
        organisation_id=client.organisation_id,
        client_id=client.id,
        purpose="authentication",
    )
    session.commit()
    body = TokenOut(
        access_token=issued.access_token,
        token_type="Bearer",
        expires_in=issued.expires_in,
        scope=" ".join(issued.scopes),
    )
    return JSONResponse(body.model_dump(), headers=NO_STORE)
