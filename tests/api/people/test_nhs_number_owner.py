"""Over real HTTP: an NHS number one organisation attached cannot be overwritten by another
that also sees the person (409, audited, nothing changes); its own organisation may correct it."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.tables import AuditEvent
from tests.api.conftest import bearer

NHS = "9434765919"
OTHER_NHS = "4010232137"


def _put(base: str, person_id: str, token: str, number: str) -> httpx.Response:
    return httpx.put(
        f"{base}/v1/people/{person_id}/nhs-number",
        json={"nhs_number": number},
        headers=bearer(token),
    )


def test_another_organisation_cannot_overwrite_the_nhs_number(
    live_api: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    setter = create_provider("A81001")
    other = create_provider("B82002")
    assert _put(live_api, person_id, setter, NHS).status_code == 200

    overwrite = _put(live_api, person_id, other, OTHER_NHS)
    same_number = _put(live_api, person_id, other, NHS)
    needs = httpx.get(f"{live_api}/v1/people/{person_id}/needs", headers=bearer(other))

    assert overwrite.status_code == 409, overwrite.text
    assert "another organisation" in overwrite.json()["detail"]
    assert same_number.status_code == 200  # agreeing changes nothing
    assert needs.json()["nhs_number"] == NHS
    outcomes = session.scalars(
        select(AuditEvent.outcome).where(AuditEvent.action == "nhs_number.write")
    ).all()
    assert "refused" in outcomes
    corrected = _put(live_api, person_id, setter, OTHER_NHS)
    assert corrected.status_code == 200
    assert (
        httpx.get(f"{live_api}/v1/people/{person_id}/needs", headers=bearer(other)).json()[
            "nhs_number"
        ]
        == OTHER_NHS
    )
