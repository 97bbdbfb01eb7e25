"""OAuth2 client credentials: token issue, use on provider routes, and every bad case."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from api.auth.oauth import ALGORITHM, AUDIENCE, ISSUER
from api.cli import main
from api.core.db import utcnow
from api.core.settings import DEV_ADMIN_TOKEN, Settings
from api.models.tables import AuditEvent, ProviderClient
from tests.api.conftest import bearer

ADMIN = bearer(DEV_ADMIN_TOKEN)
PROBLEM = "application/problem+json"


def _oauth_client(
    client: TestClient, ods: str = "A81001", scopes: tuple[str, ...] = ("needs:read",), **extra: Any
) -> dict[str, Any]:
    """An organisation (created if new, receiving consented needs) and a new OAuth client."""
    client.post(
        "/admin/organisations",
        json={"ods_code": ods, "name": f"Practice {ods}", "shares_consented_needs": True},
        headers=ADMIN,
    )
    issued = client.post(
        f"/admin/organisations/{ods}/oauth-clients",
        json={"name": "EPR", "scopes": list(scopes), **extra},
        headers=ADMIN,
    )
    assert issued.status_code == 201, issued.text
    return dict(issued.json())


def _basic(client_id: str, secret: str) -> dict[str, str]:
    """An HTTP Basic header."""
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def _token(client: TestClient, issued: dict[str, Any], **form: str) -> Any:
    """Ask for a token with HTTP Basic client authentication."""
    return client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **form},
        headers=_basic(issued["client_id"], issued["client_secret"]),
    )


def _access(client: TestClient, issued: dict[str, Any], **form: str) -> str:
    """A fresh access token."""
    response = _token(client, issued, **form)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _needs(client: TestClient, person_id: str, token: str) -> Any:
    """A needs read with this bearer token."""
    return client.get(f"/v1/people/{person_id}/needs", headers=bearer(token))


def _refused(response: Any, status: int) -> None:
    """A problem+json refusal with this status."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM


def test_token_by_basic_or_form_reads_needs_and_fhir_and_is_audited(
    client: TestClient, make_person: Callable[..., str], session: Session
) -> None:
    person_id = make_person()
    issued = _oauth_client(client)

    by_basic = _token(client, issued)
    by_form = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": issued["client_id"],
            "client_secret": issued["client_secret"],
        },
    )

    for response in (by_basic, by_form):
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert (body["token_type"], body["expires_in"], body["scope"]) == (
            "Bearer",
            300,
            "needs:read",
        )
        token = body["access_token"]
        assert _needs(client, person_id, token).status_code == 200
        patient = client.get(f"/fhir/Patient/{person_id}", headers=bearer(token))
        assert patient.status_code == 200
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 300 and claims["jti"] and claims["org"] == "A81001"
    assert issued["client_secret"] not in token
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.client_id == issued["id"])
    ).all()
    assert actions.count("oauth.token.issue") == 2
    assert actions.count("needs.read") == 2 and actions.count("fhir.patient.read") == 2


