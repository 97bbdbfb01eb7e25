"""The text to the person someone says they act for, in the person's language."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from twilio.base.exceptions import TwilioException

from actions.language.keywords import catalog
from bot.channels.twilio_core import redacted
from bot.outbound import Outbound, OutboundRefused

logger = logging.getLogger(__name__)

# The same English texts as api/nlg/representative_responses.py marks for the catalogs.
ASK = (
    "Front Door: someone using the number %(number)s (%(relationship)s) is contacting us for "
    "you. Reply YES if they may act for you, and for us to record your language and support "
    "needs and share them with the NHS services that care for you. Reply NO if not."
)
TOLD = (
    "Front Door: someone using the number %(number)s (%(relationship)s) has told us they act "
    "for you: %(authority)s. If this is wrong, or to end it, reply %(remove)s."
)
RELATIONSHIPS = {
    "family": "Family member", "carer": "Carer", "friend": "Friend",
    "support_worker": "Support worker", "parent": "Parent", "legal": "Legal authority",
}  # fmt: skip
AUTHORITIES = {
    "consent": "Their consent",
    "lpa_health_welfare": "Lasting power of attorney for health and welfare",
    "court_deputy": "Court-appointed deputy",
    "parent_under_16": "Parent of a child under 16",
    "best_interests": "Best-interests decision",
}
REMOVE_HELPER = "REMOVE HELPER"
KEYWORD_MENTION, MENTION = "keyword_mention", "%(keyword)s (or %(english)s)"
RELATION_MENU = "utter_ask_representative_relationship"
AUTHORITY_MENU = "utter_ask_representative_authority"


def _mention(translations: Any, english: str) -> str:
    """The keyword as sentences name it (api/nlg/keyword_wording.py): set apart, with the
    English word, which works too."""
    word = translations.pgettext("keyword", english)
    if word == english:
        return word
    return translations.pgettext(KEYWORD_MENTION, MENTION) % {"keyword": word, "english": english}


def person_text(
    locales_dir: Path, representative: str, details: dict[str, Any], status: str
) -> str:
    """Asking the person (the authority is their consent) or telling them (any other)."""
    language = str(details.get("language") or "en")
    translations = catalog(locales_dir, language)

    relationship = RELATIONSHIPS.get(str(details.get("relationship")), "Family member")
    authority = AUTHORITIES.get(str(details.get("authority")), "Their consent")
    values = {
        "number": representative,
        "relationship": translations.pgettext(RELATION_MENU, relationship),
        "authority": translations.pgettext(AUTHORITY_MENU, authority),
        "remove": _mention(translations, REMOVE_HELPER),
    }
    english = ASK if status == "pending" else TOLD
    return translations.pgettext("sms_representative", english) % values


class PersonTexter:
    """Sends that text through bot/outbound.py; never raises, says whether it went."""

    def __init__(self, locales_dir: Path) -> None:
        self.locales_dir = locales_dir
        self._outbound: Outbound | None = None

    async def __call__(self, representative: str, details: dict[str, Any], status: str) -> bool:
        phone = str(details.get("phone"))
        text = person_text(self.locales_dir, representative, details, status)
        try:
            if self._outbound is None:
                self._outbound = Outbound.from_env()
            await self._outbound.send_sms_async(phone, text)
        except (OutboundRefused, TwilioException, OSError) as error:
            logger.warning("Person not texted at %s: %s", redacted(phone), type(error).__name__)
            return False
        return True
