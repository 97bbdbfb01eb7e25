"""The equity dashboard for administrators: charts of the metrics, with small numbers withheld."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse

from api.core.audit import record_audit
from api.core.db import utcnow
from api.core.deps import SessionDep
from api.metrics.cells import Summary, cells
from api.metrics.dashboard import page
from api.metrics.segments import segments_by_month, segments_table
from api.metrics.service import count

router = APIRouter(tags=["admin"])
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
SPLITS = ("channel", "language", "need")


@router.get("/dashboard", response_class=HTMLResponse, responses={401: {}, 422: {}})
def dashboard(
    session: SessionDep,
    start: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    """Contacts, completed assessments and bookings by channel, language and need (HTML)."""
    end = to or utcnow().date()
    begin = start or end - timedelta(days=30)
    if begin > end or (end - begin).days > 731:
        raise HTTPException(422, "Give from on or before to, at most 731 days apart.")
    summaries = {
        by: Summary(
            from_=begin,
            to=end,
            by=by,
            interval="none",
            cells=cells(count(session, start=begin, end=end, by=by, interval="none")),  # type: ignore[arg-type]
        )
        for by in SPLITS
    }
    record_audit(session=session, action="metrics.dashboard", outcome="ok", fields=["metrics"])
    session.commit()
    cost = segments_table(segments_by_month(session, start=begin, end=end))  # issue #19
    return HTMLResponse(
        page(summaries).replace("</body>", cost + "</body>"),
        headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"},
    )
