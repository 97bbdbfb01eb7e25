"""Equity metrics: counts split by channel, language and need, with counts of 1-4 withheld."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.codes import interpreter_need
from api.metrics.cells import suppress
from api.models.tables import AuditEvent, Consent, FeedbackAnswer, Need, Person
from api.people.consent import CONSENT_VERSION
from tests.api.conftest import bearer

NOW = datetime.now(UTC)
NUMBERS = itertools.count(10000)


def add_people(
    session: Session, count: int, *, channel: str, language: str, interpreter: str | None = None,
    confirmed: bool = False, created: datetime = NOW,
) -> list[str]:  # fmt: skip
    """People who came in on a channel in a language, with consent (and an interpreter need)."""
    ids = []
    for _ in range(count):
        person = Person(
            phone_e164=f"+4477009{next(NUMBERS):05d}", language=language, created_at=created,
            confirmed_at=created if confirmed else None,
        )  # fmt: skip
        session.add(person)
        session.flush()
        session.add(Consent(person_id=person.id, version=CONSENT_VERSION, language=language,
                            channel=channel, granted=True))  # fmt: skip
        if interpreter:
            coded = interpreter_need(needed=True, language=interpreter)
            session.add(Need(person_id=person.id, kind=coded.kind, code_system=coded.code_system,
                             code=coded.code, display=coded.display, value_code=coded.value_code,
                             value_display=coded.value_display, source_channel=channel,
                             recorded_at=created))  # fmt: skip
        ids.append(person.id)
    session.commit()
    return ids


@pytest.fixture
def population(session: Session) -> dict[str, list[str]]:
    """Seven by SMS in Polish wanting a Urdu interpreter (five confirmed), three by voice."""
    sms = add_people(session, 5, channel="sms", language="pl", interpreter="ur", confirmed=True)
    sms += add_people(session, 2, channel="sms", language="pl", interpreter="ur")
    voice = add_people(session, 3, channel="voice", language="ur")
    add_people(session, 6, channel="sms", language="pl", created=NOW - timedelta(days=90))
    for answer in ("yes",) * 5 + ("no",):
        session.add(FeedbackAnswer(statement_id="listened", answer=answer, language="ur",
                                   channel="voice", context="assessment"))  # fmt: skip
    session.commit()
    return {"sms": sms, "voice": voice}


def summary(client: TestClient, token: str, **params: Any) -> dict[tuple[str, str], Any]:
    """The JSON summary as {(measure, group): (value, suppressed)}."""
    response = client.get("/v1/metrics/summary", params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    return {
        (c["measure"], c["group"]): (c["value"], c["suppressed"]) for c in response.json()["cells"]
    }


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (17, 17)])
def test_the_suppression_rule(value: int, shown: int | None) -> None:
    assert suppress(value) == shown


def test_by_channel_withholds_small_counts(
    client: TestClient, create_provider: Callable[..., str], population: Any
) -> None:
    cells = summary(client, create_provider(), by="channel")

    assert cells[("contacts", "sms")] == (7, False)
    assert cells[("contacts", "voice")] == (None, True), "3 is withheld"
    assert cells[("assessments_completed", "sms")] == (5, False)
    assert cells[("needs:interpreter", "sms")] == (7, False)
    assert cells[("feedback:listened:yes", "voice")] == (5, False)
    assert cells[("feedback:listened:no", "voice")] == (None, True)
    assert not any(value in (1, 2, 3, 4) for value, _ in cells.values())


def test_by_language_and_need(
    client: TestClient, create_provider: Callable[..., str], population: Any
) -> None:
    token = create_provider()
    by_language = summary(client, token, by="language")
    by_need = summary(client, token, by="need")

    assert by_language[("contacts", "pl")] == (7, False)
    assert by_language[("contacts", "ur")] == (None, True)
    assert by_need[("contacts", "interpreter: Urdu")] == (7, False)
    assert by_need[("contacts", "no needs recorded")] == (None, True)
    assert by_need[("feedback:listened:yes", "unknown")] == (5, False)


def test_the_range_and_months(
    client: TestClient, create_provider: Callable[..., str], population: Any
) -> None:
    token = create_provider()
    start = (NOW - timedelta(days=120)).date().isoformat()
    response = client.get(
        "/v1/metrics/summary", params={"from": start, "interval": "month"}, headers=bearer(token)
    )

    contacts = [
        c for c in response.json()["cells"] if (c["measure"], c["group"]) == ("contacts", "sms")
    ]
    assert sorted(c["value"] for c in contacts) == [6, 7]
    assert all(c["period"].endswith("-01") for c in contacts)
    assert response.json()["threshold"] == 5 and "1 to 4" in response.json()["rule"]


def test_csv_by_accept_header_and_suffix(
    client: TestClient, create_provider: Callable[..., str], population: Any, session: Session
) -> None:
    token = create_provider()
    by_header = client.get("/v1/metrics/summary", headers={**bearer(token), "Accept": "text/csv"})
    by_suffix = client.get("/v1/metrics/summary.csv", headers=bearer(token))

    assert by_header.headers["content-type"].startswith("text/csv")
    assert by_header.text == by_suffix.text
    rows = list(csv.DictReader(io.StringIO(by_suffix.text)))
    values = {(r["measure"], r["group"]): r["value"] for r in rows}
    assert values[("contacts", "sms")] == "7"
    assert values[("contacts", "voice")] == "<5"
    assert {r["value"] for r in rows} <= {"<5", "0"} | {str(n) for n in range(5, 1000)}
    audits = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "metrics.read"))
    assert len(list(audits)) == 2


def test_metrics_need_the_scope_and_a_sane_range(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    without = create_provider("B82002", scopes=("needs:read",))
    token = create_provider()

    assert client.get("/v1/metrics/summary", headers=bearer(without)).status_code == 403
    backwards = client.get(
        "/v1/metrics/summary",
        params={"from": "2026-02-01", "to": "2026-01-01"},
        headers=bearer(token),
    )
    assert backwards.status_code == 422
    assert backwards.headers["content-type"] == "application/problem+json"
    assert (
        client.get(
            "/v1/metrics/summary", params={"by": "postcode"}, headers=bearer(token)
        ).status_code
        == 422
    )


def test_two_splits_of_the_same_contacts_do_not_give_a_withheld_count_away(
    client: TestClient, create_provider: Callable[..., str], session: Session
) -> None:
    """Seven Polish speakers by SMS and three by voice: by language, Polish is 10; by channel,
    SMS 7 and voice withheld: 10 - 7 would give the 3 away, so one more cell must go."""
    add_people(session, 7, channel="sms", language="pl")
    add_people(session, 3, channel="voice", language="pl")
    token = create_provider()

    by_channel = summary(client, token, by="channel")
    by_language = summary(client, token, by="language")

    assert by_channel[("contacts", "voice")] == (None, True)
    polish, sms = by_language[("contacts", "pl")][0], by_channel[("contacts", "sms")][0]
    assert polish is None or sms is None, f"pl {polish} - sms {sms} = voice's withheld count"
