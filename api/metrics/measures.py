"""Every measures table for a choice of filters, in the order the page shows them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from api.assessment.store import current_flow
from api.metrics import baselines, funnel, reach, segments, statements
from api.metrics.filters import Filters
from api.metrics.tables import Table
from api.translations.languages import Languages

# Other measures: texts sent and their SMS segments per language and channel (issue #19).
EXTRA_TABLES: list[Callable[[Session, Filters], list[Table]]] = [segments.segment_tables]


def all_tables(session: Session, filters: Filters, languages: Languages) -> list[Table]:
    """Reach, languages not offered, the journey, what people say (and any extra tables)."""
    offered = [language.code for language in languages.ordered]
    baseline = baselines.load(session, filters.area)
    found = reach.tables(session, filters, offered, baseline)
    found += funnel.tables(session, filters, current_flow(session=session))
    found += statements.tables(session, filters)
    for extra in EXTRA_TABLES:
        found += extra(session, filters)
    names = {
        language.code: f"{language.english_name} ({language.code})"
        for language in languages.ordered
    }
    names[funnel.UNDETERMINED] = "before choosing a language"
    for table in found:
        if table.row_header == "Language":
            table.rows = [(names.get(label, label), entries) for label, entries in table.rows]
    return found
