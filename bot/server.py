"""`python -m bot.server run …`: Rasa's own command line (the server, or `run actions` for the
action server), with third-party notices hidden and bot.rasa_speedups installed first."""

from __future__ import annotations

import os

from api.core.environment import PlaceholderSecretError, published_secrets, refuse_placeholders
from bot.quiet import hide_third_party_notices


def main() -> None:
    """Hide the notices, install the speed-ups, then hand over to Rasa's CLI with the same
    arguments."""
    try:  # Rasa (NLG, contact API) and the action server both call the API with this token.
        refuse_placeholders(required=("FRONTDOOR_SERVICE_TOKEN",))
    except PlaceholderSecretError as error:
        raise SystemExit(f"error: {error}") from None
    hide_third_party_notices()
    from bot.rasa_speedups import install

    install()
    if os.environ.get("FRONTDOOR_ENV") == "development":
        # A development .env from before the token existed still starts; production must set it.
        # (the placeholder .env.example publishes, as actions/server.py defaults to; sent by
        # bot/endpoints*.yml to the action server)
        os.environ.setdefault(
            "FRONTDOOR_ACTIONS_TOKEN", published_secrets()["FRONTDOOR_ACTIONS_TOKEN"]
        )
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
