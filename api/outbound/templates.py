"""WhatsApp templates: one per purpose and language, defined in Twilio's Content API, with the
approval WhatsApp gave each, synchronised from Twilio.

A template's friendly name is `frontdoor_<purpose>` and its language the catalog's code
(`pl`, `so`, …); its one variable `{{1}}` is the message as rendered in the person's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.outbound import WhatsAppTemplate

APPROVED = "approved"
NAME = re.compile(r"^frontdoor_([a-z_]{1,32})$")
CONTENT_AND_APPROVALS = "/v1/ContentAndApprovals"


@dataclass(frozen=True)
class TemplateState:
    """What the Content API says of one of our templates."""

    purpose: str
    language: str
    content_sid: str
    approval: str


def _state(item: dict[str, Any]) -> TemplateState | None:
    """One ContentAndApprovals item as our template, or None when it is not one of ours."""
    match = NAME.match(str(item.get("friendly_name") or ""))
    sid, language = item.get("sid"), item.get("language")
    if match is None or not isinstance(sid, str) or not isinstance(language, str):
        return None
    approval = (item.get("approval_requests") or {}).get("status") or "unsubmitted"
    return TemplateState(match.group(1), language, sid, str(approval).lower()[:16])


def fetch_states(client: httpx.Client, base_url: str) -> list[TemplateState]:
    """Every template of ours the account holds, following the API's pages."""
    states: list[TemplateState] = []
    url: str | None = base_url.rstrip("/") + CONTENT_AND_APPROVALS + "?PageSize=100"
    while url:
        page = client.get(url)
        page.raise_for_status()
        body = page.json()
        states += [s for s in map(_state, body.get("contents") or []) if s is not None]
        url = (body.get("meta") or {}).get("next_page_url")
    return states


def store_states(session: Session, states: list[TemplateState]) -> int:
    """Replace our copy with what Twilio holds (committed); how many templates are known."""
    known = {(t.purpose, t.language): t for t in session.scalars(select(WhatsAppTemplate))}
    seen = set()
    for state in states:
        key = (state.purpose, state.language)
        seen.add(key)
        row = known.get(key)
        if row is None:
            session.add(WhatsAppTemplate(**state.__dict__))
        else:
            row.content_sid, row.approval = state.content_sid, state.approval
    for key, row in known.items():
        if key not in seen:  # deleted in Twilio: never used again
            session.delete(row)
    session.commit()
    return len(seen)


def synchronise(session: Session, client: httpx.Client, base_url: str) -> int:
    """Fetch the templates and their approvals from the Content API and store them."""
    return store_states(session, fetch_states(client, base_url))


def approved_template(session: Session, purpose: str, language: str) -> str | None:
    """The content SID of the approved template for this purpose and language, if any."""
    return session.scalar(
        select(WhatsAppTemplate.content_sid).where(
            WhatsAppTemplate.purpose == purpose,
            WhatsAppTemplate.language == language,
            WhatsAppTemplate.approval == APPROVED,
        )
    )
