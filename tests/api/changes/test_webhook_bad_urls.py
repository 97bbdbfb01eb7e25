"""A webhook URL with a control character is refused when subscribing, and one already stored
(from before that check) is dead-lettered without stopping the delivery thread."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.webhook_delivery import fan_out
from api.changes.webhook_worker import WebhookWorker
from api.core.db import make_engine, make_session_factory
from api.models.tables import Organisation, WebhookDelivery, WebhookSubscription
from tests.api.changes.test_webhooks import Receiver, receiver_factory  # noqa: F401 (fixture)
from tests.api.conftest import bearer

# NUL never gets this far: the input guard refuses any body holding one (400).
CONTROL_URLS = [
    "http://127.0.0.1:9/ho\x7fok",
    "http://127.0.0.1:9/ho\x1bok",
    "http://127.0.0.1:9/ho\nok",
    "http://127.0.0.1:9/ho\tok",
    "http://127.0.0.1:9/ho ok",
    "http://127.0.0.1:9/ho\u0085ok",
]


@pytest.mark.parametrize("url", CONTROL_URLS)
def test_subscription_urls_with_control_characters_are_422(
    live_api: str, create_provider: Callable[..., str], session: Session, url: str
) -> None:
    response = httpx.post(
        f"{live_api}/v1/subscriptions", json={"url": url}, headers=bearer(create_provider())
    )

    assert response.status_code == 422, response.text
    assert "control" in response.json()["detail"]
    assert session.scalars(select(WebhookSubscription)).all() == []


def test_a_stored_bad_url_is_dead_lettered_and_the_worker_keeps_delivering(
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    database: str,
    receiver_factory: Callable[[int], tuple[Receiver, str]],  # noqa: F811
) -> None:
    receiver, good_url = receiver_factory(0)
    create_provider()
    organisation = session.scalars(select(Organisation)).one()
    # Stored before URLs were checked for control characters: httpx refuses to parse it.
    bad = WebhookSubscription(
        organisation_id=organisation.id, url="http://127.0.0.1:9/h\x00", secret="s1"
    )
    good = WebhookSubscription(organisation_id=organisation.id, url=good_url, secret="s2")
    session.add_all([bad, good])
    session.commit()
    make_person()
    fan_out(session)
    engine = make_engine(database)
    worker = WebhookWorker(make_session_factory(engine), development=True, interval=0.05)

    worker.start()
    try:
        deadline = time.monotonic() + 15
        while len(receiver.requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.alive
    finally:
        worker.stop()
        engine.dispose()

    assert len(receiver.requests) == 2
    session.expire_all()
    rows = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    by_subscription = {(d.subscription_id, d.status, d.last_error) for d in rows}
    assert by_subscription == {
        (bad.id, "dead", "the URL must not hold spaces or control characters"),
        (good.id, "delivered", None),
    }
