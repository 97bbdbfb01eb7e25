"""Slower speech on a call: the word that asks for it, and remembering it for the person.

A caller asks with the slower key (voice_twiml.SLOWER_KEY) or by saying "slower" in their
language (the catalogs' msgctxt "voice" text "slower", so translators own the word) or in
English. It is stored through the API with the number's call preferences, so their next call is
slower from its first word.
"""

from __future__ import annotations

import gettext
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.channels import twilio_core as core
from bot.channels.voice_menu import folded
from bot.internal_api.call_preferences import ApiCallPreferences
from bot.internal_api.errors import ApiUnavailable

logger = logging.getLogger(__name__)

SLOWER_CONTEXT, SLOWER_WORD = "voice", "slower"  # api/nlg/voice_wording.py marks it
DOMAIN = "frontdoor"


@dataclass
class CallPace:
    """Reads the slower word per language and the person's stored choice."""

    locales_dir: Path
    api: ApiCallPreferences | None
    _words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_env(cls, locales_dir: Path) -> CallPace:
        return cls(locales_dir, ApiCallPreferences.from_env())

    def words(self, language: object) -> tuple[str, ...]:
        """The words for "slower" a caller of this language may say (theirs, then English)."""
        code = language if isinstance(language, str) else "en"
        if code not in self._words:
            try:
                catalog = gettext.translation(DOMAIN, self.locales_dir, [code])
                own = catalog.pgettext(SLOWER_CONTEXT, SLOWER_WORD)
            except OSError:
                own = SLOWER_WORD
            self._words[code] = tuple(dict.fromkeys([own, SLOWER_WORD]))
        return self._words[code]

    def asks_slower(self, said: str, language: object) -> bool:
        """Whether the whole answer is the word "slower" (a longer answer is an answer)."""
        heard = folded(said)
        return bool(heard) and any(heard == folded(word) for word in self.words(language))

    async def remembered(self, sender_id: str) -> bool:
        """Whether this person asked for slower speech before (False if the API is down)."""
        if self.api is None:
            return False
        try:
            return await self.api.slower_speech(sender_id)
        except ApiUnavailable:
            logger.warning("Call preferences unavailable for %s.", core.redacted(sender_id))
            return False

    async def remember(self, sender_id: str) -> None:
        """Store the choice for their next calls; the call is slower either way."""
        if self.api is None:
            return
        try:
            await self.api.keep_slower_speech(sender_id)
        except ApiUnavailable:
            logger.warning("Slower speech not stored for %s.", core.redacted(sender_id))
