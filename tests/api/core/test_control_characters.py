"""NUL and other control characters in any path or query parameter: a 400, never a 500.

PostgreSQL text cannot hold NUL, so the driver raises before the query runs; SQLite stores it.
The requests here go to an app on real PostgreSQL (DATABASE_URL, or a throwaway server).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.auth.providers import SCOPES, add_client, get_or_create_organisation
from api.changes.service import install_change_tracking
from api.core.db import make_engine, make_session_factory
from api.core.settings import DEV_ADMIN_TOKEN, REPO_ROOT, Settings
from api.translations import catalogs as i18n
from tests.api import postgres
from tests.api.conftest import SERVICE_TOKEN, alembic_config, bearer
from tests.support import system

PROVIDER_TOKEN = "control-provider-token"
BAD_VALUES = ["a\x00b", "\x00", "x\x1fy", "line\nbreak", "del\x7f"]


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[str]:
    """DATABASE_URL if it points at PostgreSQL, else a throwaway server ."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgresql"):
        yield configured
        return
    if not postgres.available():
        system.missing("PostgreSQL (initdb, pg_ctl)", "postgresql")
    with postgres.temporary_postgres() as url:
        yield url


@pytest.fixture(scope="module")
def pg_client(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An app on a fresh, migrated PostgreSQL database with a provider and a person to find."""
    locales = tmp_path_factory.mktemp("locales") / "locales"
    shutil.copytree(REPO_ROOT / "locales", locales, ignore=shutil.ignore_patterns("*.mo"))
    i18n.compile_catalogs(locales)
    with postgres.fresh_database(postgres_server) as url:
        command.upgrade(alembic_config(url), "head")
        engine = make_engine(url)
        factory = make_session_factory(engine)
        install_change_tracking(factory)
        with factory() as session:
            _arrange(session)
        settings = Settings(
            database_url=url,
            service_token=SERVICE_TOKEN,
            environment="development",
            locales_dir=Path(locales),
            webhook_worker=False,
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            yield client, settings
        engine.dispose()


def _arrange(session: Session) -> None:
    """One organisation with every scope."""
    organisation, _ = get_or_create_organisation(
        session=session, ods_code="A81001", name="Practice", shares_consented_needs=True
    )
    add_client(
        session=session,
        organisation=organisation,
        name="t",
        token=PROVIDER_TOKEN,
        scopes=tuple(SCOPES),
    )
    session.commit()


def _token(path: str) -> str:
    """The bearer token that opens a path."""
    if path.startswith("/admin"):
        return DEV_ADMIN_TOKEN
    if path.startswith("/internal"):
        return SERVICE_TOKEN
    return PROVIDER_TOKEN


def _operations(settings: Settings) -> list[tuple[str, str, str, str]]:
    """(method, path template, where, parameter name) of every string parameter of /v1, /fhir,
    /admin and /internal operations in the OpenAPI document."""
    spec = create_app(settings).openapi()
    found = []
    for path, operations in spec["paths"].items():
        if not path.startswith(("/v1", "/fhir", "/admin/", "/internal/", "/oauth")):
            continue
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query"):
                    found.append((method.upper(), path, parameter["in"], parameter["name"]))
    return found


def _request(client: TestClient, method: str, path: str, where: str, name: str, bad: str) -> Any:
    """Ask with the bad value in one parameter and harmless values in the others."""
    url = re.sub(r"\{[^}]+\}", "1", path)
    params: dict[str, str] = {}
    if where == "path":
        url = path.replace("{" + name + "}", quote(bad, safe=""))
        url = re.sub(r"\{[^}]+\}", "1", url)
    else:
        params[name] = bad
    return client.request(method, url, params=params, headers=bearer(_token(path)))


def test_every_string_parameter_refuses_control_characters_on_postgresql(
    pg_client: Any,
) -> None:
    client, settings = pg_client
    operations = _operations(settings)
    assert len(operations) > 20
    failures = []
    for method, path, where, name in operations:
        for bad in BAD_VALUES:
            response = _request(client, method, path, where, name, bad)
            if response.status_code != 400:
                failures.append((method, path, where, name, repr(bad), response.status_code))
                continue
            assert response.headers["content-type"] == "application/problem+json"
            assert "control character" in response.json()["detail"]
    assert failures == []


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/v1/people", {"id": "0b7c\x00"}),
        ("/v1/people", {"phone": "+44\x007700900123"}),
        ("/fhir/Patient", {"identifier": "https://fhir.frontdoor.example/Id/person|a\x00"}),
        ("/fhir/Flag", {"patient": "Patient/\x00"}),
        ("/fhir/Patient/a%00b", {}),
        ("/v1/people/%00/needs", {}),
    ],
)
def test_nul_in_search_is_a_400_problem_and_the_api_keeps_working(
    pg_client: Any, url: str, params: dict[str, str]
) -> None:
    client, _ = pg_client

    response = client.get(url, params=params, headers=bearer(PROVIDER_TOKEN))

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 400
    ok = client.get("/v1/people", params={"id": "x"}, headers=bearer(PROVIDER_TOKEN))
    assert ok.status_code == 200 and ok.json()["items"] == []


def test_ordinary_unicode_and_spaces_still_pass(pg_client: Any) -> None:
    client, _ = pg_client

    response = client.get(
        "/v1/people", params={"id": "zażółć gęślą jaźń ✓"}, headers=bearer(PROVIDER_TOKEN)
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "token", "json"),
    [
        ("POST", "/admin/organisations", DEV_ADMIN_TOKEN, {"ods_code": "N1X", "name": "a\x00b"}),
        ("PUT", "/v1/people/x/nhs-number", PROVIDER_TOKEN, {"nhs_number": "943\x004765919"}),
        (
            "POST",
            "/admin/organisations/A81001/oauth-clients",
            DEV_ADMIN_TOKEN,
            {"name": "E\x00PR", "scopes": ["needs:read"]},
        ),
    ],
)
def test_nul_in_a_json_body_is_a_4xx_on_postgresql(
    pg_client: Any, method: str, url: str, token: str, json: dict[str, Any]
) -> None:
    client, _ = pg_client

    response = client.request(method, url, json=json, headers=bearer(token))

    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_nul_in_the_token_form_is_refused_on_postgresql(pg_client: Any) -> None:
    client, _ = pg_client

    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "fdc\x00", "client_secret": "x"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_line_breaks_and_escaped_backslashes_in_bodies_still_pass(pg_client: Any) -> None:
    client, _ = pg_client
    admin = bearer(DEV_ADMIN_TOKEN)

    created = client.post(
        "/admin/organisations",
        json={"ods_code": "N2X", "name": "Riverside\nSurgery \\u0000 (not a NUL)"},
        headers=admin,
    )

    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Riverside\nSurgery \\u0000 (not a NUL)"
