"""A queued message's words for a channel, in the person's language, from the catalogs (and the
admins' live edits) at the moment it is sent."""

from __future__ import annotations

import json

from api.models.outbound import OutboundMessage
from api.nlg.messages import Msg
from api.nlg.render import Renderer
from api.nlg.voice_wording import VOICE_CHANNEL
from api.translations.languages import DEFAULT_LANGUAGE


class MessageWording:
    """Renders queued messages with the API's renderer."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def __call__(self, message: OutboundMessage, channel: str) -> str:
        """The text to send (or, for "voice", to say: English where Twilio has no voice for the
        person's language, each line tagged with the language to say it in)."""
        if message.response is None:
            return message.body or ""
        arguments = {**json.loads(message.arguments or "{}"), "language": message.language}
        rendered = self.renderer.render(
            message.response, arguments, {}, channel=VOICE_CHANNEL if channel == "voice" else None
        )
        return rendered.text

    def says(self, language: str) -> bool:
        """Whether Twilio can speak the language (else calls are in English)."""
        known = self.renderer.languages.get(language)
        return bool(known and known.voice.say_voice)

    def translate(self, msg: Msg, language: str, **params: object) -> str:
        """One catalog text in a language (English when the catalog lacks it)."""
        catalog = self.renderer.translations.get(language)
        text = catalog.pgettext(msg.context, msg.msgid) if catalog else msg.msgid
        return text % params if params else text

    def voice_of(self, language: str) -> tuple[str, str]:
        """(<Say> voice, language) for a language, English's when Twilio can't speak it."""
        known = self.renderer.languages.get(language)
        if not (known and known.voice.say_voice):
            known = self.renderer.languages.get(DEFAULT_LANGUAGE)
        assert known is not None and known.voice.say_voice and known.voice.say_language
        return known.voice.say_voice, known.voice.say_language
