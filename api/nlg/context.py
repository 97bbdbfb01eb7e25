"""What a response definition needs to render: language, translations, arguments."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import UnknownLocaleError

from api.assessment.model import Flow
from api.core.codes import INTERPRETER_LANGUAGES
from api.nlg.formatting import babel_locale, format_count
from api.nlg.language_names import reviewed_name
from api.nlg.messages import Msg, Plural
from api.nlg.voice_wording import ON_A_CALL, VOICE_CHANNEL
from api.translations.interpreter_names import interpreter_names
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

    def tn(self, msg: Plural, count: int, **params: object) -> str:
        """A counted text in the conversation language's plural form for the count (npgettext).

        ``count`` fills %(count)s, written with the locale's digits grouping."""
        catalog = self.translations.get(self.language.code)
        if catalog is None:
            text = msg.singular if count == 1 else msg.plural
        else:
            text = catalog.npgettext(msg.context, msg.singular, msg.plural, count)
        return text % {"count": format_count(count, self.language.code), **params}

    def speaks(self, code: str) -> bool:
        """Whether a call can say words in this language (Twilio has a voice for it)."""
        language = self.languages.get(code)
        return bool(language and language.voice.say_voice)

    def value(self, name: str) -> Any:
        """An argument of the response, else the tracker slot of the same name."""
        if name in self.arguments:
            return self.arguments[name]
        return self.slots.get(name)

    def interpreter_language_name(self, code: str) -> str:
        """An interpreter language's name in the conversation language, from the reviewed table
        (locales/interpreter_languages.yml) over CLDR."""
        return interpreter_names().name_in(code, self.language.code)

    def language_name(self, code: str) -> str:
        """The name of a language in the conversation language (Babel, then English).

        In English the NHS's own names win ("Bengali", "Farsi"), not CLDR's ("Bangla", "Persian").
        """
        known = INTERPRETER_LANGUAGES.get(code)
        if known and self.language.code == "en":
            return known.display
        reviewed = reviewed_name(self.language.code, code)
        if reviewed:
            return reviewed
        for locale_code in (self.language.code, "en"):
            try:
                name = babel_locale(locale_code).languages.get(code)
            except (UnknownLocaleError, ValueError):
                name = None
            if name:
                return name
        return known.display if known else code
