"""`python -m api.admin.ui.cli create-user --username NAME --role ROLE [--languages ur,so]`
(ROLE: admin, reviewer, translator or analyst; --languages: those they may record in, else all)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from api.admin.ui.auth import AdminUserError, create_user
from api.core.db import make_engine, make_session_factory
from api.core.settings import Settings
from api.models.admin import ROLES, AdminUserLanguage

PASSWORD_VARIABLE = "FRONTDOOR_ADMIN_UI_PASSWORD"


def _password(from_stdin: bool) -> str:
    """The new user's password: stdin, the environment, or asked twice at the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE]
    first, second = getpass.getpass("Password: "), getpass.getpass("Again: ")
    if first != second:
        raise AdminUserError("the passwords differ")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    """Create an admin page user."""
    parser = argparse.ArgumentParser(prog="python -m api.admin.ui.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add a user of the admin page")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--password-stdin", action="store_true", help="read the password")
    create.add_argument(
        "--languages",
        default="",
        help="comma-separated codes the user may record in (default: all)",
    )
    args = parser.parse_args(argv)
    engine = make_engine(Settings().database_url)
    try:
        with make_session_factory(engine)() as session:
            user = create_user(
                session=session,
                username=args.username,
                password=_password(args.password_stdin),
                role=args.role,
            )
            session.flush()
            for code in filter(None, (c.strip() for c in args.languages.split(","))):
                session.add(AdminUserLanguage(user_id=user.id, language=code))
            session.commit()
    except AdminUserError as error:
        print(f"error: {error}", file=sys.stderr)  # noqa: T201 - a command's output
        return 1
    finally:
        engine.dispose()
    print(f"created {args.role} {args.username}")  # noqa: T201 - a command's output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
