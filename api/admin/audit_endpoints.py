"""Admin API: query the append-only audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from api.admin.schemas import MAX_PAGE_SIZE, AuditEventOut, AuditPage
from api.core.cursors import decode_cursor, encode_cursor
from api.core.db import as_utc
from api.core.deps import SessionDep
from api.core.errors import ADMIN_ERRORS
from api.models.tables import AuditEvent, Organisation

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/audit", response_model=AuditPage, responses={**ADMIN_ERRORS, 400: {}, 422: {}})
def query_audit(
    session: SessionDep,
    ods_code: Annotated[str | None, Query(max_length=16)] = None,
    person_id: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> AuditPage:
    """Audit events, oldest first, filtered by organisation, person and action."""
    after = decode_cursor("audit", cursor)
    query = (
        select(AuditEvent, Organisation.ods_code)
        .outerjoin(Organisation, AuditEvent.organisation_id == Organisation.id)
        .where(AuditEvent.id > after)
        .order_by(AuditEvent.id)
        .limit(limit + 1)
    )
    if ods_code is not None:
        query = query.where(Organisation.ods_code == ods_code)
    if person_id is not None:
        query = query.where(AuditEvent.person_id == person_id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    rows = session.execute(query).all()
    items = [
        AuditEventOut(
            id=event.id,
            at=as_utc(event.at),
            ods_code=ods,
            client_id=event.client_id,
            person_id=event.person_id,
            action=event.action,
            fields=list(event.fields or []),
            purpose=event.purpose,
            outcome=event.outcome,
        )
        for event, ods in rows[:limit]
    ]
    more = len(rows) > limit
    return AuditPage(
        items=items, next_cursor=encode_cursor("audit", items[-1].id) if more else None
    )
