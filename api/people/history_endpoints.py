"""Provider API: the history of changes to one person's record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, HistoryEntry, HistoryPage
from api.core.cursors import decode_cursor, encode_cursor
from api.core.db import as_utc
from api.core.deps import NeedsReader, SessionDep
from api.core.errors import AUTH_ERRORS
from api.models.tables import Consent, Need
from api.people.access import audit_read, person_for_read
from api.people.schemas import ConsentOut
from api.people.views import need_out

router = APIRouter(prefix="/v1/people", tags=["people"])

HISTORY_FIELDS = ("history.needs", "history.consent")


def _consent_out(consent: Consent) -> ConsentOut:
    """The provider view of one consent."""
    return ConsentOut(
        version=consent.version, language=consent.language, recorded_at=as_utc(consent.recorded_at)
    )


def _history(session: Session, person_id: str) -> list[HistoryEntry]:
    """Every recorded, superseded, granted and withdrawn event of a person, oldest first."""
    entries: list[HistoryEntry] = []
    for need in session.scalars(select(Need).where(Need.person_id == person_id)):
        out = need_out(need)
        entries.append(HistoryEntry(at=out.recorded_at, type="need.recorded", need=out))
        if need.superseded_at is not None:
            at = as_utc(need.superseded_at)
            entries.append(HistoryEntry(at=at, type="need.superseded", need=out))
    consents = session.scalars(
        select(Consent).where(Consent.person_id == person_id, Consent.granted.is_(True))
    )
    for consent in consents:
        out_c = _consent_out(consent)
        entries.append(HistoryEntry(at=out_c.recorded_at, type="consent.granted", consent=out_c))
        if consent.withdrawn_at is not None:
            at = as_utc(consent.withdrawn_at)
            entries.append(HistoryEntry(at=at, type="consent.withdrawn", consent=out_c))
    return sorted(entries, key=lambda entry: entry.at)


@router.get(
    "/{person_id}/history",
    response_model=HistoryPage,
    responses={**AUTH_ERRORS, 400: {"description": "Malformed cursor"}, 404: {}},
)
def read_history(
    person_id: str,
    principal: NeedsReader,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> HistoryPage:
    """Every change to the person's needs and consent, oldest first, a page at a time."""
    start = decode_cursor("history", cursor)
    person, _consent = person_for_read(
        session, principal, person_id, action="history.read", fields=HISTORY_FIELDS
    )
    entries = _history(session, person.id)
    page = entries[start : start + limit]
    more = start + limit < len(entries)
    audit_read(
        session,
        principal,
        action="history.read",
        outcome="ok",
        fields=HISTORY_FIELDS,
        person_id=person.id,
    )
    return HistoryPage(
        items=page, next_cursor=encode_cursor("history", start + limit) if more else None
    )
