"""`/dashboard`: the measures page moved behind the admin sign-in (a browser can't send a bearer
token); this address sends browsers there."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from api.admin.ui.web import MEASURES

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
def dashboard() -> RedirectResponse:
    """To the measures page (which asks to sign in)."""
    return RedirectResponse(MEASURES, status_code=303)
