"""Operator commands: `python -m api.cli create-provider|ensure-dev-provider|...`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.auth.oauth import add_oauth_client, oauth_client_ids
from api.auth.providers import (
    DEFAULT_SCOPES,
    SCOPES,
    UnknownScopeError,
    add_client,
    audit_issued,
    find_client_by_token,
    get_or_create_organisation,
    list_clients,
    organisation_by_ods,
    revoke_client,
)
from api.callbacks.service import set_callback_staff
from api.conversations import stores as conversations
from api.core import crypto
from api.core.audit import record_audit
from api.core.db import as_utc, make_engine, make_session_factory, utcnow
from api.core.security import new_token
from api.core.settings import Settings
from api.models.admin import AdminUser
from api.models.tables import Organisation
from api.retention import service as retention
from api.translations import catalogs as i18n

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
    create.add_argument(
        "--scope",
        action="append",
        dest="scopes",
        choices=sorted(SCOPES),
        help=f"what the credential may do (repeatable; default {' '.join(DEFAULT_SCOPES)})",
    )
    create.add_argument("--expires-in-days", type=int, help="the token stops working after this")
    oauth = commands.add_parser(
        "create-oauth-client", help="add an OAuth2 client (client credentials) to an organisation"
    )
    oauth.add_argument("--ods", required=True, help="ODS code of an existing organisation")
    oauth.add_argument("--name", required=True, help="what the client is, e.g. EPR integration")
    oauth.add_argument(
        "--scope", action="append", dest="scopes", choices=sorted(SCOPES), help="repeatable"
    )
    oauth.add_argument("--expires-in-days", type=int, help="the client stops working after this")
    listing = commands.add_parser("list-credentials", help="list credentials (never tokens)")
    listing.add_argument("--ods", help="only this organisation's")
    revoke = commands.add_parser("revoke-credential", help="revoke a credential at once")
    revoke.add_argument("credential_id", type=int, help="the id shown by list-credentials")
    commands.add_parser("ensure-dev-provider", help=f"create {DEV_ODS} for development")
    commands.add_parser("extract-messages", help="extract the .pot and update every .po")
    commands.add_parser("compile-messages", help="compile every .po to .mo")
    commands.add_parser(
        "rotate-data-key", help="re-encrypt personal data under FRONTDOOR_DATA_KEY (see README)"
    )
    commands.add_parser("retention", help="delete records and conversations kept past their time")
    staff = commands.add_parser(
        "add-callback-staff", help="let an admin page user work an organisation's call-backs"
    )
    staff.add_argument("--username", required=True, help="an existing admin page user")
    staff.add_argument("--ods", required=True, help="ODS code of the organisation")
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
    if args.expires_in_days is not None and args.expires_in_days < 1:
        print("error: --expires-in-days must be at least 1", file=sys.stderr)
        return 2
    expires_at = utcnow() + timedelta(days=args.expires_in_days) if args.expires_in_days else None
    try:
        client = add_client(
            session=session,
            organisation=organisation,
            name=f"{args.name} client",
            token=token,
            scopes=args.scopes or DEFAULT_SCOPES,
            expires_at=expires_at,
        )
    except UnknownScopeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    audit_issued(session=session, client=client, action="admin.credential.issue")
    session.commit()
    state = "created" if created else "existing"
    print(f"organisation {organisation.ods_code} ({state}); token (shown once):", file=sys.stderr)
    print(token)
    return 0


def create_oauth_client(*, session: Session, args: argparse.Namespace) -> int:
    """Add an OAuth2 client to an organisation; print its client id and secret once."""
    organisation = organisation_by_ods(session=session, ods_code=args.ods)
    if organisation is None:
        print("error: no organisation with that ODS code", file=sys.stderr)
        return 1
    if args.expires_in_days is not None and args.expires_in_days < 1:
        print("error: --expires-in-days must be at least 1", file=sys.stderr)
        return 2
    expires_at = utcnow() + timedelta(days=args.expires_in_days) if args.expires_in_days else None
    client, client_id, secret = add_oauth_client(
        session=session,
        organisation=organisation,
        name=args.name,
        scopes=args.scopes or DEFAULT_SCOPES,
        expires_at=expires_at,
    )
    audit_issued(session=session, client=client, action="admin.oauth_client.issue")
    session.commit()
    print(
        f"OAuth client {client.id} of {organisation.ods_code}; secret shown once", file=sys.stderr
    )
    print(f"client_id={client_id}")
    print(f"client_secret={secret}")
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
        add_client(
            session=session,
            organisation=organisation,
            name="development",
            token=token,
            scopes=sorted(SCOPES),
        )
    else:
        client.revoked_at = None
        client.scopes = sorted(SCOPES)
    published = find_client_by_token(session=session, token=DEV_PROVIDER_TOKEN)
    if token != DEV_PROVIDER_TOKEN and published is not None and published.revoked_at is None:
        published.revoked_at = utcnow()  # set-up replaced the published token: it stops working
    session.commit()
    print(token)
    return 0


def list_credentials(*, session: Session, args: argparse.Namespace) -> int:
    """Print one line per credential: id, ODS code, state, scopes, name and, for an OAuth
    client, `oauth:<client id>` (never a token or secret)."""
    now = utcnow()
    clients = list_clients(session=session, ods_code=args.ods)
    oauth_ids = oauth_client_ids(session, [client.id for client in clients])
    for client in clients:
        state = "active"
        if client.revoked_at is not None:
            state = "revoked"
        elif client.expires_at is not None and as_utc(client.expires_at) <= now:
            state = "expired"
        scopes = ",".join(client.scopes or [])
        oauth = f"\toauth:{oauth_ids[client.id]}" if client.id in oauth_ids else ""
        print(
            f"{client.id}\t{client.organisation.ods_code}\t{state}\t{scopes}\t{client.name}{oauth}"
        )
    return 0


def revoke_credential(*, session: Session, args: argparse.Namespace) -> int:
    """Revoke one credential by id."""
    client = revoke_client(session=session, client_id=args.credential_id)
    if client is None:
        print("error: no such credential", file=sys.stderr)
        return 1
    record_audit(
        session=session,
        action="admin.credential.revoke",
        outcome="ok",
        organisation_id=client.organisation_id,
        client_id=client.id,
        purpose="administration",
    )
    session.commit()
    print(f"revoked credential {client.id} of {client.organisation.ods_code}", file=sys.stderr)
    return 0


def add_callback_staff(*, session: Session, args: argparse.Namespace) -> int:
    """Make an admin page user call-back staff of an organisation."""
    user = session.scalar(select(AdminUser).where(AdminUser.username == args.username))
    organisation = session.scalar(select(Organisation).where(Organisation.ods_code == args.ods))
    if user is None or organisation is None:
        print("error: no such admin page user or organisation", file=sys.stderr)
        return 1
    set_callback_staff(session=session, admin_user_id=user.id, organisation_id=organisation.id)
    record_audit(session=session, action="admin.callback_staff.add", outcome="ok",
                 fields=("callback_staff",), organisation_id=organisation.id)  # fmt: skip
    session.commit()
    print(f"{args.username} now works the call-backs of {args.ods}", file=sys.stderr)
    return 0


def rotate_data_key(engine: Engine, settings: Settings) -> int:
    """Rewrite every encrypted value under the current key (old keys only decrypt): the records,
    then the conversations in Rasa's SQL and Redis stores."""
    with engine.begin() as connection:
        count = crypto.reencrypt_all(connection)
    print(f"re-encrypted {count} values under the current data key", file=sys.stderr)
    tracker = retention.tracker_engine(settings.rasa_tracker_db)
    redis = conversations.redis_client(settings.redis_url)
    try:
        events = conversations.reseal_sql(tracker) if tracker is not None else 0
        keep = settings.keep_conversations_days * 86400
        kept = conversations.reseal_redis(redis, keep) if redis is not None else 0
    finally:
        if tracker is not None:
            tracker.dispose()
        if redis is not None:
            redis.close()
    print(f"re-encrypted {events} conversation events (SQL) and {kept} conversations (Redis)",
          file=sys.stderr)  # fmt: skip
    return 0


