"""What a call to the internal API can end in, other than an answer."""

from __future__ import annotations


class ApiUnavailable(Exception):
    """The API could not store what we sent (down, slow, or refused it)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the error status it answered with; None when it did not answer


class ApiTimeout(ApiUnavailable):
    """The API did not answer in time: what was asked may or may not have been done."""


class ApiRefused(ApiUnavailable):
    """The API refused the request as asked (400, 404, 413, 422): asking again won't help."""


class ApiConflict(ApiUnavailable):
    """The API refused because the world changed meanwhile (409: e.g. the slot was just taken)."""


class ApiTooMany(ApiUnavailable):
    """The API refused for now (429: e.g. a number's codes for the hour, or its lock-out)."""


# Each error status that means more than "unavailable": asking again now won't help.
REFUSALS: dict[int, type[ApiUnavailable]] = {
    400: ApiRefused,
    404: ApiRefused,
    409: ApiConflict,
    413: ApiRefused,
    422: ApiRefused,
    429: ApiTooMany,
}


def refusal(status: int, title: object) -> ApiUnavailable:
    """The error for an answer with this error status (and problem title, if any)."""
    return REFUSALS.get(status, ApiUnavailable)(f"API answered {status}: {title}", status)
