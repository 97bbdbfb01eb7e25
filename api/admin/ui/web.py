"""Shared pieces of the admin pages: templates, the session cookie, sign-in and CSRF checks."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.admin.ui.auth import SignedIn, csrf_matches, signed_in
from api.models.admin import ANALYST

BASE = "/admin/ui"
SESSION_COOKIE = "fd_admin_session"
LOGIN_CSRF_COOKIE = "fd_admin_login_csrf"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template; Jinja escapes every value, and only our own inline style may run."""
    nonce = secrets.token_urlsafe(16)
    response = templates.TemplateResponse(
        request, name, {"base": BASE, "nonce": nonce, **context}, status_code=status_code
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; style-src 'nonce-{nonce}'; frame-ancestors 'none'; form-action 'self'"
    )
    return response


MEASURES = f"{BASE}/dashboard"


def current_user(request: Request, session: Session, *, measures: bool = False) -> SignedIn | None:
    """The signed-in user of this browser, if any; an analyst only on the measures pages."""
    user = signed_in(session=session, token=request.cookies.get(SESSION_COOKIE))
    if user is not None and user.role == ANALYST and not measures:
        raise HTTPException(status_code=403, detail="Analysts see the measures only.")
    return user


def home(role: str) -> str:
    """Where a user with this role lands after signing in."""
    return MEASURES if role == ANALYST else BASE


def to_login() -> RedirectResponse:
    """Send a browser without a session to the sign-in page."""
    return RedirectResponse(f"{BASE}/login", status_code=303)


def check_csrf(user: SignedIn, token: str | None) -> None:
    """Refuse a form post that doesn't carry the session's CSRF token."""
    if not csrf_matches(user.csrf_token, token):
        raise HTTPException(status_code=403, detail="The form's CSRF token is missing or wrong.")


def set_cookie(response: Any, name: str, value: str, *, secure: bool) -> None:
    """A cookie only the admin pages receive, never sent by other sites' forms."""
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=secure, path=BASE, max_age=8 * 3600
    )
