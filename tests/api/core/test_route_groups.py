"""Authentication is per group of routes: every internal route wants the service token, every
admin API route the admin token, whatever the route and whatever else is wrong with the request."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.core.settings import Settings

GROUPS = {"/internal": "service", "/admin/": "admin"}
OPEN = {"/admin/ui"}  # the admin pages: their own sign-in and session (tests/api/admin)


def _grouped_routes() -> list[tuple[str, str]]:
    """(method, path) of every documented route in a group (the OpenAPI schema lists them all)."""
    paths = create_app(Settings(_env_file=None)).openapi()["paths"]
    return [
        (method.upper(), path)
        for path, operations in sorted(paths.items())
        if any(path.startswith(prefix) for prefix in GROUPS)
        and not any(path.startswith(o) for o in OPEN)
        for method in sorted(operations)
    ]


ROUTES = _grouped_routes()


def test_the_groups_hold_the_routes_they_should() -> None:
    paths = {path for _, path in ROUTES}
    assert "/internal/people" in paths and "/internal/bookings" in paths and "/admin/flow" in paths
    assert len(ROUTES) > 40


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_without_the_groups_token_a_route_answers_401(
    client: TestClient, settings: Settings, method: str, path: str
) -> None:
    url = re.sub(r"\{[^}]+\}", "1", path)
    wrong = {"Authorization": "Bearer not-the-token"}
    for headers in ({}, wrong, {"Authorization": f"Bearer {settings.admin_token}"}
                    if path.startswith("/internal") else
                    {"Authorization": f"Bearer {settings.service_token}"}):  # fmt: skip
        answered = client.request(method, url, headers=headers, json={})
        assert answered.status_code == 401, (headers, answered.text)
