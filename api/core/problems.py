"""RFC 9457 problem details for every error response."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"

log = structlog.get_logger(__name__)


class ProblemResponse(JSONResponse):
    """A JSON response with the problem+json media type."""

    media_type = PROBLEM_MEDIA_TYPE


def problem(
    status: int,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> ProblemResponse:
    """A problem+json response whose title is the standard phrase of the status."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update(extra or {})
    return ProblemResponse(body, status_code=status, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Where and why validation failed, without echoing the input (it may be a phone number)."""
    return [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type")}
        for error in exc.errors()
    ]


async def _http_exception(_request: Request, exc: Exception) -> ProblemResponse:
    """Render an HTTPException as a problem."""
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))


async def _validation_exception(_request: Request, exc: Exception) -> ProblemResponse:
    """Render a request validation error as a 422 problem."""
    assert isinstance(exc, RequestValidationError)
    return problem(422, "The request is not valid.", extra={"errors": _validation_errors(exc)})


async def _unhandled_exception(request: Request, exc: Exception) -> ProblemResponse:
    """Log an unexpected error by type only, and answer with a 500 problem."""
    log.error("unhandled_error", path=request.url.path, error=type(exc).__name__)
    return problem(500, "Something went wrong on our side.")


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error response problem+json."""
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_exception)
    app.add_exception_handler(Exception, _unhandled_exception)
