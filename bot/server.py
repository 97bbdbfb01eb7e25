"""`python -m bot.server run …`: Rasa's own command line, with bot.rasa_speedups installed first."""

from __future__ import annotations

from bot.rasa_speedups import install


def main() -> None:
    """Install the speed-ups, then hand over to Rasa's CLI with the same arguments."""
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
