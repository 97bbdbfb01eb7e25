"""Alembic environment: migrate the database named by DATABASE_URL (or sqlalchemy.url)."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from api.core.db import make_engine
from api.core.settings import Settings
from api.models import Base

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
