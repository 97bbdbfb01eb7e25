"""`python -m bot.dev_outbox`: the outbox in development; in production, an idle process.

It idles rather than exits outside development because honcho (scripts/run, Procfile) stops every
process when one ends.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

from bot.dev_outbox import settings
from bot.dev_outbox.server import OutboxServer

logger = logging.getLogger("bot.dev_outbox")


def main() -> int:
    """Serve the outbox on loopback when it is in use; otherwise wait quietly until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    env = os.environ
    try:
        if not settings.in_use(env):
            logger.info("Not in use: messages we start go to Twilio's REST API.")
            threading.Event().wait()
            return 0
        server = OutboxServer(
            env.get("TWILIO_ACCOUNT_SID", ""), env.get("TWILIO_AUTH_TOKEN", ""),
            port=settings.port(env),
        )  # fmt: skip
        logger.info("Messages Front Door starts are kept here, not sent: %s", server.base_url)
        server.serve_forever()
    except KeyboardInterrupt:
        return 0
    except ValueError as error:
        logger.error("%s", error)
        return 2
    except OSError as error:
        logger.error("Cannot listen on DEV_OUTBOX_PORT (%s); set another port in .env.", error)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
