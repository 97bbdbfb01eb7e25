"""Sign in and out of the admin page."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.admin.ui.auth import (
    HASH_WAIT_SECONDS,
    HashingBusyError,
    authenticate,
    csrf_matches,
    end_session,
    start_session,
)
from api.admin.ui.login_throttle import LoginThrottle
from api.admin.ui.web import (
    BASE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    current_user,
    home,
    page,
    set_cookie,
    to_login,
)
from api.core.deps import SessionDep, SettingsDep
from api.core.ratelimit import retry_after_header

router = APIRouter(include_in_schema=False)  # mounted under BASE by api.app


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, settings: SettingsDep) -> Response:
    """The sign-in form, with a double-submit CSRF token."""
    token = secrets.token_urlsafe(32)
    response = page(request, "login.html", csrf_token=token, error=None)
    set_cookie(response, LOGIN_CSRF_COOKIE, token, secure=settings.is_production)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Check the password; on success open a session and go to the languages."""
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf_token):
        return page(request, "login.html", 403, csrf_token=csrf_token, error="Please try again.")
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.admit(username, address)  # before any hashing
    if wait:
        return _try_later(request, csrf_token, 429, wait, "Too many attempts.")
    try:
        user = authenticate(session=session, username=username, password=password)
    except HashingBusyError:
        return _try_later(request, csrf_token, 503, HASH_WAIT_SECONDS, "We are busy.")
    if user is None:
        throttle.failed(username)
        error = "That username and password don't match."
        return page(request, "login.html", 401, csrf_token=csrf_token, error=error)
    throttle.succeeded(username)
    token = start_session(session=session, user=user)
    session.commit()
    response = RedirectResponse(home(user.role), status_code=303)
    set_cookie(response, SESSION_COOKIE, token, secure=settings.is_production)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=BASE)
    return response


def _try_later(
    request: Request, csrf_token: str, status: int, wait: float, reason: str
) -> Response:
    """The form again with a status, a Retry-After and how long to wait."""
    headers = retry_after_header(wait)
    error = f"{reason} Please wait {headers['Retry-After']} seconds and try again."
    response = page(request, "login.html", status, csrf_token=csrf_token, error=error)
    response.headers.update(headers)
    return response


@router.post("/logout")
def logout(
    request: Request, session: SessionDep, csrf_token: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    """Forget the session."""
    user = current_user(request, session, measures=True)
    if user is not None:
        check_csrf(user, csrf_token)
        end_session(session=session, token=request.cookies.get(SESSION_COOKIE))
        session.commit()
    response = to_login()
    response.delete_cookie(SESSION_COOKIE, path=BASE)
    return response
