"""Provider API: equity metrics, as JSON or CSV, with small numbers withheld."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from fastapi.responses import JSONResponse

from api.auth.providers import Principal
from api.core.db import utcnow
from api.core.deps import LanguagesDep, SessionDep, SettingsDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.metrics.cells import Summary, protected, to_csv
from api.metrics.filters import FilterError, Filters
from api.metrics.measure_report import measure_report
from api.metrics.measures import all_tables
from api.metrics.service import By, Interval, atoms
from api.people.access import audit_read

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])
MetricsReader = Annotated[Principal, Depends(require_scope("metrics:read"))]
MAX_DAYS = 731
CSV = "text/csv"
FHIR_JSON = "application/fhir+json"
RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_ERRORS,
    200: {"content": {CSV: {}}, "description": "JSON, or CSV when asked for"},
    422: {},
}


def _summary(
    session: SessionDep, start: date | None, end: date | None, by: By, interval: Interval
) -> Summary:
    """Count the range (the last 30 days by default) and withhold small numbers."""
    end = end or utcnow().date()
    start = start or end - timedelta(days=30)
    if start > end or (end - start).days > MAX_DAYS:
        raise HTTPException(422, f"Give from on or before to, at most {MAX_DAYS} days apart.")
    found = atoms(session, start=start, end=end, interval=interval)
    return Summary(from_=start, to=end, by=by, interval=interval, cells=protected(found, by))


def _answer(summary: Summary, as_csv: bool) -> Any:
    """The summary as JSON, or as a CSV download."""
    if not as_csv:
        return summary
    name = f"metrics-{summary.by}-{summary.from_}-{summary.to}.csv"
    return Response(
        to_csv(summary),
        media_type=f"{CSV}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


FromQuery = Annotated[
    date | None, Query(alias="from", description="First UTC day (default: 30 days ago)")
]
ToQuery = Annotated[date | None, Query(description="Last UTC day, inclusive (default: today)")]


@router.get("/summary", response_model=Summary, responses=RESPONSES)
def summary(
    principal: MetricsReader,
    session: SessionDep,
    start: FromQuery = None,
    to: ToQuery = None,
    by: By = "channel",
    interval: Interval = "none",
    accept: Annotated[str | None, Header(max_length=200)] = None,
) -> Any:
    """Contacts, assessments, bookings, needs and feedback, split one way (1-4 withheld)."""
    result = _summary(session, start, to, by, interval)
    audit_read(session, principal, action="metrics.read", outcome="ok", fields=("metrics",))
    return _answer(result, CSV in (accept or ""))


@router.get("/summary.csv", response_class=Response, responses=RESPONSES)
def summary_csv(
    principal: MetricsReader,
    session: SessionDep,
    start: FromQuery = None,
    to: ToQuery = None,
    by: By = "channel",
    interval: Interval = "none",
) -> Any:
    """The same summary as a CSV download."""
    result = _summary(session, start, to, by, interval)
    audit_read(session, principal, action="metrics.read", outcome="ok", fields=("metrics",))
    return _answer(result, True)


@router.get("/measure-report", responses={**AUTH_ERRORS, 200: {"content": {FHIR_JSON: {}}}})
def measure_report_(
    principal: MetricsReader,
    session: SessionDep,
    languages: LanguagesDep,
    settings: SettingsDep,
    start: FromQuery = None,
    to: ToQuery = None,
    area: Annotated[str | None, Query(max_length=16, pattern=r"^[A-Z0-9]*$")] = None,
    organisation: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Any:
    """The measures dashboard's tables as a FHIR MeasureReport (summary), 1-4 withheld."""
    try:
        filters = Filters.of(start, to, area or settings.area_code, organisation)
    except FilterError as error:
        raise HTTPException(422, str(error)) from error
    report = measure_report(all_tables(session, filters, languages), filters)
    audit_read(session, principal, action="metrics.read", outcome="ok", fields=("measures",))
    return JSONResponse(report, media_type=FHIR_JSON)
