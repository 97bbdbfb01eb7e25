"""FastAPI dependencies: settings, sessions, languages and authentication."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from api.languages import Languages
from api.nlg.render import Renderer
from api.providers import Principal, authenticate
from api.security import bearer_token, tokens_match, unauthorized
from api.settings import Settings


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


def require_service(settings: SettingsDep, authorization: AuthorizationHeader = None) -> None:
    """Allow only the action server, holding the service token."""
    if not tokens_match(bearer_token(authorization), settings.service_token):
        raise unauthorized()


def require_provider(session: SessionDep, authorization: AuthorizationHeader = None) -> Principal:
    """The provider organisation and client behind the bearer token."""
    token = bearer_token(authorization)
    principal = authenticate(session=session, token=token) if token else None
    if principal is None:
        raise unauthorized()
    return principal


ServiceDep = Annotated[None, Depends(require_service)]
ProviderDep = Annotated[Principal, Depends(require_provider)]