def test_client_secret_is_not_a_bearer_token(
    client: TestClient, make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    issued = _oauth_client(client)

    _refused(_needs(client, person_id, issued["client_secret"]), 401)


def test_wrong_secret_unknown_client_and_bad_grant_are_refused(client: TestClient) -> None:
    issued = _oauth_client(client)
    form = {"grant_type": "client_credentials"}

    wrong = client.post("/oauth/token", data=form, headers=_basic(issued["client_id"], "nope"))
    unknown = client.post("/oauth/token", data=form, headers=_basic("fdc_unknown", "x"))
    missing = client.post("/oauth/token", data=form)
    garbled = client.post("/oauth/token", data=form, headers={"Authorization": "Basic %%%"})
    grant = _token(client, issued, grant_type="password")
    both = client.post(
        "/oauth/token",
        data={**form, "client_id": issued["client_id"], "client_secret": "x"},
        headers=_basic(issued["client_id"], issued["client_secret"]),
    )

    for response in (wrong, unknown, missing, garbled):
        _refused(response, 401)
        assert response.json()["error"] == "invalid_client"
        assert response.headers["www-authenticate"].startswith("Basic")
    _refused(grant, 400)
    assert grant.json()["error"] == "unsupported_grant_type"
    _refused(both, 400)
    assert both.json()["error"] == "invalid_request"
    _refused(client.post("/oauth/token", data={}), 422)


def test_scope_narrowing_and_wrong_scope(
    client: TestClient, make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    issued = _oauth_client(client, scopes=("needs:read", "changes:read"))

    narrow = _access(client, issued, scope="needs:read")
    full = _access(client, issued)
    beyond = _token(client, issued, scope="needs:read subscriptions:write")

    assert _needs(client, person_id, narrow).status_code == 200
    _refused(client.get("/v1/changes", headers=bearer(narrow)), 403)
    assert client.get("/v1/changes", headers=bearer(full)).status_code == 200
    _refused(beyond, 400)
    assert beyond.json()["error"] == "invalid_scope"


def test_expired_forged_and_tampered_tokens_are_401(
    client: TestClient, make_person: Callable[..., str], settings: Settings
) -> None:
    person_id = make_person()
    issued = _oauth_client(client)
    good = _access(client, issued)
    claims = jwt.decode(good, options={"verify_signature": False})
    now = utcnow()
    expired = jwt.encode(
        {**claims, "iat": now - timedelta(hours=1), "exp": now - timedelta(minutes=5)},
        settings.oauth_signing_key,
        algorithm=ALGORITHM,
    )
    forged = jwt.encode(claims, "another-key-of-the-same-length-0123456789", algorithm=ALGORITHM)
    unsigned = jwt.encode(claims, None, algorithm="none")
    header, payload, signature = good.split(".")
    other_payload = (
        base64.urlsafe_b64encode(
            json.dumps({**claims, "scope": "needs:read changes:read"}).encode()
        )
        .rstrip(b"=")
        .decode()
    )
    tampered = f"{header}.{other_payload}.{signature}"
    wrong_audience = jwt.encode(
        {**claims, "aud": "someone-else"}, settings.oauth_signing_key, algorithm=ALGORITHM
    )
    no_jti = jwt.encode(
        {k: v for k, v in claims.items() if k != "jti"},
        settings.oauth_signing_key,
        algorithm=ALGORITHM,
    )

    assert _needs(client, person_id, good).status_code == 200
    for bad in (expired, forged, unsigned, tampered, wrong_audience, no_jti, "a.b.c"):
        response = _needs(client, person_id, bad)
        _refused(response, 401)
        assert "Urdu" not in response.text and person_id not in response.text


def test_a_token_for_an_api_key_credential_is_refused(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    settings: Settings,
) -> None:
    """A signed token naming a credential that is not an OAuth client does not work."""
    person_id = make_person()
    create_provider("A81001")
    api_key = session.scalars(select(ProviderClient)).one()
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "fdc_made_up",
        "cid": api_key.id,
        "scope": "needs:read",
        "jti": "x",
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    token = jwt.encode(claims, settings.oauth_signing_key, algorithm=ALGORITHM)

    _refused(_needs(client, person_id, token), 401)


def test_revoking_the_client_stops_new_and_existing_tokens_at_once(
    client: TestClient, make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    issued = _oauth_client(client)
    token = _access(client, issued)
    assert _needs(client, person_id, token).status_code == 200

    revoked = client.post(f"/admin/credentials/{issued['id']}/revoke", headers=ADMIN)

    assert revoked.status_code == 200
    _refused(_needs(client, person_id, token), 401)
    _refused(client.get("/fhir/Flag", params={"patient": person_id}, headers=bearer(token)), 401)
    again = _token(client, issued)
    _refused(again, 401)
    assert again.json()["error"] == "invalid_client"


def test_an_expired_client_gets_no_token_and_its_tokens_stop(
    client: TestClient, make_person: Callable[..., str], session: Session
) -> None:
    person_id = make_person()
    issued = _oauth_client(client)
    token = _access(client, issued)
    row = session.get(ProviderClient, issued["id"])
    assert row is not None
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()

    _refused(_needs(client, person_id, token), 401)
    _refused(_token(client, issued), 401)


def test_narrowing_the_clients_scopes_narrows_its_tokens(
    client: TestClient, session: Session
) -> None:
    issued = _oauth_client(client, scopes=("needs:read", "changes:read"))
    token = _access(client, issued)
    row = session.get(ProviderClient, issued["id"])
    assert row is not None
    row.scopes = ["needs:read"]
    session.commit()

    _refused(client.get("/v1/changes", headers=bearer(token)), 403)


def test_cli_creates_an_oauth_client_and_lists_it(
    settings: Settings,
    client: TestClient,
    capsys: pytest.CaptureFixture[str],
    make_person: Callable[..., str],
) -> None:
    person_id = make_person()
    client.post(
        "/admin/organisations",
        json={"ods_code": "C83003", "name": "Clinic", "shares_consented_needs": True},
        headers=ADMIN,
    )
    capsys.readouterr()

    assert main(["create-oauth-client", "--ods", "C83003", "--name", "EPR"], settings) == 0
    printed = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    assert main(["list-credentials", "--ods", "C83003"], settings) == 0
    listed = capsys.readouterr().out

    assert f"\toauth:{printed['client_id']}" in listed
    assert printed["client_secret"] not in listed
    issued = {"client_id": printed["client_id"], "client_secret": printed["client_secret"]}
    assert _needs(client, person_id, _access(client, issued)).status_code == 200
    assert main(["create-oauth-client", "--ods", "NOPE1", "--name", "x"], settings) == 1


def test_openapi_documents_the_client_credentials_flow(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()

    scheme = spec["components"]["securitySchemes"]["OAuth2ClientCredentials"]
    flow = scheme["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token" and "needs:read" in flow["scopes"]
    needs = spec["paths"]["/v1/people/{person_id}/needs"]["get"]["security"]
    assert {"OAuth2ClientCredentials": []} in needs and {"ProviderToken": []} in needs
    token = spec["paths"]["/oauth/token"]["post"]
    assert "application/x-www-form-urlencoded" in token["requestBody"]["content"]


def test_production_refuses_the_development_signing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_SERVICE_TOKEN", "a-long-secret")
    monkeypatch.setenv("FRONTDOOR_ADMIN_TOKEN", "another-long-secret")
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", "a-data-key-of-at-least-32-characters")
    monkeypatch.delenv("FRONTDOOR_OAUTH_SIGNING_KEY", raising=False)
    monkeypatch.setenv("FRONTDOOR_ENV", "production")

    with pytest.raises(ValidationError, match="FRONTDOOR_OAUTH_SIGNING_KEY"):
        Settings()
    monkeypatch.setenv("FRONTDOOR_OAUTH_SIGNING_KEY", "short")
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.setenv("FRONTDOOR_OAUTH_SIGNING_KEY", "an-oauth-signing-key-of-32-characters")
    assert Settings().oauth_signing_key.startswith("an-oauth")


def test_guessing_a_clients_secret_is_rate_limited(settings: Settings, database: str) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 2})
    with TestClient(create_app(limited)) as client:
        issued = _oauth_client(client)
        wrong = {**issued, "client_secret": "guess"}

        answers = [_token(client, wrong).status_code for _ in range(3)]

        assert answers == [401, 401, 429]
        assert _token(client, issued).status_code == 429, "the limit holds for the right one too"
        unknown = {"client_id": "fdc_nobody", "client_secret": "x"}
        assert [_token(client, unknown).status_code for _ in range(3)] == [401, 401, 401]


def test_an_api_key_that_happens_to_have_two_dots_still_works(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    token = create_provider(token="key.with.dots")

    assert _needs(client, person_id, token).status_code == 200


def test_admins_see_which_credentials_are_oauth_clients(client: TestClient) -> None:
    issued = _oauth_client(client)
    assert issued["oauth_client_id"] == issued["client_id"]
    plain = client.post(
        "/admin/organisations/A81001/credentials", json={"name": "key", "scopes": ["needs:read"]},
        headers=ADMIN,
    ).json()  # fmt: skip
    listed = {c["id"]: c for c in client.get("/admin/credentials", headers=ADMIN).json()}
    assert listed[issued["id"]]["oauth_client_id"] == issued["client_id"]
    assert listed[plain["id"]]["oauth_client_id"] is None
    assert "client_secret" not in listed[issued["id"]] and "token" not in listed[plain["id"]]
