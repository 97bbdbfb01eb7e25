"""Alembic environment: migrate the database named by DATABASE_URL (or sqlalchemy.url)."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

import api.admin_ui.models  # noqa: F401 - registers the admin page tables on the metadata
import api.bookings_reminders  # noqa: F401 - registers booking_reminders on the metadata
import api.callbacks  # noqa: F401 - registers callback_requests on the metadata
import api.check_in_prompts  # noqa: F401 - registers check_in_prompts on the metadata
import api.flows.store  # noqa: F401 - registers flow_versions on the metadata
import api.nhs_number  # noqa: F401 - registers person_nhs_numbers on the metadata
import api.oauth  # noqa: F401 - registers oauth_clients on the metadata
import api.organisation_consent  # noqa: F401 - registers organisation_consent_withdrawals
import api.verification  # noqa: F401 - registers verification_codes on the metadata
from api.db import make_engine
from api.models import Base
from api.settings import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def database_url() -> str:
    """The URL set by the caller, else the one from the settings (DATABASE_URL)."""
    return config.get_main_option("sqlalchemy.url") or Settings().database_url


def run_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Migrate over a live connection."""
    engine = make_engine(database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
