"""`python -m bot.server run …`: Rasa's own command line (the server, or `run actions` for the
action server), with third-party notices hidden and bot.rasa_speedups installed first."""

from __future__ import annotations

from bot.quiet import hide_third_party_notices
from frontdoor_env import PlaceholderSecretError, refuse_placeholders


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
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
