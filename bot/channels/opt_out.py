"""STOP and START in any language, on every messaging channel, before the conversation sees them.

Twilio's own English words on SMS long codes (STOP, UNSUBSCRIBE, CANCEL, … START, UNSTOP) are
answered by Twilio itself; every other word (JOOJI, توقف, 停止, and every word on WhatsApp, where
Twilio answers nothing) is ours to confirm, once, kindly, in the person's language. Either way the
opt-out is recorded for every channel of the number: Front Door then starts no message to that
person (bot/outbound.py `opted_out_anywhere`) until they send START.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from actions.language.keywords import opt_words
from actions.language.names import OfferedLanguages
from actions.language.normalise import typed_form
from bot.channels.twilio_core import START_WORDS, STOP_WORDS
from bot.internal_api.contacts import ContactApi
from bot.internal_api.errors import ApiUnavailable
from bot.redaction import redacted

logger = logging.getLogger(__name__)

MESSAGING_CHANNELS = ("sms", "whatsapp")
# Twilio's own words on long codes (it answers them itself); YES stays an answer.
TWILIO_STOP_WORDS, TWILIO_START_WORDS = STOP_WORDS, START_WORDS
CONFIRMATION = {"stop": "utter_opted_out", "start": "utter_opted_in"}
# Said when the API cannot word the confirmation (the opt-out is recorded or retried anyway).
ENGLISH_CONFIRMATION = {
    "stop": "You will get no more messages from Front Door. To get them again, send START.",
    "start": "You will get messages from Front Door again. To stop them, send STOP.",
}


@dataclass(frozen=True)
class OptWord:
    """A whole message that is STOP or START: which, the languages the word is theirs in, and
    whether it is one of the words Twilio answers itself on SMS."""

    kind: str
    languages: tuple[str, ...]
    twilio_word: bool


class OptWords:
    """Every language's STOP and START words (the catalogs, synonyms and Twilio's English)."""

    def __init__(self, words: Mapping[str, tuple[str, tuple[str, ...]]]) -> None:
        self._words = dict(words)
        for word in TWILIO_STOP_WORDS:
            self._words.setdefault(typed_form(word), ("stop", ("en",)))
        for word in TWILIO_START_WORDS:
            self._words.setdefault(typed_form(word), ("start", ("en",)))
        self._twilio = {typed_form(w) for w in TWILIO_STOP_WORDS | TWILIO_START_WORDS}

    @classmethod
    def from_env(cls) -> OptWords:
        """From the compiled catalogs in LOCALES_DIR (the repository's locales by default)."""
        default = Path(__file__).resolve().parents[2] / "locales"
        locales = Path(os.environ.get("LOCALES_DIR", default))
        offered = OfferedLanguages.from_file(locales / "languages.yml").codes
        return cls(opt_words(locales, offered))

    def heard(self, body: str | None) -> OptWord | None:
        """The STOP or START the whole message is, in any language, else None."""
        said = typed_form((body or "")[:64])
        found = self._words.get(said) if said else None
        if found is None:
            return None
        kind, languages = found
        return OptWord(kind, languages, said in self._twilio)


async def record(contacts: ContactApi, sender_id: str, kind: str) -> bool:
    """STOP or START for every messaging channel of the number; False when not recorded."""
    change = contacts.opt_out if kind == "stop" else contacts.opt_in
    try:
        for channel in MESSAGING_CHANNELS:
            await change(sender_id, channel)
    except ApiUnavailable:
        logger.exception("Opt-%s of %s not recorded.", kind, redacted(sender_id))
        return False
    return True


def confirmation_language(word: OptWord, conversation_language: str | None) -> str:
    """Their conversation's language when the word is theirs in it (or English), else the
    first language the word belongs to."""
    if conversation_language and (
        conversation_language in word.languages or word.languages == ("en",)
    ):
        return conversation_language
    return word.languages[0] if word.languages else "en"
