"""What our texts cost: SMS segments sent per language and channel per month (the measures page).

A segment is what Twilio bills; a text in Urdu or Bengali is UCS-2 (70 characters a segment, not
160), so the same message can cost three times as much (api/outbound/encoding.py). Counts of
messages from 1 to 4 are withheld as everywhere on the dashboard (api/metrics/cells.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.metrics.cells import suppress
from api.metrics.filters import Filters
from api.metrics.tables import Entry, Table, count
from api.models.outbound import DELIVERED, FAILED, SENT, OutboundMessage


@dataclass(frozen=True)
class SegmentRow:
    """One month, language and channel: messages that left, and their SMS segments."""

    month: str
    language: str
    channel: str
    messages: int | None  # None: withheld
    segments: int | None


def segments_by_month(session: Session, *, start: date, end: date) -> list[SegmentRow]:
    """Messages that left between the dates (UTC days, inclusive), by month, language, channel."""
    month = func.strftime("%Y-%m", OutboundMessage.sent_at)
    if session.get_bind().dialect.name != "sqlite":
        month = func.to_char(OutboundMessage.sent_at, "YYYY-MM")
    rows = session.execute(
        select(month, OutboundMessage.language, OutboundMessage.channel,
               func.count(), func.coalesce(func.sum(OutboundMessage.segments), 0))
        .where(
            OutboundMessage.state.in_((SENT, DELIVERED, FAILED)),
            OutboundMessage.sent_at >= datetime.combine(start, time(0), UTC),
            OutboundMessage.sent_at < datetime.combine(end + timedelta(days=1), time(0), UTC),
        )
        .group_by(month, OutboundMessage.language, OutboundMessage.channel)
        .order_by(month, OutboundMessage.language, OutboundMessage.channel)
    ).all()  # fmt: skip
    found = []
    for when, language, channel, messages, segments in rows:
        shown = suppress(int(messages))
        found.append(SegmentRow(str(when), language, channel or "", shown,
                                int(segments) if shown is not None else None))  # fmt: skip
    return found


def segment_tables(session: Session, filters: Filters) -> list[Table]:
    """The measures page's table of texts sent and their SMS segments (api/metrics/measures.py)."""
    table = Table(
        key="segments",
        title="Texts sent and their SMS segments",
        caption="Per month (UTC), language and channel; SMS is billed by the segment, WhatsApp "
        "and calls are not",
        row_header="Month, language, channel",
        columns=["Messages", "SMS segments"],
    )
    for row in segments_by_month(session, start=filters.start, end=filters.end):
        segments = Entry(str(row.segments), row.segments) if row.segments is not None else None
        table.rows.append(
            (
                f"{row.month} {row.language} {row.channel}".strip(),
                [count(row.messages), segments or count(None)],
            )
        )
    return [table]
