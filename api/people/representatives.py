"""Someone acting for a person: who they are to them, their authority, and what it lets them do.

A representative is registered from their own conversation ("I'm contacting for someone else").
Authority by the person's consent waits for the person's own YES, texted to their number; the
other authorities stand on the representative's word and the person is told by text. The person
can end any of them (a keyword from their own number). Each authority maps to the national
Reasonable Adjustment Flag's proxy roles (RA FlagProxyRole 001-004) where it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import as_utc, utcnow
from api.models.representatives import Representative
from api.people.fhir_codes import PROXY_ROLE
from api.people.schemas import Coding, RepresentativeOut

RELATIONSHIPS = ("family", "carer", "friend", "support_worker", "parent", "legal")
CONSENT, LPA, DEPUTY, PARENT, BEST_INTERESTS = (
    "consent", "lpa_health_welfare", "court_deputy", "parent_under_16", "best_interests",
)  # fmt: skip
AUTHORITIES = (CONSENT, LPA, DEPUTY, PARENT, BEST_INTERESTS)
PENDING, ACTIVE, DECLINED, ENDED = "pending", "active", "declined", "ended"
CHILD_UNTIL = 16

# RA FlagProxyRole (code, display) of each authority (/work/shared/reference, §2.3).
PROXY_ROLES: dict[str, tuple[str, str]] = {
    CONSENT: ("001", "Patient consent"),
    BEST_INTERESTS: (
        "002",
        "Best interest decision made on behalf of the patient (Mental Capacity Act 2005)",
    ),
    LPA: (
        "003",
        "Lasting power of attorney for health and welfare, or court-appointed deputy, "
        "or equivalent",
    ),
    DEPUTY: (
        "003",
        "Lasting power of attorney for health and welfare, or court-appointed deputy, "
        "or equivalent",
    ),
    PARENT: ("004", "Other legitimate patient representative - parental responsibility"),
}
AUTHORITY_NAMES = {
    CONSENT: "The person's consent",
    LPA: "Lasting power of attorney for health and welfare",
    DEPUTY: "Court-appointed deputy",
    PARENT: "Parent of a child under 16",
    BEST_INTERESTS: "Best-interests decision",
}

# Why a representative may not act (the reason the bot is told).
NOT_CONFIRMED, REFUSED, HAS_ENDED, CHILD_IS_16 = "not_confirmed", "declined", "ended", "child_16"
NOT_A_POWER = "best_interests"  # a best-interests decision is the care team's, not a power


@dataclass(frozen=True)
class Decision:
    """Whether the representative may act for the person now, and if not, why."""

    allowed: bool
    reason: str | None = None


def may_act(representative: Representative, now: datetime) -> Decision:
    """Whether this representative may read or record for the person now.

    The person's consent counts only once they confirmed it; a parent only while the child is
    under 16; a best-interests decision is made by the care team, so it lets providers see who
    was consulted but gives the representative nothing to do here.
    """
    if representative.status == ENDED:
        return Decision(False, HAS_ENDED)
    if representative.status == DECLINED:
        return Decision(False, REFUSED)
    if representative.status == PENDING:
        return Decision(False, NOT_CONFIRMED)
    if representative.authority == BEST_INTERESTS:
        return Decision(False, NOT_A_POWER)
    expires = representative.expires_at
    if representative.authority == PARENT and (expires is None or as_utc(expires) <= now):
        return Decision(False, CHILD_IS_16)
    return Decision(True)


def child_turns_16(age: int, now: datetime) -> datetime:
    """The latest a child of this age can turn 16 (a parent's authority ends then)."""
    return now + timedelta(days=round(365.25 * (CHILD_UNTIL - age)))


def register(
    *,
    session: Session,
    person_id: str,
    phone: str,
    relationship: str,
    authority: str,
    channel: str,
    child_age: int | None,
) -> Representative:
    """A new representative; any earlier one from the same number for this person is ended."""
    now = utcnow()
    for earlier in representatives_of(session=session, person_id=person_id):
        if earlier.phone_e164 == phone and earlier.status in (PENDING, ACTIVE):
            earlier.status, earlier.ended_at = ENDED, now
    representative = Representative(
        person_id=person_id,
        phone_e164=phone,
        relationship=relationship,
        authority=authority,
        status=PENDING if authority == CONSENT else ACTIVE,
        channel=channel,
        created_at=now,
        expires_at=child_turns_16(child_age, now) if child_age is not None else None,
    )
    session.add(representative)
    session.flush()
    return representative


def representatives_of(*, session: Session, person_id: str) -> list[Representative]:
    """Everyone who acts, or asked to act, for the person, oldest first."""
    query = select(Representative).where(Representative.person_id == person_id)
    return list(session.scalars(query.order_by(Representative.id)))


def standing(*, session: Session, person_id: str) -> list[Representative]:
    """The representatives a provider is shown: waiting for the person, or acting."""
    return [
        r
        for r in representatives_of(session=session, person_id=person_id)
        if r.status in (PENDING, ACTIVE)
    ]


def latest_by_phone(*, session: Session, phone: str) -> Representative | None:
    """The newest registration made from this number (what the representative acts under)."""
    query = select(Representative).where(Representative.phone_e164 == phone)
    return session.scalar(query.order_by(Representative.id.desc()).limit(1))


def pending_for(*, session: Session, person_id: str) -> Representative | None:
    """The newest representative waiting for this person's YES or NO."""
    waiting = [
        r for r in representatives_of(session=session, person_id=person_id) if r.status == PENDING
    ]
    return waiting[-1] if waiting else None


def answer(representative: Representative, *, confirmed: bool) -> None:
    """The person's YES (active) or NO (declined)."""
    now = utcnow()
    if confirmed:
        representative.status, representative.confirmed_at = ACTIVE, now
    else:
        representative.status, representative.ended_at = DECLINED, now


def end_all(*, session: Session, person_id: str) -> list[Representative]:
    """The person ends everyone acting (or waiting to act) for them; those ended."""
    ended = standing(session=session, person_id=person_id)
    now = utcnow()
    for representative in ended:
        representative.status, representative.ended_at = ENDED, now
    return ended


def provider_view(representative: Representative) -> RepresentativeOut:
    """What a provider that may see the person sees of someone acting for them."""
    code, display = PROXY_ROLES[representative.authority]
    return RepresentativeOut(
        relationship=representative.relationship,
        authority=representative.authority,
        proxy_role=Coding(system=PROXY_ROLE, code=code, display=display),
        status=representative.status,  # type: ignore[arg-type]
        phone=representative.phone_e164,
        since=as_utc(representative.created_at),
        confirmed_at=as_utc(representative.confirmed_at) if representative.confirmed_at else None,
    )
