"""Provider API: equity metrics, as JSON or CSV, with small numbers withheld."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response

from api.auth.providers import Principal
from api.core.db import utcnow
from api.core.deps import SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.metrics.cells import Summary, protected, to_csv
from api.metrics.service import By, Interval, atoms
from api.people.access import audit_read

router = APIRouter(prefix="/v1/metrics", tags=["metrics"])
MetricsReader = Annotated[Principal, Depends(require_scope("metrics:read"))]
MAX_DAYS = 731
CSV = "text/csv"
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
