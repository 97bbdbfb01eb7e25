"""Provider API: the changes feed, so a provider system can stay in sync."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.changes.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ChangeOut, ChangesPage
from api.changes.service import visible_changes
from api.core.cursors import decode_cursor, encode_cursor
from api.core.db import as_utc
from api.core.deps import ChangesReader, SessionDep
from api.core.errors import AUTH_ERRORS
from api.people.access import audit_read

router = APIRouter(prefix="/v1/changes", tags=["changes"])


@router.get("", response_model=ChangesPage, responses={**AUTH_ERRORS, 400: {}, 422: {}})
def read_changes(
    principal: ChangesReader,
    session: SessionDep,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="`next_cursor` of the previous page; omit to start"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> ChangesPage:
    """Changes to people this organisation may see, oldest first, after the cursor."""
    after = decode_cursor("changes", cursor)
    events = list(
        session.scalars(visible_changes(principal.organisation, after=after).limit(limit))
    )
    for person_id in dict.fromkeys(event.person_id for event in events):
        audit_read(
            session,
            principal,
            action="changes.read",
            outcome="ok",
            fields=("changes",),
            person_id=person_id,
        )
    if not events:
        audit_read(session, principal, action="changes.read", outcome="empty", fields=("changes",))
    items = [
        ChangeOut(id=e.id, type=e.type, person_id=e.person_id, at=as_utc(e.at))  # type: ignore[arg-type]
        for e in events
    ]
    position = events[-1].id if events else after
    return ChangesPage(items=items, next_cursor=encode_cursor("changes", position))
