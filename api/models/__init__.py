"""Every table, in one import: the app, Alembic and the tests read the metadata here.

Each module of api/models declares tables; this package imports all of them, so
`import api.models` gives Alembic and the tests the complete metadata.
"""

from __future__ import annotations

from api.models import (
    admin,
    assessment,
    auth,
    bookings,
    callbacks,
    messaging,
    metrics,
    outbound,
    people,
    provider_needs,
    recordings,
    representatives,
    tables,
    text_sends,
    waiting,
)
from api.models.tables import Base

__all__ = [
    "Base",
    "admin",
    "assessment",
    "auth",
    "bookings",
    "callbacks",
    "messaging",
    "metrics",
    "outbound",
    "people",
    "recordings",
    "provider_needs",
    "representatives",
    "tables",
    "text_sends",
    "waiting",
]
