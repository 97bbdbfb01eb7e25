"""Development only: a week of sample slots for DEV001 and an admin page sign-in, so BOOK and the
admin pages work minutes after `make run`. Refused in production.

`python -m api.admin.dev_setup seed-demo-slots` tops the next 7 days up (re-running adds nothing

that
is already there); `python -m api.admin.dev_setup ensure-admin` creates (or resets the password of)

the
user named by FRONTDOOR_DEV_ADMIN_USER with FRONTDOOR_DEV_ADMIN_PASSWORD.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin.ui.auth import AdminUserError, create_user, set_password
from api.auth.providers import get_or_create_organisation
from api.bookings.slots import Mode, SlotConflictError, SlotIn, SlotInPastError, publish_slot
from api.callbacks.service import set_callback_staff
from api.cli import DEV_NAME, DEV_ODS
from api.core import crypto
from api.core.db import make_engine, make_session_factory, utcnow
from api.core.local_time import UK_ZONE
from api.core.settings import Settings
from api.models.admin import AdminUser
from api.models.tables import Slot

DAYS = 7
ADMIN_USER_VARIABLE = "FRONTDOOR_DEV_ADMIN_USER"
ADMIN_PASSWORD_VARIABLE = "FRONTDOOR_DEV_ADMIN_PASSWORD"  # noqa: S105 - a variable's name


@dataclass(frozen=True)
class DemoSlot:
    """One slot published every weekday at the same time and place."""

    at: time
    service: str
    place: str
    minutes: int
    step_free: bool
    interpreters: tuple[str, ...] = ()
    mode: Mode = "in_person"


# Each in its own room, so a day's slots never overlap one another; again, they overlap themselves.
DEMO_SLOTS = (
    DemoSlot(time(9, 0), "GP appointment", "Riverside Health Centre, room 1 (ground floor)", 15,
             step_free=True),
    DemoSlot(time(9, 30), "GP appointment", "Riverside Health Centre, room 4 (first floor)", 15,
             step_free=False),
    DemoSlot(time(10, 30), "GP appointment", "Riverside Health Centre, room 2 (ground floor)", 40,
             step_free=True, interpreters=("pl", "ar")),
    DemoSlot(time(11, 30), "Practice nurse", "Riverside Health Centre, room 5 (first floor)", 30,
             step_free=False, interpreters=("ur",)),
    DemoSlot(time(14, 0), "GP appointment", "Riverside Health Centre, room 3 (ground floor)", 30,
             step_free=True, interpreters=("bfi",)),
    DemoSlot(time(16, 0), "GP telephone appointment", "By telephone", 20, step_free=True,
             mode="remote"),
)  # fmt: skip


class DevelopmentOnlyError(RuntimeError):
    """A development-only command was run in production."""


def _weekdays(today: date) -> list[date]:
    """The weekdays among the next DAYS days, today included."""
    days = (today + timedelta(days=n) for n in range(DAYS))
    return [day for day in days if day.weekday() < 5]


def _published(session: Session, organisation_id: int, body: SlotIn) -> bool:
    """Whether this demo slot is already there (withdrawn ones count: they stay withdrawn)."""
    query = select(Slot.id).where(
        Slot.organisation_id == organisation_id,
        Slot.place == body.place,
        Slot.start_at == body.start.astimezone(UTC),
    )
    return session.scalar(query.limit(1)) is not None


def seed_demo_slots(*, session: Session, now: datetime | None = None) -> int:
    """Publish DEV001's sample slots for the coming week that are not there yet; how many."""
    organisation, _ = get_or_create_organisation(
        session=session, ods_code=DEV_ODS, name=DEV_NAME, shares_consented_needs=True
    )
    today = (now or utcnow()).astimezone(UK_ZONE).date()
    added = 0
    for day in _weekdays(today):
        for demo in DEMO_SLOTS:
            start = datetime.combine(day, demo.at, UK_ZONE)
            body = SlotIn(
                service=demo.service, place=demo.place, start=start, length_minutes=demo.minutes,
                step_free=demo.step_free, interpreter_available=list(demo.interpreters),
                mode=demo.mode,
            )  # fmt: skip
            if _published(session, organisation.id, body):
                continue
            try:
                with session.begin_nested():
                    publish_slot(session=session, organisation_id=organisation.id, body=body)
                added += 1
            except (SlotConflictError, SlotInPastError):
                continue  # the room is taken then, or the time has passed
    return added


def ensure_admin(*, session: Session, username: str, password: str) -> AdminUser:
    """The development admin user, created or given this password; call-back staff of DEV001."""
    user = session.scalar(select(AdminUser).where(AdminUser.username == username))
    if user is None:
        user = create_user(session=session, username=username, password=password, role="admin")
    else:
        set_password(user, password)
    organisation, _ = get_or_create_organisation(
        session=session, ods_code=DEV_ODS, name=DEV_NAME, shares_consented_needs=True
    )
    set_callback_staff(session=session, admin_user_id=user.id, organisation_id=organisation.id)
    return user


def run(command: str, *, session: Session, settings: Settings) -> str:
    """Run one command; what to tell the person."""
    if settings.is_production:
        raise DevelopmentOnlyError(f"{command} is for development only (FRONTDOOR_ENV)")
    if command == "seed-demo-slots":
        added = seed_demo_slots(session=session)
        return f"{added} demo slots added for {DEV_ODS} (the next {DAYS} days)"
    username = os.environ.get(ADMIN_USER_VARIABLE, "")
    password = os.environ.get(ADMIN_PASSWORD_VARIABLE, "")
    if not username or not password:
        raise AdminUserError(f"set {ADMIN_USER_VARIABLE} and {ADMIN_PASSWORD_VARIABLE}")
    ensure_admin(session=session, username=username, password=password)
    return f"admin page user {username} ready"


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run a development command and return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m api.admin.dev_setup", description=__doc__)
    parser.add_argument("command", choices=("seed-demo-slots", "ensure-admin"))
    args = parser.parse_args(argv)
    settings = settings or Settings()
    crypto.configure(settings.data_key, settings.old_data_keys)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            message = run(args.command, session=session, settings=settings)
            session.commit()
    except DevelopmentOnlyError as error:
        print(f"error: {error}", file=sys.stderr)  # noqa: T201 - a command's output
        return 2
    except AdminUserError as error:
        print(f"error: {error}", file=sys.stderr)  # noqa: T201 - a command's output
        return 1
    finally:
        engine.dispose()
    print(message)  # noqa: T201 - a command's output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
