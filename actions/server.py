"""`python -m actions.server`: rasa-sdk's action server, for Rasa only.

rasa-sdk listens on every address and runs any action for anyone who POSTs a tracker; ours holds
the service token, so a made-up tracker would read or erase anyone's record. This entry point
binds loopback unless told otherwise (Kubernetes: the pod's IP) and refuses every request but the
health probe unless it carries Rasa's bearer token (bot/endpoints.yml `action_endpoint.headers`).
"""

from __future__ import annotations

import hmac
import logging
import os
from dataclasses import dataclass

from api.core.environment import (
    PlaceholderSecretError,
    is_development,
    published_secrets,
    refuse_placeholders,
)
from bot.quiet import hide_third_party_notices

hide_third_party_notices()  # before rasa-sdk and Sanic are imported: they warn on import

from rasa_sdk import utils  # noqa: E402
from rasa_sdk.endpoint import create_app  # noqa: E402
from sanic import Sanic, response  # noqa: E402
from sanic.request import Request  # noqa: E402
from sanic.response import HTTPResponse  # noqa: E402

logger = logging.getLogger(__name__)
# The development placeholder: the value .env.example publishes (production refuses it).
DEV_ACTIONS_TOKEN = published_secrets()["FRONTDOOR_ACTIONS_TOKEN"]
OPEN_PATHS = frozenset({"/health"})  # liveness and readiness probes; they reveal nothing


@dataclass(frozen=True)
class ServerSettings:
    """Where the action server listens and the token Rasa presents."""

    host: str
    port: int
    token: str
    production: bool

    @classmethod
    def from_env(cls) -> ServerSettings:
        """ACTIONS_HOST (127.0.0.1), ACTIONS_PORT (5055), FRONTDOOR_ACTIONS_TOKEN, FRONTDOOR_ENV."""
        settings = cls(
            host=os.environ.get("ACTIONS_HOST", "127.0.0.1"),
            port=int(os.environ.get("ACTIONS_PORT", "5055")),
            token=os.environ.get("FRONTDOOR_ACTIONS_TOKEN")
            or (DEV_ACTIONS_TOKEN if is_development() else ""),
            production=not is_development(),
        )
        settings.refuse_weak_token()
        return settings

    def refuse_weak_token(self) -> None:
        """Production refuses the placeholder, as the API refuses its own; nobody runs without."""
        if not self.token:
            raise ValueError("FRONTDOOR_ACTIONS_TOKEN is not set (only development has a default)")
        if len(self.token) < 8:
            raise ValueError("FRONTDOOR_ACTIONS_TOKEN must be at least 8 characters")
        if self.production and self.token == DEV_ACTIONS_TOKEN:
            raise ValueError(
                "FRONTDOOR_ACTIONS_TOKEN is the development placeholder; set a secret token "
                "(only FRONTDOOR_ENV=development allows it)"
            )


def presents_token(request: Request, token: str) -> bool:
    """Whether the request carries `Authorization: Bearer <token>` (constant-time compare)."""
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def require_token(app: Sanic, token: str) -> None:
    """Answer 401 before any route (and so any action) runs, unless Rasa's token is presented."""

    @app.middleware("request")
    async def _authenticate(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or presents_token(request, token):
            return None
        # Not the path: a prober chooses it, and it may hold a phone number.
        logger.warning("Refused an unauthenticated %s request", request.method)
        return response.json(
            {"error": "Rasa's action server token is required"},
            status=401,
            headers={"WWW-Authenticate": "Bearer"},
        )


def build_app(token: str) -> Sanic:
    """rasa-sdk's app with our actions, no cross-origin access, and the token check."""
    app = create_app("actions", cors_origins=None)
    require_token(app, token)
    return app


def main() -> None:
    """Read the settings, refuse a weak token, serve on the chosen address."""
    try:  # the API token the actions call with, and Rasa's token for us: never the published ones
        refuse_placeholders(required=("FRONTDOOR_SERVICE_TOKEN", "FRONTDOOR_ACTIONS_TOKEN"))
    except PlaceholderSecretError as error:
        raise SystemExit(f"error: {error}") from None
    settings = ServerSettings.from_env()
    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    app = build_app(settings.token)
    logger.info("Action server listening on %s:%s", settings.host, settings.port)
    app.run(settings.host, settings.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
