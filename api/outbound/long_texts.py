"""Texts that came out longer than three SMS segments in a language, for the admin page: the
translation (or the script's UCS-2 encoding) makes them cost more than the English."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models.outbound import OutboundMessage
from api.outbound.encoding import LONG_TEXT_SEGMENTS


@dataclass(frozen=True)
class LongText:
    """A response sent in the language as more than three segments."""

    context: str  # the response's name: the catalog's msgctxt
    segments: int  # the most any one sending took
    encoding: str
    times: int


def long_texts(session: Session, language: str) -> list[LongText]:
    """The responses sent by SMS in this language as more than three segments, longest first."""
    name = func.coalesce(OutboundMessage.response, OutboundMessage.purpose)
    rows = session.execute(
        select(name, func.max(OutboundMessage.segments), func.max(OutboundMessage.encoding),
               func.count())
        .where(OutboundMessage.language == language,
               OutboundMessage.segments > LONG_TEXT_SEGMENTS)
        .group_by(name)
        .order_by(func.max(OutboundMessage.segments).desc())
    ).all()  # fmt: skip
    return [LongText(str(c), int(s), str(e), int(n)) for c, s, e, n in rows]
