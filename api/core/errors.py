"""Error responses shared by route modules (for the OpenAPI document)."""

from __future__ import annotations

from typing import Any

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, unknown, expired or revoked token"},
    403: {"description": "The credential lacks the scope"},
    429: {"description": "Rate limit exceeded; see Retry-After"},
}


ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {401: {"description": "Not the admin token"}}
