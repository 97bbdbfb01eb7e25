"""The measures page behind the admin sign-in: reach against an uploaded population baseline,
languages not offered, the journey's funnel, CSV of every table, FHIR MeasureReport, roles."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.settings import Settings
from tests.api.admin_ui_support import add_user, csrf_of, sign_in
from tests.api.conftest import bearer
from tests.api.metrics.seed import AREA, TS024, add_contacts, journeys, yesterday

DASHBOARD = "/admin/ui/dashboard"
TABLES = ("reach", "not_offered", "funnel_language", "stopped_language", "funnel_channel",
          "stopped_channel", "time_language", "statements_language")  # fmt: skip


def upload(client: TestClient, text: str) -> Any:
    """Upload a TS024 table through the page's form."""
    return client.post(
        f"{DASHBOARD}/baselines",
        data={"csrf_token": csrf_of(client, DASHBOARD), "source": "test census"},
        files={"table": ("ts024.csv", text.encode(), "text/csv")},
        follow_redirects=False,
    )


def table(client: TestClient, key: str) -> list[dict[str, str]]:
    """One table's CSV export, for the seeded area, from yesterday."""
    response = client.get(f"{DASHBOARD}/{key}.csv", params={"from": yesterday(), "area": AREA})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.fixture
def seeded(client: TestClient, session: Session, service_headers: dict[str, str]) -> TestClient:
    """An admin signed in, Testshire's baseline uploaded, contacts and journeys recorded."""
    add_user(session, "ada", "admin")
    assert sign_in(client, "ada").status_code == 303
    assert upload(client, TS024).status_code == 303
    add_contacts(session)
    for post in journeys():
        assert client.post("/internal/measures/steps", json=post,
                           headers=service_headers).status_code == 204  # fmt: skip
    return client


def test_somali_is_under_reached_with_its_interval(seeded: TestClient) -> None:
    rows = {row["Language"]: row for row in table(seeded, "reach")}

    somali = rows["Somali (so)"]
    assert somali["Contacts"] == "5" and somali["Share of residents"] == "10.0%"
    assert float(somali["Ratio"]) == pytest.approx(0.25, abs=0.01)
    assert float(somali["Lower 95 %"]) < float(somali["Ratio"]) < float(somali["Upper 95 %"]) < 1
    assert somali["Against the population"] == "under-reached"
    assert rows["English (en)"]["Against the population"] != "under-reached"
    assert rows["all languages"]["Contacts"] == "200"
    page = seeded.get(DASHBOARD, params={"from": yesterday(), "area": AREA}).text
    assert "Somali (so)" in page and "under-reached" in page and "Testshire" in page


def test_languages_asked_for_but_not_offered_are_shown_and_small_ones_withheld(
    seeded: TestClient,
) -> None:
    rows = {row["Language"]: row["Interpreter requests"] for row in table(seeded, "not_offered")}

    assert rows == {"am": "<5", "ps": "6"}


def _numbers(rows: list[dict[str, str]], header: str) -> dict[str, list[int | None]]:
    """A table's counts by row (None where withheld)."""
    return {
        row[header]: [None if v == "<5" else int(v) for k, v in row.items()
                      if k != header and k != "Most stop at"]
        for row in rows
    }  # fmt: skip


def test_no_withheld_count_follows_from_two_published_tables(seeded: TestClient) -> None:
    """Outside in: reached minus reached is stopped; rows add up to the total; by language and by
    channel count the same journeys."""
    reached = _numbers(table(seeded, "funnel_language"), "Language")
    stopped = _numbers(table(seeded, "stopped_language"), "Language")
    by_channel = _numbers(table(seeded, "funnel_channel"), "Channel")
    for language, counts in reached.items():
        for step, (here, there) in enumerate(itertools.pairwise([*counts, 0])):
            gone = stopped[language][step]
            known = [here is not None, there is not None, gone is not None]
            assert known.count(False) != 1, f"{language} step {step}: one withheld of three"
    for step in range(len(next(iter(reached.values())))):
        languages = [counts[step] for counts in reached.values()]
        channels = [counts[step] for counts in by_channel.values()]
        if None not in channels:
            assert languages.count(None) != 1, f"step {step}: one language withheld, total known"
    reach = [row["Contacts"] for row in table(seeded, "reach")]
    assert reach.count("<5") != 1, "the total is shown, so one withheld language is derivable"
    assert not {"1", "2", "3", "4"} & {v for rows in (reached, stopped) for v in map(str, rows)}


def test_the_funnel_shows_where_farsi_speakers_stop(seeded: TestClient) -> None:
    rows = {row["Language"]: row for row in table(seeded, "funnel_language")}

    farsi = rows["Farsi (fa)"]
    assert farsi["Most stop at"] == "Section: Communication and information"
    assert farsi["First message"] == "22" and farsi["Section: Reasonable adjustments"] == "10"
    assert rows["Polish (pl)"]["Booked"] == "14" and rows["Polish (pl)"]["First message"] == "14"
    never = rows["before choosing a language"]
    assert never["First message"] == "6" and never["Language confirmed"] == "0"
    assert never["Most stop at"] == "First message"
    stopped = {row["Language"]: row for row in table(seeded, "stopped_language")}
    assert stopped["Farsi (fa)"]["Section: Communication and information"] == "12"
    times = {row["Language"]: row for row in table(seeded, "time_language")}
    assert times["Farsi (fa)"]["Section: Communication and information"] == "12 min"


