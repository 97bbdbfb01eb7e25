"""The worker process's parts, built once from the environment (the API's settings for the
database, keys and catalogs; TWILIO_* and OUTBOUND_* for sending)."""

from __future__ import annotations

import os
import time

from api.core import crypto
from api.core.db import make_engine, make_session_factory
from api.core.logs import configure_logging
from api.core.settings import Settings
from api.nlg.render import Renderer
from api.outbound.scaled import RedisLiveness, RedisPacer, connect
from api.outbound.settings import OutboundSettings
from api.outbound.store import tune_for_queue
from api.outbound.wording import MessageWording
from api.outbound.worker import Worker
from api.translations.languages import Languages
from api.translations.overrides import OverrideCache


def build_worker() -> Worker:
    """A worker over the API's database, rendering with its catalogs and the admins' edits."""
    configure_logging()
    settings = Settings()
    crypto.configure(settings.data_key, settings.old_data_keys)
    factory = make_session_factory(tune_for_queue(make_engine(settings.database_url)))
    renderer = Renderer.load(settings.locales_dir, Languages.load(settings.locales_dir))
    renderer.overrides = OverrideCache(factory).texts
    outbound = OutboundSettings.from_env()
    wording = MessageWording(renderer)
    if not os.environ.get("REDIS_URL"):
        return Worker(factory, outbound, wording)
    client = connect(os.environ["REDIS_URL"])  # several workers: shared pacing and liveness
    pacer = RedisPacer(client, outbound.rates)
    return Worker(
        factory, outbound, wording, time.time, pacer=pacer, liveness=RedisLiveness(client)
    )
