"""Texting a one-time code to the number that rang (before reading data back on a call)."""

from __future__ import annotations

import logging
from pathlib import Path

from twilio.base.exceptions import TwilioException

from actions.language.keywords import catalog
from bot.channels.twilio_core import redacted
from bot.outbound import Outbound, OutboundRefused

logger = logging.getLogger(__name__)

# The same English text as api/nlg/sms_texts.py marks for the catalogs (msgctxt "sms_code").
SMS_CODE = "Your Front Door code is %(code)s. Do not share it with anyone."


class CodeTexter:
    """Sends the code by SMS in the person's language; never raises, says whether it went."""

    def __init__(self, locales_dir: Path) -> None:
        self.locales_dir = locales_dir
        self._outbound: Outbound | None = None

    async def __call__(self, phone: str, code: str, language: str) -> bool:
        text = catalog(self.locales_dir, language).pgettext("sms_code", SMS_CODE) % {"code": code}
        try:
            if self._outbound is None:
                self._outbound = Outbound.from_env()
            await self._outbound.send_sms_async(phone, text, purpose="code")
        except (OutboundRefused, TwilioException, OSError) as error:
            logger.warning("Code not texted to %s: %s", redacted(phone), type(error).__name__)
            return False
        return True
