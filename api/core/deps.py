"""FastAPI dependencies: settings, sessions, languages and authentication."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2
from sqlalchemy.orm import Session

from api.auth.oauth import authenticate_jwt, is_oauth_client, looks_like_jwt
from api.auth.providers import SCOPES, Principal, authenticate
from api.core.ratelimit import RateLimiter, retry_after_header
from api.core.security import bearer_token, tokens_match, unauthorized
from api.core.settings import Settings
from api.nlg.render import Renderer
from api.translations.languages import Languages

# Declared for OpenAPI only (auto_error=False): the checks below give problem+json 401s.
provider_bearer = HTTPBearer(
    scheme_name="ProviderToken",
    description="An organisation's credential (`python -m api.cli create-provider`).",
    auto_error=False,
)
provider_oauth = OAuth2(
    scheme_name="OAuth2ClientCredentials",
    description=(
        "An access token from `POST /oauth/token` (client credentials; "
        "`python -m api.cli create-oauth-client`), sent as `Authorization: Bearer <token>`."
    ),
    flows=OAuthFlows(
        clientCredentials=OAuthFlowClientCredentials(tokenUrl="/oauth/token", scopes=SCOPES)
    ),
    auto_error=False,
)
admin_bearer = HTTPBearer(
    scheme_name="AdminToken", description="`FRONTDOOR_ADMIN_TOKEN`.", auto_error=False
)
service_bearer = HTTPBearer(
    scheme_name="ServiceToken", description="`FRONTDOOR_SERVICE_TOKEN`.", auto_error=False
)


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request."""
    with request.app.state.session_factory() as session:
        yield session


def get_languages(request: Request) -> Languages:
    """The offered languages."""
    languages: Languages = request.app.state.languages
    return languages


def get_renderer(request: Request) -> Renderer:
    """The response renderer."""
    renderer: Renderer = request.app.state.renderer
    return renderer


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
LanguagesDep = Annotated[Languages, Depends(get_languages)]
RendererDep = Annotated[Renderer, Depends(get_renderer)]
AuthorizationHeader = Annotated[str | None, Header()]


def require_service(
    settings: SettingsDep,
    authorization: AuthorizationHeader = None,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Security(service_bearer)] = None,
) -> None:
    """Allow only the action server, holding the service token."""
    if not tokens_match(bearer_token(authorization), settings.service_token):
        raise unauthorized()


def _principal(session: Session, settings: Settings, token: str | None) -> Principal | None:
    """The principal of an OAuth access token or an API key; an OAuth client's secret is
    not a bearer token (it is exchanged at /oauth/token)."""
    if not token:
        return None
    if looks_like_jwt(token):
        principal = authenticate_jwt(session=session, token=token, key=settings.oauth_signing_key)
        if principal is not None:
            return principal
    principal = authenticate(session=session, token=token)
    if principal is not None and is_oauth_client(session, principal.client.id):
        return None
    return principal


def require_provider(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    authorization: AuthorizationHeader = None,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Security(provider_bearer)] = None,
    _oauth: Annotated[str | None, Security(provider_oauth)] = None,
) -> Principal:
    """The provider organisation and client behind the bearer token, within its rate limit."""
    principal = _principal(session, settings, bearer_token(authorization))
    if principal is None:
        raise unauthorized("A valid, unexpired and unrevoked bearer token is required.")
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.take(f"client:{principal.client.id}")
    if wait > 0:
        raise HTTPException(429, "Too many requests for this client.", retry_after_header(wait))
    return principal


def require_scope(scope: str) -> Callable[..., Principal]:
    """A dependency allowing only provider credentials that hold this scope (else 403)."""
    assert scope in SCOPES, scope

    def check(principal: Annotated[Principal, Depends(require_provider)]) -> Principal:
        """The principal, if its credential holds the scope."""
        if not principal.holds(scope):
            raise HTTPException(403, f"This credential lacks the {scope} scope.")
        return principal

    return check


def require_admin(
    settings: SettingsDep,
    authorization: AuthorizationHeader = None,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Security(admin_bearer)] = None,
) -> None:
    """Allow only an administrator holding the admin token."""
    if not tokens_match(bearer_token(authorization), settings.admin_token):
        raise unauthorized()


ServiceDep = Annotated[None, Depends(require_service)]
ProviderDep = Annotated[Principal, Depends(require_provider)]
NeedsReader = Annotated[Principal, Depends(require_scope("needs:read"))]
ChangesReader = Annotated[Principal, Depends(require_scope("changes:read"))]
SubscriptionsWriter = Annotated[Principal, Depends(require_scope("subscriptions:write"))]
AdminDep = Annotated[None, Depends(require_admin)]
