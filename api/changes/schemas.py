"""Response bodies of the provider API beyond the foundation's (history, changes, webhooks)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.people.schemas import ConsentOut, NeedOut

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50

HistoryType = Literal["need.recorded", "need.superseded", "consent.granted", "consent.withdrawn"]
ChangeType = Literal[
    "needs.changed",
    "consent.granted",
    "consent.withdrawn",
    "person.erased",
    "booking.created",
    "booking.moved",
    "booking.cancelled",
    "wellbeing.worse",
    "contact.unreachable",  # a channel Twilio refused for good (api/outbound/failures.py)
]


class HistoryEntry(BaseModel):
    """One change in a person's record."""

    at: datetime
    type: HistoryType
    need: NeedOut | None = None
    consent: ConsentOut | None = None


class HistoryPage(BaseModel):
    """A page of a person's history, oldest first."""

    items: list[HistoryEntry]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class ChangeOut(BaseModel):
    """A change to a person's record: read the person again to see what it is now."""

    id: int
    type: ChangeType
    person_id: str
    at: datetime


class ChangesPage(BaseModel):
    """A page of the changes feed, oldest first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": 42,
                            "type": "needs.changed",
                            "person_id": "0b7c3f0e-8a51-4c55-9f5e-1d2f3a4b5c6d",
                            "at": "2026-11-23T13:02:08Z",
                        }
                    ],
                    "next_cursor": "Y2hhbmdlczo0Mg",
                }
            ]
        }
    )

    items: list[ChangeOut]
    next_cursor: str = Field(description="Pass as `cursor` next time; it advances past `items`.")
