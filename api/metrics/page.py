"""The measures dashboard behind the admin sign-in: admins and analysts (who see only this).

Filters by period, area and organisation; every table as CSV; the same tables as a FHIR
MeasureReport; an admin uploads an area's population baseline (ONS TS024 CSV) here too.
Every view and export is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin.ui.auth import SignedIn
from api.admin.ui.web import check_csrf, current_user, page, to_login
from api.core.audit import record_audit
from api.core.deps import LanguagesDep, SessionDep, SettingsDep
from api.metrics import baselines
from api.metrics.charts import reach_chart
from api.metrics.filters import FilterError, Filters
from api.metrics.measure_report import measure_report
from api.metrics.measures import all_tables
from api.metrics.suppression import RULE
from api.metrics.tables import Table, to_csv
from api.models.admin import ADMIN, ANALYST
from api.models.tables import Organisation
from api.translations.languages import Languages

router = APIRouter(prefix="/dashboard", include_in_schema=False)
MAX_CSV_BYTES = 5_000_000
PURPOSE = "service evaluation"
FHIR_JSON = "application/fhir+json"


class FilterParams:
    """The filter query parameters, shared by the page and its exports."""

    def __init__(
        self,
        start: Annotated[date | None, Query(alias="from")] = None,
        to: Annotated[date | None, Query()] = None,
        area: Annotated[str | None, Query(max_length=16, pattern=r"^[A-Z0-9]*$")] = None,
        # A form's "All organisations" sends an empty value.
        organisation: Annotated[str | None, Query(max_length=9, pattern=r"^[0-9]*$")] = None,
    ) -> None:
        self.start, self.to, self.area = start, to, area
        self.organisation = int(organisation) if organisation else None

    def filters(self, default_area: str = "") -> Filters:
        """The filters (the deployment's area unless one is asked for), or 422 when the dates
        make no sense."""
        try:
            return Filters.of(self.start, self.to, self.area or default_area, self.organisation)
        except FilterError as error:
            raise HTTPException(422, str(error)) from error


FilterQuery = Annotated[FilterParams, Depends()]


def _signed_in(request: Request, session: Session) -> SignedIn | None:
    """An admin or analyst (other roles: 403)."""
    user = current_user(request, session, measures=True)
    if user is not None and user.role not in (ADMIN, ANALYST):
        raise HTTPException(403, "Only admins and analysts see the measures.")
    return user


def _tables(session: Session, filters: Filters, languages: Languages, action: str) -> list[Table]:
    """All tables for the filters, the reading audited."""
    tables = all_tables(session, filters, languages)
    record_audit(session=session, action=action, outcome="ok", fields=["measures"],
                 purpose=PURPOSE)  # fmt: skip
    session.commit()
    return tables


@router.get("", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    languages: LanguagesDep,
    settings: SettingsDep,
    query: FilterQuery,
    message: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The measures page."""
    user = _signed_in(request, session)
    if user is None:
        return to_login()
    filters = query.filters(settings.area_code)
    tables = _tables(session, filters, languages, "metrics.dashboard")
    organisations = session.execute(select(Organisation.id, Organisation.name)).tuples().all()
    return page(
        request, "measures.html", user=user, tables=tables, filters=filters, rule=RULE,
        chart=reach_chart(tables[0]),
        areas=baselines.areas(session), organisations=organisations,
        baseline=baselines.load(session, filters.area), query=_query_string(filters),
        message={"uploaded": "Baseline uploaded."}.get(message or ""), is_admin=user.role == ADMIN,
    )  # fmt: skip


def _query_string(filters: Filters) -> str:
    """The filters as a query string for the export links."""
    parts = [f"from={filters.start}", f"to={filters.end}"]
    if filters.area:
        parts.append(f"area={filters.area}")
    if filters.organisation:
        parts.append(f"organisation={filters.organisation}")
    return "&".join(parts)


@router.get("/measure-report", response_class=JSONResponse)
def fhir_measure_report(
    request: Request,
    session: SessionDep,
    languages: LanguagesDep,
    settings: SettingsDep,
    query: FilterQuery,
) -> Response:
    """Every table as one FHIR MeasureReport."""
    if _signed_in(request, session) is None:
        return to_login()
    filters = query.filters(settings.area_code)
    tables = _tables(session, filters, languages, "metrics.measure_report")
    return JSONResponse(measure_report(tables, filters), media_type=FHIR_JSON,
                        headers={"Cache-Control": "no-store"})  # fmt: skip


@router.get("/{key}.csv", response_class=Response)
def table_csv(
    request: Request,
    key: str,
    session: SessionDep,
    languages: LanguagesDep,
    settings: SettingsDep,
    query: FilterQuery,
) -> Response:
    """One table as CSV, exactly as shown."""
    if _signed_in(request, session) is None:
        return to_login()
    filters = query.filters(settings.area_code)
    tables = {t.key: t for t in _tables(session, filters, languages, "metrics.csv")}
    if key not in tables:
        raise HTTPException(404, "No such table.")
    name = f"{key}-{filters.start}-{filters.end}.csv"
    return Response(
        to_csv(tables[key]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip


@router.post("/baselines", response_class=HTMLResponse)
def upload_baseline(
    request: Request,
    session: SessionDep,
    table: Annotated[UploadFile, File()],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    source: Annotated[str, Form(max_length=200)] = "ONS Census 2021, TS024",
) -> Any:
    """An admin replaces areas' baselines with an ONS TS024 table."""
    user = _signed_in(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    if user.role != ADMIN:
        raise HTTPException(403, "Only admins upload baselines.")
    data = table.file.read(MAX_CSV_BYTES + 1)
    try:
        if len(data) > MAX_CSV_BYTES:
            raise baselines.BaselineError("The file is larger than 5 MB.")
        parsed = baselines.parse(data.decode("utf-8-sig"), source)
    except (UnicodeDecodeError, baselines.BaselineError) as error:
        detail = str(error) if isinstance(error, baselines.BaselineError) else "Not UTF-8 text."
        raise HTTPException(422, detail) from error
    baselines.store(session, parsed, uploaded_by=user.username)
    record_audit(session=session, action="metrics.baseline_upload", outcome="ok",
                 fields=["population_baselines"], purpose=PURPOSE)  # fmt: skip
    session.commit()
    area = parsed[0].area_code
    return RedirectResponse(f"{request.url.path.rsplit('/', 1)[0]}?area={area}&message=uploaded",
                            status_code=303)  # fmt: skip
