"""Render a named response in the conversation's language from the compiled catalogs."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog

from api.assessment.model import Flow
from api.nlg.context import RenderContext
from api.nlg.formatting import rtl_lines, script_commas
from api.nlg.keyword_wording import mention
from api.nlg.messages import P_, Button, Msg, Rendered
from api.nlg.responses import FALLBACK_RESPONSE, RESPONSES
from api.nlg.safety import is_safety_critical
from api.nlg.voice import CALL_ME_BACK, INTERPRETER_CALL, spoken, voiceless
from api.nlg.voice_menu import language_menu
from api.nlg.voice_pieces import PieceContext, has_recordings, in_pieces, paged_in_pieces
from api.nlg.voice_wording import ON_A_CALL, SLOWER, SLOWER_HINT, VOICE_CHANNEL
from api.recordings.cache import Recordings
from api.translations.languages import DEFAULT_LANGUAGE, Language, Languages
from api.translations.status import (
    MISSING_STATE,
    PublishedTexts,
    TextKey,
    TextState,
    catalog_states,
)

DOMAIN = "frontdoor"
LANGUAGE_MENU = "utter_ask_language"
# The first prompt in the caller's own language says how to slow the call down.
FIRST_OWN_LANGUAGE_PROMPT = "utter_ask_consent"
COMPILE_HINT = "pybabel compile -d locales -D frontdoor"

log = structlog.get_logger(__name__)


class CatalogMissingError(RuntimeError):
    """A compiled catalog (.mo) for an offered language is missing."""


def load_translations(
    locales_dir: Path, languages: Languages
) -> dict[str, gettext.GNUTranslations]:
    """Read the compiled catalog of every offered language, or fail saying how to compile."""
    translations: dict[str, gettext.GNUTranslations] = {}
    for code in languages.codes():
        path = locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not path.is_file():
            raise CatalogMissingError(
                f"compiled catalog {path} is missing; run `{COMPILE_HINT}` (make setup does)"
            )
        with path.open("rb") as handle:
            translations[code] = gettext.GNUTranslations(handle)
    return translations


FALLBACK_NOTE = P_(
    "safety_fallback",
    "Part of this message is in English because its translation has not been checked yet.",
)
# TRANSLATORS: %(call_me)s is your language's CALL ME keyword.
INTERPRETER_OFFER = P_(
    "safety_fallback", "To talk to a person with an interpreter, send %(call_me)s."
)


@dataclass(frozen=True)
class GatedContext(RenderContext):
    """A rendering in which safety-critical texts go out only if checked against today's English.

    Any other such text is rendered in English instead and noted, so the response can offer an
    interpreter call-back (api/nlg/safety.py marks the texts).
    """

    catalog_states: Callable[[str], Mapping[TextKey, TextState]] = lambda _code: {}
    fell_back: list[Msg] = field(default_factory=list)

    def _checked(self, code: str, msg: Msg) -> bool:
        """Whether this language's text was reviewed or certified from today's English."""
        key = (msg.context, msg.msgid)
        english = self.overrides.get((DEFAULT_LANGUAGE, *key), msg.msgid)
        states = self.overrides.states if isinstance(self.overrides, PublishedTexts) else {}
        state = states.get((code, *key))
        if state is None:
            if (code, *key) in self.overrides:
                return False  # an edit whose status we can't see
            state = self.catalog_states(code).get(key, MISSING_STATE)
        return state.publishable(english)

    def t(self, msg: Msg, *, in_language: str | None = None, **params: object) -> str:
        """Translate as RenderContext does, but a safety text only once it has been checked."""
        if self.channel == VOICE_CHANNEL:  # gate the words said on the call, not the written ones
            msg = ON_A_CALL.get(msg, msg)
        code = in_language or self.language.code
        if (
            code != DEFAULT_LANGUAGE
            and is_safety_critical(msg.context, msg.msgid)
            and not self._checked(code, msg)
        ):
            self.fell_back.append(msg)
            code = DEFAULT_LANGUAGE
        return super().t(msg, in_language=code, **params)


def with_interpreter_offer(ctx: GatedContext, rendered: Rendered, channel: str | None) -> Rendered:
    """Say why part of the response is in English and offer a person with an interpreter.

    On a call the offer is also the last keypad option, as for languages Twilio can't speak.
    """
    note = ctx.t(FALLBACK_NOTE)
    if channel == VOICE_CHANNEL and rendered.buttons:
        offer = Button(ctx.t(INTERPRETER_CALL), CALL_ME_BACK)
        return Rendered("\n".join([rendered.text, note]), [*rendered.buttons, offer])
    if channel == VOICE_CHANNEL:  # nothing to press here, and a caller can't send a keyword
        return Rendered("\n".join([rendered.text, note]), rendered.buttons)
    offer_text = ctx.t(INTERPRETER_OFFER, call_me=mention(ctx, "call_me"))
    return Rendered("\n".join([rendered.text, f"{note} {offer_text}"]), rendered.buttons)


def with_slower_hint(ctx: RenderContext, response: str, rendered: Rendered) -> Rendered:
    """On the first prompt in the caller's language: how to ask for slower speech."""
    if response != FIRST_OWN_LANGUAGE_PROMPT:
        return rendered
    # With recordings each piece falls back on its own (api/nlg/voice_pieces.py).
    own = ctx.language.voice.say_voice or isinstance(ctx, PieceContext)
    code = ctx.language.code if own else DEFAULT_LANGUAGE
    hint = ctx.t(SLOWER_HINT, in_language=code, slower=ctx.t(SLOWER, in_language=code))
    return Rendered("\n".join([rendered.text, hint]), rendered.buttons)


