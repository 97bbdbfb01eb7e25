"""The application factory: `uvicorn --factory api.app:create_app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import Depends, FastAPI

from api.admin import audit_endpoints as admin_audit
from api.admin import endpoints as admin
from api.admin.ui import routes as admin_ui
from api.admin.ui import routes_auth as admin_ui_auth
from api.admin.ui.login_throttle import LoginThrottle
from api.admin.ui.web import BASE as ADMIN_UI
from api.assessment import endpoints as flows
from api.auth import endpoints as oauth
from api.bookings import endpoints as bookings
from api.bookings import internal_endpoints as internal_bookings
from api.bookings import slot_endpoints as slots
from api.callbacks import endpoints as callbacks
from api.callbacks import internal_endpoints as internal_callbacks
from api.callbacks import page as callbacks_page
from api.changes import endpoints as changes
from api.changes import subscription_endpoints as subscriptions
from api.changes.service import install_change_tracking
from api.changes.webhook_worker import start_webhook_worker
from api.core import crypto
from api.core import health_endpoints as health
from api.core.db import make_engine, make_session_factory
from api.core.deps import require_admin, require_service
from api.core.input_guard import MAX_BODY_BYTES, RejectControlCharacters
from api.core.logs import configure_logging
from api.core.problems import install_problem_handlers
from api.core.ratelimit import RateLimiter
from api.core.settings import Settings
from api.feedback import internal_endpoints as internal_feedback
from api.messaging import call_preferences
from api.messaging import endpoints as messaging
from api.messaging import verification_endpoints as verification
from api.metrics import dashboard_endpoints as dashboard
from api.metrics import endpoints as metrics
from api.metrics import internal_endpoints as internal_measures
from api.metrics import page as measures_page
from api.nlg import endpoints as nlg
from api.nlg.render import Renderer
from api.outbound import call_endpoints as outbound_calls
from api.outbound import internal_endpoints as outbound
from api.people import assessment_endpoints as internal
from api.people import consent_endpoints as internal_consent
from api.people import endpoints as people
from api.people import fhir_endpoints as fhir
from api.people import history_endpoints as history
from api.people import internal_endpoints as internal_people
from api.people import provider_needs_endpoints as provider_needs
from api.people import provider_needs_internal_endpoints as internal_provider_needs
from api.people import representative_endpoints as internal_representatives
from api.people import who_sees_endpoints as who_sees
from api.recordings import admin_pages as recording_pages
from api.recordings import audio_endpoints as recording_audio
from api.recordings.cache import RecordingCache
from api.recordings.urls import url_key
from api.retention import endpoints as retention
from api.translations import endpoints as translations
from api.translations.languages import Languages
from api.translations.overrides import OverrideCache
from api.waiting import endpoints as waiting
from api.waiting import internal_endpoints as internal_waiting

log = structlog.get_logger(__name__)
SERVICE_ONLY = [Depends(require_service)]  # the action server, Rasa and the scheduler
ADMIN_ONLY = [Depends(require_admin)]  # the admin API


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: settings, database, languages and catalogs, routes and error handlers."""
    configure_logging()
    settings = settings or Settings()
    crypto.configure(settings.data_key, settings.old_data_keys)  # personal data at rest
    if settings.uses_dev_token:
        log.warning("dev_service_token", detail="FRONTDOOR_SERVICE_TOKEN is the dev placeholder")
    engine = make_engine(settings.database_url)
    languages = Languages.load(settings.locales_dir)
    renderer = Renderer.load(settings.locales_dir, languages)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Run the webhook worker while serving; release database connections on shutdown."""
        worker = start_webhook_worker(app.state.session_factory, settings)
        yield
        if worker is not None:
            worker.stop()
        engine.dispose()

    app = FastAPI(
        title="Front Door API",
        version="0.1.0",
        summary="Records, provider access and response wording for Front Door",
        license_info={"name": "Apache-2.0", "identifier": "Apache-2.0"},
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,  # 413 by Content-Length or as the bytes stream in
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    install_change_tracking(app.state.session_factory)
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.login_throttle = LoginThrottle()  # admin sign-in, checked before Argon2
    app.state.languages = languages
    app.state.renderer = renderer
    renderer.overrides = OverrideCache(app.state.session_factory).texts  # admin edits, live
    renderer.recordings = RecordingCache(  # recorded voice prompts, live
        app.state.session_factory, url_key(settings.data_key)
    ).recordings
    install_problem_handlers(app)
    app.add_middleware(RejectControlCharacters)  # NUL in a parameter: 400, not a driver error
    include_routes(app)
    return app


def include_routes(app: FastAPI) -> None:
    """Every route, by audience; each group's authentication is added once, here.

    Provider routes name their scope per route (the principal is what they read), the admin
    pages have their own sign-in and session, /nlg takes Rasa's token as a query parameter.
    """
    # outbound_calls: the fallback calls' keys, Twilio-signed
    for router in (health.router, nlg.router, recording_audio.router, outbound_calls.router):
        app.include_router(router)
    for router in (
        flows.internal,
        internal.router,
        internal_people.router,
        internal_representatives.router,
        internal_consent.router,
        who_sees.router,
        internal_provider_needs.router,
        internal_bookings.router,
        internal_callbacks.router,
        internal_feedback.router,
        internal_measures.router,
        internal_waiting.router,
        messaging.router,
        call_preferences.router,
        verification.router,
        outbound.router,
        nlg.internal,
        retention.router,
        translations.router,
    ):
        app.include_router(router, dependencies=SERVICE_ONLY)
    for router in (flows.admin, admin.router, admin_audit.router):
        app.include_router(router, dependencies=ADMIN_ONLY)
    app.include_router(admin_ui_auth.router, prefix=ADMIN_UI)  # sign-in first
    app.include_router(callbacks_page.router, prefix=ADMIN_UI)
    app.include_router(measures_page.router, prefix=ADMIN_UI)  # admins and analysts
    app.include_router(dashboard.router)  # /dashboard: to the signed-in page
    app.include_router(admin_ui.router)
    app.include_router(recording_pages.router)
    for router in (
        people.router,
        history.router,
        provider_needs.router,
        fhir.router,
        changes.router,
        subscriptions.router,
        slots.router,
        bookings.router,
        callbacks.router,
        waiting.router,
        metrics.router,
        oauth.router,
    ):
        app.include_router(router)
