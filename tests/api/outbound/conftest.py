"""An outbound worker in this process, over the test database, sending to the fake Twilio."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.core.db import make_engine, make_session_factory
from api.core.settings import Settings
from api.nlg.render import Renderer
from api.outbound.settings import OutboundSettings
from api.outbound.wording import MessageWording
from api.outbound.worker import Worker
from api.translations.languages import Languages
from tests.support.fake_twilio import FakeTwilio


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def worker(settings: Settings, database: str, twilio: FakeTwilio) -> Iterator[Worker]:
    engine = make_engine(database)
    outbound = OutboundSettings(
        account_sid=twilio.account_sid, auth_token=twilio.auth_token, sms_from="+447700900000",
        whatsapp_from="whatsapp:+447700900000", voice_from="+447700900000",
        api_base_url=twilio.base_url, content_base_url=twilio.base_url,
        status_callback="https://frontdoor.test/webhooks/twilio_sms/status",
        rates={"sms": 500.0, "alphanumeric": 500.0, "whatsapp": 500.0, "voice": 500.0},
    )  # fmt: skip
    languages = Languages.load(settings.locales_dir)
    wording = MessageWording(Renderer.load(settings.locales_dir, languages))
    yield Worker(make_session_factory(engine), outbound, wording)
    engine.dispose()