def test_the_page_has_every_table_with_its_csv_and_the_measure_report(seeded: TestClient) -> None:
    params = {"from": yesterday(), "area": AREA}
    page = seeded.get(DASHBOARD, params=params)
    report = seeded.get(f"{DASHBOARD}/measure-report", params=params)

    assert page.status_code == 200 and "<script" not in page.text
    for key in TABLES:
        assert f'id="{key}"' in page.text and f"{DASHBOARD}/{key}.csv?" in page.text
    assert report.headers["content-type"].startswith("application/fhir+json")
    body = report.json()
    assert body["resourceType"] == "MeasureReport" and body["type"] == "summary"
    reach = next(g for g in body["group"] if g["code"]["coding"][0]["code"] == "reach")
    strata = {s["value"]["text"]: s for s in reach["stratifier"][0]["stratum"]}
    assert strata["Somali (so)"]["measureScore"]["value"] < 1
    assert strata["Somali (so)"]["population"][0]["count"] == 5
    asked = next(g for g in body["group"] if g["code"]["coding"][0]["code"] == "not_offered")
    amharic = asked["stratifier"][0]["stratum"][0]
    assert amharic["value"]["text"] == "am" and "count" not in amharic["population"][0]
    assert amharic["population"][0]["extension"][0]["valueCode"] == "masked"


def test_a_baseline_not_in_the_ons_layout_is_refused(seeded: TestClient) -> None:
    refused = upload(seeded, "language,count\npl,5\n")

    assert refused.status_code == 422 and "TS024" in refused.text


def test_the_steps_endpoint_refuses_what_it_should_not_hold(
    client: TestClient, service_headers: dict[str, str]
) -> None:
    base = {"step": "consent", "language": "pl", "channel": "sms"}
    assert client.post("/internal/measures/steps", json=base).status_code == 401
    for bad in ({"step": "phone:+447700900123"}, {"channel": "fax"}, {"seconds": -1},
                {"area_code": "e08 000"}):  # fmt: skip
        answer = client.post("/internal/measures/steps", json={**base, **bad},
                             headers=service_headers)  # fmt: skip
        assert answer.status_code == 422, bad


def test_analysts_see_the_measures_only(client: TestClient, session: Session) -> None:
    add_user(session, "ann", "analyst")
    add_user(session, "tom", "translator")

    assert client.get(DASHBOARD, follow_redirects=False).headers["location"] == "/admin/ui/login"
    assert client.get("/dashboard", follow_redirects=False).headers["location"] == DASHBOARD
    assert sign_in(client, "ann").headers["location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/admin/ui").status_code == 403
    assert client.get("/admin/ui/callbacks").status_code == 403
    assert "Upload" not in client.get(DASHBOARD).text
    refused = client.post(f"{DASHBOARD}/baselines", data={"csrf_token": csrf_of(client, DASHBOARD)},
                          files={"table": ("t.csv", TS024.encode(), "text/csv")})  # fmt: skip
    assert refused.status_code == 403
    client.cookies.clear()
    sign_in(client, "tom")
    assert client.get(DASHBOARD).status_code == 403
    assert client.get("/admin/ui").status_code == 200


def test_providers_get_the_same_figures_as_a_measure_report(
    seeded: TestClient, create_provider: Callable[..., str]
) -> None:
    params = {"from": yesterday(), "area": AREA}
    token = create_provider()
    as_provider = seeded.get("/v1/metrics/measure-report", params=params, headers=bearer(token))
    on_page = seeded.get(f"{DASHBOARD}/measure-report", params=params).json()
    without_scope = create_provider("B82002", scopes=("needs:read",))

    assert as_provider.status_code == 200
    assert as_provider.headers["content-type"].startswith("application/fhir+json")
    assert as_provider.json()["group"] == on_page["group"]
    refused = seeded.get("/v1/metrics/measure-report", headers=bearer(without_scope))
    assert refused.status_code == 403


def test_the_deployments_area_is_the_default(
    settings: Settings, database: str, session: Session, service_headers: dict[str, str]
) -> None:
    """With FRONTDOOR_AREA_CODE set, steps the bot sends count in that area and the page
    compares with its baseline without being asked."""
    with TestClient(create_app(settings.model_copy(update={"area_code": AREA}))) as client:
        add_user(session, "ada", "admin")
        sign_in(client, "ada")
        upload(client, TS024)
        for post in journeys():
            body = {k: v for k, v in post.items() if k != "area_code"}
            client.post("/internal/measures/steps", json=body, headers=service_headers)
        rows = client.get(f"{DASHBOARD}/funnel_language.csv", params={"from": yesterday()})
        page = client.get(DASHBOARD).text

    farsi = next(r for r in csv.DictReader(io.StringIO(rows.text)) if r["Language"] == "Farsi (fa)")
    assert farsi["First message"] == "22"
    assert f'<option value="{AREA}" selected>' in page
