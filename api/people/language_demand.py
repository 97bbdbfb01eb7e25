"""How many people are recorded in each language: the phone language menu offers the most
requested first (api/nlg/voice_menu.py)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models.tables import Person


def language_demand(*, session: Session) -> dict[str, int]:
    """People recorded per conversation language code (counts only: no one is identified)."""
    rows = session.execute(select(Person.language, func.count()).group_by(Person.language))
    return {str(language): int(count) for language, count in rows}
