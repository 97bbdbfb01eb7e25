"""Every table, in one import: Alembic and the tests read the complete metadata from here.

Tables are declared beside their domain; a module that declares one must be listed below, and
`tests/api/test_migrations.py` (Alembic's `check`, in a fresh process) fails when one is missing.
"""

from __future__ import annotations

import api.admin_ui.models
import api.bookings_reminders
import api.callbacks
import api.check_in_prompts
import api.flows.store
import api.nhs_number
import api.oauth
import api.organisation_consent
import api.verification
from api.models import Base

TABLE_MODULES = (
    api.admin_ui.models,
    api.bookings_reminders,
    api.callbacks,
    api.check_in_prompts,
    api.flows.store,
    api.nhs_number,
    api.oauth,
    api.organisation_consent,
    api.verification,
)

__all__ = ["Base", "TABLE_MODULES"]
