"""`python -m bot.server run …`: Rasa's own command line, with bot.rasa_speedups installed first."""

from __future__ import annotations

import os

from bot.rasa_speedups import install

# actions/server.py's development default; bot/endpoints*.yml send it to the action server.
DEV_ACTIONS_TOKEN = "dev-actions-token"  # noqa: S105 - a published development placeholder


def main() -> None:
    """Install the speed-ups, then hand over to Rasa's CLI with the same arguments."""
    install()
    if os.environ.get("FRONTDOOR_ENV", "development") != "production":
        # A development .env from before the token existed still starts; production must set it.
        os.environ.setdefault("FRONTDOOR_ACTIONS_TOKEN", DEV_ACTIONS_TOKEN)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