def run_retention(engine: Engine, settings: Settings) -> int:
    """Apply the retention settings once and print what was deleted (counts only)."""
    tracker = retention.tracker_engine(settings.rasa_tracker_db)
    redis = conversations.redis_client(settings.redis_url)
    try:
        with make_session_factory(engine)() as session:
            report = retention.run_retention(
                session=session, policy=retention.policy_from(settings), now=utcnow(),
                tracker=tracker, redis=redis,
            )  # fmt: skip
    finally:
        if tracker is not None:
            tracker.dispose()
        if redis is not None:
            redis.close()
    for name, count in sorted(report.counts.items()):
        print(f"{name}: {count}")
    if tracker is None:
        print(f"no tracker store at {settings.rasa_tracker_db}: conversations not checked",
              file=sys.stderr)  # fmt: skip
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
    crypto.configure(settings.data_key, settings.old_data_keys)
    engine = make_engine(settings.database_url)
    try:
        if args.command == "rotate-data-key":
            return rotate_data_key(engine, settings)
        if args.command == "retention":
            return run_retention(engine, settings)
        if args.command == "add-callback-staff":
            with make_session_factory(engine)() as session:
                return add_callback_staff(session=session, args=args)
        with make_session_factory(engine)() as session:
            if args.command == "create-provider":
                return create_provider(session=session, args=args)
            if args.command == "create-oauth-client":
                return create_oauth_client(session=session, args=args)
            if args.command == "list-credentials":
                return list_credentials(session=session, args=args)
            if args.command == "revoke-credential":
                return revoke_credential(session=session, args=args)
            return ensure_dev_provider(session=session, settings=settings)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
