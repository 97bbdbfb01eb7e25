"""OpenAPI: documented auth and examples, /docs works, and a property-based run finds no 500s."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from api.core.settings import DEV_ADMIN_TOKEN, Settings
from tests.api.conftest import SERVICE_TOKEN

FUZZ_TOKEN = "fuzz-provider-token"


def test_docs_and_spec_document_auth_and_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()

    assert client.get("/docs").status_code == 200
    schemes = spec["components"]["securitySchemes"]
    assert {"ProviderToken", "OAuth2ClientCredentials", "AdminToken", "ServiceToken"} <= set(
        schemes
    )
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if (
                path.startswith(("/v1", "/admin"))
                or path.startswith("/fhir/")
                and "metadata" not in path
            ):
                assert operation.get("security"), f"{method} {path} documents no auth"
                assert {"401"} <= set(operation["responses"]), f"{method} {path}"
    feed = spec["paths"]["/v1/changes"]["get"]["responses"]["200"]["content"]
    assert feed["application/json"]["schema"]
    assert "examples" in str(spec["components"]["schemas"]["ChangesPage"])


@pytest.fixture
def fuzz_schema(
    settings: Settings,
    database: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    """The app's schema (provider, FHIR, admin and consent routes) with data to find."""
    make_person()
    create_provider(token=FUZZ_TOKEN)
    # Webhook URLs are resolved: answer every name with a public address, offline.
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *_a, **_k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))],
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))
    return schema.include(path_regex=r"^/(v1|fhir|admin|internal/people|oauth)")


def _auth(path: str) -> dict[str, str]:
    """The right bearer token for a path."""
    token = FUZZ_TOKEN
    if path.startswith("/admin"):
        token = DEV_ADMIN_TOKEN
    elif path.startswith("/internal"):
        token = SERVICE_TOKEN
    return {"Authorization": f"Bearer {token}"}


def test_no_server_errors(fuzz_schema: Any) -> None:
    # schemathesis' own pytest plugin does not load under pytest 9, so drive its strategies here.
    operations = [result.ok() for result in fuzz_schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(headers=_auth(case.path), checks=[not_a_server_error])

        run()
