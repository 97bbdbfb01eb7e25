"""What a response definition needs to render: language, translations, arguments."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from api.assessment.model import Flow
from api.core.codes import INTERPRETER_LANGUAGES
from api.nlg.messages import Msg
from api.nlg.voice_wording import ON_A_CALL, VOICE_CHANNEL
from api.translations.languages import Language, Languages


@dataclass(frozen=True)
class RenderContext:
    """One rendering: the conversation language, its catalogs, and the bot's arguments."""

    language: Language
    languages: Languages
    translations: Mapping[str, gettext.NullTranslations]
    arguments: Mapping[str, Any]
    slots: Mapping[str, Any]
    flow: Flow | None = None
    # Published admin edits, (language, context, msgid) → text; they win over the catalogs.
    overrides: Mapping[tuple[str, str, str], str] = field(default_factory=dict)
    channel: str | None = None  # Rasa's output channel name, e.g. "twilio_voice"

    def t(self, msg: Msg, *, in_language: str | None = None, **params: object) -> str:
        """Translate a message into the conversation (or given) language and fill placeholders;
        on a call, in the words a caller should hear (api/nlg/voice_wording.py)."""
        if self.channel == VOICE_CHANNEL:
            msg = ON_A_CALL.get(msg, msg)
        code = in_language or self.language.code
        text = self.overrides.get((code, msg.context, msg.msgid))
        if text is None:
            catalog = self.translations.get(code)
            text = catalog.pgettext(msg.context, msg.msgid) if catalog else msg.msgid
        return text % params if params else text

    def speaks(self, code: str) -> bool:
        """Whether a call can say words in this language (Twilio has a voice for it)."""
        language = self.languages.get(code)
        return bool(language and language.voice.say_voice)

    def value(self, name: str) -> Any:
        """An argument of the response, else the tracker slot of the same name."""
        if name in self.arguments:
            return self.arguments[name]
        return self.slots.get(name)

    def language_name(self, code: str) -> str:
        """The name of a language in the conversation language (Babel, then English).

        In English the NHS's own names win ("Bengali", "Farsi"), not CLDR's ("Bangla", "Persian").
        """
        known = INTERPRETER_LANGUAGES.get(code)
        if known and self.language.code == "en":
            return known.display
        for locale_code in (self.language.code, "en"):
            try:
                name = Locale.parse(locale_code).languages.get(code)
            except (UnknownLocaleError, ValueError):
                name = None
            if name:
                return name
        return known.display if known else code
