"""An oversized request body is refused with 413 while it is still arriving, never held whole."""

from __future__ import annotations

import pytest

from api.core.input_guard import MAX_BODY_BYTES
from tests.support.raw_http import status_for_chunked, status_for_declared_length

ROUTES = [
    ("/v1/subscriptions", "application/json"),  # provider API, JSON
    ("/admin/ui/login", "application/x-www-form-urlencoded"),  # admin form
    ("/oauth/token", "application/x-www-form-urlencoded"),
    ("/health", "application/octet-stream"),  # a route that never reads a body
]


@pytest.mark.parametrize(("path", "content_type"), ROUTES)
def test_a_declared_oversize_body_is_413_before_it_is_sent(
    live_api: str, path: str, content_type: str
) -> None:
    status = status_for_declared_length(
        live_api, path, 50 * MAX_BODY_BYTES, content_type=content_type
    )

    assert status == 413


@pytest.mark.parametrize(("path", "content_type"), ROUTES[:3])
def test_a_streamed_oversize_body_is_413_before_it_ends(
    live_api: str, path: str, content_type: str
) -> None:
    status = status_for_chunked(live_api, path, 2 * MAX_BODY_BYTES, content_type=content_type)

    assert status == 413
