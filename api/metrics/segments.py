"""What our texts cost: SMS segments sent per language and channel per month (admin dashboard).

A segment is what Twilio bills; a text in Urdu or Bengali is UCS-2 (70 characters a segment, not
160), so the same message can cost three times as much (api/outbound/encoding.py). Counts of
messages from 1 to 4 are withheld as everywhere on the dashboard (api/metrics/cells.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html import escape

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.metrics.cells import RULE, SUPPRESSED_TEXT, suppress
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


def segments_table(rows: list[SegmentRow]) -> str:
    """The dashboard's table of segments (HTML)."""
    head = "<h2>Texts sent and their SMS segments</h2>"
    if not rows:
        return head + "<p class='note'>Nothing sent in these dates.</p>"
    body = "".join(
        f"<tr><td>{escape(r.month)}</td><td>{escape(r.language)}</td><td>{escape(r.channel)}</td>"
        f"<td>{SUPPRESSED_TEXT if r.messages is None else r.messages}</td>"
        f"<td>{'' if r.segments is None else r.segments}</td></tr>"
        for r in rows
    )
    return (
        f"{head}<table><caption>Per month (UTC), language and channel; SMS is billed by the "
        "segment, WhatsApp and calls are not</caption><tr><th scope='col'>Month</th>"
        "<th scope='col'>Language</th><th scope='col'>Channel</th><th scope='col'>Messages</th>"
        f"<th scope='col'>SMS segments</th></tr>{body}</table><p class='note'>{escape(RULE)}</p>"
    )
