"""The call-back queue page: staff see, claim and close their organisation's call-backs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.callbacks.service import set_callback_staff
from api.core.db import utcnow
from api.models.admin import AdminUser
from api.models.callbacks import CLAIMED, DONE, CallbackRequest
from api.models.tables import AuditEvent, Consent, Need, Organisation, Person
from api.people.consent import CONSENT_VERSION
from tests.api.admin_ui_support import add_user, csrf_of, sign_in
from tests.api.conftest import PHONE, SERVICE_TOKEN

SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
LATE_PHONE = "+447700900777"
PAGE = "/admin/ui/callbacks"


def _staff(session: Session, username: str, ods: str | None) -> None:
    add_user(session, username, "translator")
    if ods is not None:
        user = session.scalars(select(AdminUser).where(AdminUser.username == username)).one()
        organisation = session.scalars(select(Organisation).where(Organisation.ods_code == ods))
        set_callback_staff(session=session, admin_user_id=user.id,
                           organisation_id=organisation.one().id)  # fmt: skip
        session.commit()


def _somali_speaker_who_likes_mornings(session: Session) -> None:
    person = Person(phone_e164=PHONE, language="so")
    session.add(person)
    session.flush()
    session.add_all(
        [
            Consent(person_id=person.id, version=CONSENT_VERSION, language="so", channel="sms",
                    granted=True),
            Need(person_id=person.id, kind="contact_times", code_system="fd",
                 code="contact-time-morning", display="Prefers contact in the morning",
                 source_channel="sms"),
        ]
    )  # fmt: skip
    session.commit()


def _arrange(client: TestClient, session: Session, create_provider: Callable[..., str]) -> int:
    """Two front-door teams, a user without a team, and two call-backs (one overdue)."""
    create_provider("A81001")
    create_provider("A81002")
    _staff(session, "alice", "A81001")
    _staff(session, "bob", "A81002")
    _staff(session, "carol", None)
    _somali_speaker_who_likes_mornings(session)
    ask = {"phone": PHONE, "language": "so", "interpreter_language": "so", "channel": "sms",
           "reason": "interpreter"}  # fmt: skip
    queued = client.post("/internal/callbacks", json=ask, headers=SERVICE).json()
    late = {**ask, "phone": LATE_PHONE, "interpreter_language": None, "channel": "voice",
            "reason": "asked", "language": "pl"}  # fmt: skip
    client.post("/internal/callbacks", json=late, headers=SERVICE)
    overdue = session.scalars(
        select(CallbackRequest).where(CallbackRequest.phone_e164 == LATE_PHONE)
    ).one()
    overdue.due_at = utcnow() - timedelta(hours=2)
    session.commit()
    return int(queued["id"])


def _post(client: TestClient, path: str, **form: str):
    return client.post(path, data={"csrf_token": csrf_of(client, PAGE), **form},
                       follow_redirects=False)  # fmt: skip


def test_staff_see_claim_and_close_and_another_team_is_refused(
    client: TestClient, session: Session, create_provider: Callable[..., str]
) -> None:
    callback_id = _arrange(client, session, create_provider)

    sign_in(client, "alice")
    queue = client.get(PAGE)
    assert queue.status_code == 200
    text = queue.text
    assert text.index(LATE_PHONE) < text.index(PHONE)  # the overdue one first
    assert 'class="overdue"' in text and "Overdue" in text
    row = text[text.index(f'id="callback-{callback_id}"') :]
    row = row[: row.index("</tr>")]
    for shown in (PHONE, "Somali", "Prefers contact in the morning", "Text message",
                  "Asked for an interpreter", "min"):  # fmt: skip
        assert shown in row, shown
    assert 'class="overdue"' not in row

    assert _post(client, f"{PAGE}/{callback_id}/claim").status_code == 303
    assert "Claimed by you" in client.get(PAGE).text

    sign_in(client, "bob")
    assert PHONE not in client.get(PAGE).text  # someone else's claimed call-back is not shown
    stolen = _post(client, f"{PAGE}/{callback_id}/claim")
    assert stolen.status_code == 409
    assert "Another organisation has already claimed this call-back." in stolen.text
    closed_by_other = _post(client, f"{PAGE}/{callback_id}/close", outcome="Rang")
    assert closed_by_other.status_code == 409
    assert "only they can close it" in closed_by_other.text
    session.expire_all()
    request = session.get(CallbackRequest, callback_id)
    alice_org = session.scalars(select(Organisation).where(Organisation.ods_code == "A81001")).one()
    assert (request.status, request.claimed_by) == (CLAIMED, alice_org.id)

    sign_in(client, "alice")
    blank = _post(client, f"{PAGE}/{callback_id}/close", outcome="   ")
    assert blank.status_code == 422 and "Write a few words" in blank.text
    done = _post(client, f"{PAGE}/{callback_id}/close", outcome="Rang with a Somali interpreter")
    assert done.status_code == 303
    session.expire_all()
    request = session.get(CallbackRequest, callback_id)
    assert (request.status, request.outcome) == (DONE, "Rang with a Somali interpreter")
    assert PHONE not in client.get(PAGE).text

    audit = session.execute(
        select(AuditEvent.action, AuditEvent.outcome, Organisation.ods_code)
        .join(Organisation, Organisation.id == AuditEvent.organisation_id)
        .where(AuditEvent.action.in_(["callbacks.claim", "callbacks.close"]))
        .order_by(AuditEvent.id)
    ).all()
    assert [tuple(a) for a in audit] == [
        ("callbacks.claim", "ok", "A81001"),
        ("callbacks.claim", "refused", "A81002"),
        ("callbacks.close", "refused", "A81002"),
        ("callbacks.close", "ok", "A81001"),
    ]
    listed = session.scalars(select(AuditEvent).where(AuditEvent.action == "callbacks.list"))
    assert len(listed.all()) >= 4


def test_users_without_a_team_and_forms_without_the_token_are_refused(
    client: TestClient, session: Session, create_provider: Callable[..., str]
) -> None:
    callback_id = _arrange(client, session, create_provider)
    assert client.get(PAGE, follow_redirects=False).status_code == 303  # to sign in

    sign_in(client, "carol")
    refused = client.get(PAGE)
    assert refused.status_code == 403
    assert "not on a call-back team" in refused.text and PHONE not in refused.text
    assert _post(client, f"{PAGE}/{callback_id}/claim").status_code == 403

    sign_in(client, "alice")
    forged = client.post(f"{PAGE}/{callback_id}/claim", data={}, follow_redirects=False)
    assert forged.status_code == 403
    session.expire_all()
    assert session.get(CallbackRequest, callback_id).status == "open"


def test_a_team_whose_organisation_does_not_run_the_front_door_has_no_queue(
    client: TestClient, session: Session, create_provider: Callable[..., str]
) -> None:
    create_provider("B82001", shares=False)
    _staff(session, "dave", "B82001")
    client.post("/internal/callbacks", headers=SERVICE,
                json={"phone": PHONE, "language": "so", "channel": "sms"})  # fmt: skip
    sign_in(client, "dave")
    page = client.get(PAGE)
    assert page.status_code == 403 and PHONE not in page.text


def test_the_page_is_labelled_for_keyboard_and_screen_reader_users(
    client: TestClient, session: Session, create_provider: Callable[..., str]
) -> None:
    callback_id = _arrange(client, session, create_provider)
    sign_in(client, "alice")
    _post(client, f"{PAGE}/{callback_id}/claim")
    text = client.get(PAGE).text
    assert '<a class="skip" href="#content">' in text and "<caption>" in text
    assert f'<label for="outcome-{callback_id}">' in text
    assert f'id="outcome-{callback_id}"' in text
    assert text.count('scope="col"') == 9 and 'scope="row"' in text
    assert 'href="/admin/ui/callbacks">Call-backs</a>' in text  # reachable from every page
