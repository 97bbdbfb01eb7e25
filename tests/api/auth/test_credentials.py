"""Credentials: scopes, expiry and revocation, through the CLI and the admin API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.cli import main
from api.core.db import utcnow
from api.core.security import hash_token
from api.core.settings import DEV_ADMIN_TOKEN, Settings
from api.models.tables import AuditEvent, ProviderClient
from tests.api.conftest import bearer

ADMIN = bearer(DEV_ADMIN_TOKEN)


def _needs(client: TestClient, person_id: str, token: str) -> int:
    """The status of a needs read with this token."""
    return client.get(f"/v1/people/{person_id}/needs", headers=bearer(token)).status_code


def test_cli_scopes_list_and_revoke(
    settings: Settings, database: str, session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["create-provider", "--ods", "Y1", "--name", "N", "--token", "tok-scoped-1"]
    assert main([*args, "--scope", "changes:read", "--scope", "needs:read"], settings) == 0
    capsys.readouterr()

    assert main(["list-credentials"], settings) == 0
    listed = capsys.readouterr().out
    [client_row] = session.scalars(select(ProviderClient)).all()
    assert listed == f"{client_row.id}\tY1\tactive\tchanges:read,needs:read\tN client\n"
    assert "tok-scoped-1" not in listed

    assert main(["revoke-credential", str(client_row.id)], settings) == 0
    assert main(["list-credentials", "--ods", "Y1"], settings) == 0
    assert "\trevoked\t" in capsys.readouterr().out
    assert main(["revoke-credential", "999"], settings) == 1
    session.expire_all()
    assert session.scalars(select(AuditEvent.action)).all() == [
        "admin.credential.issue",
        "admin.credential.revoke",
    ], "issuing from the command line is audited as through the admin API"


def test_cli_refuses_unknown_scope(settings: Settings, database: str) -> None:
    with pytest.raises(SystemExit):
        main(["create-provider", "--ods", "Y1", "--name", "N", "--scope", "root"], settings)


def test_wrong_scope_is_403_and_expired_token_401(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    changes_only = create_provider("A1", scopes=("changes:read",))
    expired = create_provider("A2", expires_at=utcnow() - timedelta(seconds=1), token="old")
    fresh = create_provider("A3", expires_at=utcnow() + timedelta(days=1), token="fresh")

    response = client.get(f"/v1/people/{person_id}/needs", headers=bearer(changes_only))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "needs:read" in response.json()["detail"]
    assert person_id not in response.text
    assert _needs(client, person_id, expired) == 401
    assert _needs(client, person_id, fresh) == 200


def test_admin_api_needs_the_admin_token(client: TestClient, settings: Settings) -> None:
    for headers in ({}, bearer("wrong-admin-token"), bearer(settings.service_token)):
        response = client.get("/admin/organisations", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


def test_admin_creates_organisation_issues_lists_and_revokes(
    client: TestClient, session: Session, make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    body = {"ods_code": "A81001", "name": "Riverside", "shares_consented_needs": True}
    assert client.post("/admin/organisations", json=body, headers=ADMIN).status_code == 201
    assert client.post("/admin/organisations", json=body, headers=ADMIN).status_code == 409

    issued = client.post(
        "/admin/organisations/A81001/credentials",
        json={"name": "EPR", "scopes": ["needs:read"], "expires_in_days": 30},
        headers=ADMIN,
    )

    assert issued.status_code == 201
    credential = issued.json()
    token = credential.pop("token")
    stored = session.get(ProviderClient, credential["id"])
    assert stored is not None and stored.token_hash == hash_token(token)
    assert credential["scopes"] == ["needs:read"] and credential["expires_at"]
    assert _needs(client, person_id, token) == 200
    listed = client.get("/admin/credentials", params={"ods_code": "A81001"}, headers=ADMIN)
    assert [c["id"] for c in listed.json()] == [credential["id"]]
    assert "token" not in listed.json()[0]

    revoked = client.post(f"/admin/credentials/{credential['id']}/revoke", headers=ADMIN)

    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert _needs(client, person_id, token) == 401


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/admin/organisations/NOPE1/credentials", {"name": "x"}, 404),
        ("/admin/organisations/A81001/credentials", {"name": "x", "scopes": ["root"]}, 422),
        ("/admin/organisations/A81001/credentials", {"name": "x", "expires_in_days": 0}, 422),
        ("/admin/organisations", {"ods_code": "a'; drop table x;--", "name": "x"}, 422),
        ("/admin/credentials/424242/revoke", None, 404),
    ],
)
def test_admin_bad_input_is_a_clear_4xx_and_changes_nothing(
    client: TestClient, session: Session, path: str, body: dict[str, object] | None, status: int
) -> None:
    org = {"ods_code": "A81001", "name": "Riverside"}
    client.post("/admin/organisations", json=org, headers=ADMIN)
    before = session.scalars(select(AuditEvent.id)).all()

    response = client.post(path, json=body, headers=ADMIN)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    session.expire_all()
    assert session.scalars(select(ProviderClient)).all() == []
    assert session.scalars(select(AuditEvent.id)).all() == before