def isolated(rendered: Rendered) -> Rendered:
    """Right-to-left text laid out line by line: English lines as one left-to-right run, digits
    and Latin words in the others isolated (text channels only)."""
    return Rendered(
        rtl_lines(script_commas(rendered.text)),
        [Button(rtl_lines(script_commas(b.title)), b.payload) for b in rendered.buttons],
    )


class Renderer:
    """Renders responses for Rasa's NLG server protocol."""

    def __init__(self, languages: Languages, translations: Mapping[str, gettext.NullTranslations]):
        """Keep the offered languages and their catalogs."""
        self.languages = languages
        self.translations = translations
        # Set by the app to the admin page's published edits (api.translations.overrides).
        self.overrides: Callable[[], Mapping[tuple[str, str, str], str]] | None = None
        # Where the .po catalogs are: their statuses decide whether a safety text may be sent.
        self.locales_dir: Path | None = None
        # Set by the app to the recorded voice prompts (api.recordings.cache), played on calls.
        self.recordings: Callable[[], Recordings] | None = None
        self._unknown_codes: set[str] = set()

    @classmethod
    def load(cls, locales_dir: Path, languages: Languages) -> Renderer:
        """A renderer over the compiled catalogs in the locales directory."""
        renderer = cls(languages, load_translations(locales_dir, languages))
        renderer.locales_dir = locales_dir
        return renderer

    def _catalog_states(self, code: str) -> Mapping[TextKey, TextState]:
        """A language's catalog states (none known: every safety text is sent in English)."""
        return catalog_states(self.locales_dir, code) if self.locales_dir else {}

    def _note_unknown(self, code: object) -> None:
        """Log an unknown language code once per process (it is rendered in English)."""
        if (
            isinstance(code, str)
            and code
            and code not in self._unknown_codes
            and len(self._unknown_codes) < 256
        ):
            self._unknown_codes.add(code)
            log.warning("nlg_unknown_language", language=code[:16])

    def resolve_language(self, arguments: Mapping[str, Any], slots: Mapping[str, Any]) -> Language:
        """The argument language if offered, else the slot language, else English."""
        for candidate in (arguments.get("language"), slots.get("language")):
            language = self.languages.get(candidate)
            if language is not None:
                return language
            self._note_unknown(candidate)
        default = self.languages.get(DEFAULT_LANGUAGE)
        assert default is not None  # Languages refuses a file without the default
        return default

    def render(
        self,
        response: str,
        arguments: Mapping[str, Any],
        slots: Mapping[str, Any],
        channel: str | None = None,
        flow: Flow | None = None,
        demand: Mapping[str, int] | None = None,
    ) -> Rendered:
        """Render a response for a channel; an unknown name renders utter_default.

        `demand` (people recorded per language) orders the language menu on a call.
        """
        definition = RESPONSES.get(response)
        if definition is None:
            log.warning("nlg_unknown_response", response=response)
            definition = RESPONSES[FALLBACK_RESPONSE]
        context = GatedContext(
            language=self.resolve_language(arguments, slots),
            languages=self.languages,
            translations=self.translations,
            arguments=arguments,
            slots=slots,
            flow=flow,
            overrides=self.overrides() if self.overrides else {},
            catalog_states=self._catalog_states,
            channel=channel,
        )
        recordings = self.recordings() if self.recordings and channel == VOICE_CHANNEL else {}
        chosen = slots.get("language") or arguments.get("language")
        recorded = has_recordings(recordings, context.language.code if chosen else None)
        if channel == VOICE_CHANNEL and response == LANGUAGE_MENU:
            if recorded:
                pieces = self._piece_context(context, recordings)
                return paged_in_pieces(pieces, language_menu(pieces, demand or {}))
            return language_menu(context, demand or {})
        if recorded:
            return self._in_pieces(context, response, definition, recordings)
        if channel == VOICE_CHANNEL and not context.language.voice.say_voice:
            return with_slower_hint(
                context, response, voiceless(context, definition, self.languages)
            )
        rendered = definition(context)
        if context.fell_back:
            rendered = with_interpreter_offer(context, rendered, channel)
        if channel == VOICE_CHANNEL:
            return with_slower_hint(context, response, spoken(context, rendered))
        return isolated(rendered) if context.language.direction == "rtl" else rendered

    def _piece_context(self, gated: GatedContext, recordings: Recordings) -> PieceContext:
        """The same gate, marking each text and value as a piece (api/nlg/voice_pieces.py)."""
        return PieceContext(
            language=gated.language,
            languages=gated.languages,
            translations=gated.translations,
            arguments=gated.arguments,
            slots=gated.slots,
            flow=gated.flow,
            overrides=gated.overrides,
            channel=gated.channel,
            checked=gated._checked,  # noqa: SLF001 - the same gate, one definition
            recordings=recordings,
        )

    def _in_pieces(
        self,
        gated: GatedContext,
        response: str,
        definition: Callable[[RenderContext], Rendered],
        recordings: Recordings,
    ) -> Rendered:
        """A call's response played from recordings piece by piece (api/nlg/voice_pieces.py)."""
        context = self._piece_context(gated, recordings)
        rendered = with_slower_hint(context, response, definition(context))
        if context.fell_back:
            rendered = with_interpreter_offer(context, rendered, VOICE_CHANNEL)  # type: ignore[arg-type]
        return in_pieces(context, rendered)
