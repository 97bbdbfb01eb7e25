"""`python -m bot.server run …`: Rasa's own command line (the server, or `run actions` for the
action server), with third-party notices hidden and bot.rasa_speedups installed first."""

from __future__ import annotations

import os

from api.core.environment import PlaceholderSecretError, refuse_placeholders
from bot.quiet import hide_third_party_notices

# actions/server.py's development default; bot/endpoints*.yml send it to the action server.
DEV_ACTIONS_TOKEN = "dev-actions-token"  # noqa: S105 - a published development placeholder


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
        os.environ.setdefault("FRONTDOOR_ACTIONS_TOKEN", DEV_ACTIONS_TOKEN)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
