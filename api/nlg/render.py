"""Render a named response in the conversation's language from the compiled catalogs."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import structlog

from api.flows.model import Flow
from api.languages import DEFAULT_LANGUAGE, Language, Languages
from api.nlg.context import RenderContext
from api.nlg.formatting import isolate_ltr_runs
from api.nlg.messages import Button, Rendered
from api.nlg.responses import FALLBACK_RESPONSE, RESPONSES
from api.nlg.voice import VOICE_CHANNEL, spoken, voiceless

DOMAIN = "frontdoor"
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


def isolated(rendered: Rendered) -> Rendered:
    """Right-to-left text with its digits and Latin words isolated (text channels only)."""
    return Rendered(
        isolate_ltr_runs(rendered.text),
        [Button(isolate_ltr_runs(b.title), b.payload) for b in rendered.buttons],
    )


class Renderer:
    """Renders responses for Rasa's NLG server protocol."""

    def __init__(self, languages: Languages, translations: Mapping[str, gettext.NullTranslations]):
        """Keep the offered languages and their catalogs."""
        self.languages = languages
        self.translations = translations
        # Set by the app to the admin page's published edits (api.admin_ui.overrides).
        self.overrides: Callable[[], Mapping[tuple[str, str, str], str]] | None = None
        self._unknown_codes: set[str] = set()

    @classmethod
    def load(cls, locales_dir: Path, languages: Languages) -> Renderer:
        """A renderer over the compiled catalogs in the locales directory."""
        return cls(languages, load_translations(locales_dir, languages))

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
    ) -> Rendered:
        """Render a response for a channel; an unknown name renders utter_default."""
        definition = RESPONSES.get(response)
        if definition is None:
            log.warning("nlg_unknown_response", response=response)
            definition = RESPONSES[FALLBACK_RESPONSE]
        context = RenderContext(
            language=self.resolve_language(arguments, slots),
            languages=self.languages,
            translations=self.translations,
            arguments=arguments,
            slots=slots,
            flow=flow,
            overrides=self.overrides() if self.overrides else {},
        )
        if channel == VOICE_CHANNEL and not context.language.voice.say_voice:
            return voiceless(context, definition, self.languages)
        rendered = definition(context)
        if channel == VOICE_CHANNEL:
            return spoken(context, rendered)
        return isolated(rendered) if context.language.direction == "rtl" else rendered
