"""Operator commands: `python -m api.cli create-provider|ensure-dev-provider|...`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from api import i18n
from api.db import make_engine, make_session_factory
from api.providers import add_client, find_client_by_token, get_or_create_organisation
from api.security import new_token
from api.settings import Settings

DEV_ODS = "DEV001"
DEV_NAME = "Development GP practice"
DEV_PROVIDER_TOKEN = "dev-provider-token"  # noqa: S105 - a published development placeholder


def _parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="python -m api.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-provider", help="add an organisation credential")
    create.add_argument("--ods", required=True, help="ODS code of the organisation")
    create.add_argument("--name", required=True, help="organisation name")
    create.add_argument(
        "--shares-consented-needs",
        action="store_true",
        help="the organisation may see people who consented to share their needs",
    )
    create.add_argument("--token", help="use this token instead of generating one")
    commands.add_parser("ensure-dev-provider", help=f"create {DEV_ODS} for development")
    commands.add_parser("extract-messages", help="extract the .pot and update every .po")
    commands.add_parser("compile-messages", help="compile every .po to .mo")
    return parser


def create_provider(*, session: Session, args: argparse.Namespace) -> int:
    """Create (or reuse) the organisation, add a client, and print its token once."""
    organisation, created = get_or_create_organisation(
        session=session,
        ods_code=args.ods,
        name=args.name,
        shares_consented_needs=args.shares_consented_needs,
    )
    token = args.token or new_token()
    if find_client_by_token(session=session, token=token) is not None:
        print("error: that token is already in use", file=sys.stderr)
        return 1
    add_client(session=session, organisation=organisation, name=f"{args.name} client", token=token)
    session.commit()
    state = "created" if created else "existing"
    print(f"organisation {organisation.ods_code} ({state}); token (shown once):", file=sys.stderr)
    print(token)
    return 0


def ensure_dev_provider(*, session: Session, settings: Settings) -> int:
    """Idempotently create the development organisation and its well-known token."""
    if settings.is_production:
        print("error: ensure-dev-provider is for development only", file=sys.stderr)
        return 2
    token = os.environ.get("DEV_PROVIDER_TOKEN", DEV_PROVIDER_TOKEN)
    organisation, _ = get_or_create_organisation(
        session=session, ods_code=DEV_ODS, name=DEV_NAME, shares_consented_needs=True
    )
    organisation.shares_consented_needs = True
    client = find_client_by_token(session=session, token=token)
    if client is not None and client.organisation_id != organisation.id:
        print("error: DEV_PROVIDER_TOKEN belongs to another organisation", file=sys.stderr)
        return 1
    if client is None:
        add_client(session=session, organisation=organisation, name="development", token=token)
    else:
        client.revoked_at = None
    session.commit()
    print(token)
    return 0


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command and return its exit status."""
    args = _parser().parse_args(argv)
    settings = settings or Settings()
    if args.command == "extract-messages":
        i18n.extract(settings.locales_dir / f"{i18n.DOMAIN}.pot")
        i18n.update(settings.locales_dir)
        return 0
    if args.command == "compile-messages":
        i18n.compile_catalogs(Path(settings.locales_dir))
        return 0
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            if args.command == "create-provider":
                return create_provider(session=session, args=args)
            return ensure_dev_provider(session=session, settings=settings)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
