"""Offered conversation languages, read from locales/languages.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from api.core.codes import INTERPRETER_LANGUAGES

DEFAULT_LANGUAGE = "en"
# ISO 639 code, optionally with a gettext modifier for a variety ("en@easyread": Easy Read).
LANGUAGE_CODE_PATTERN = r"^[a-z]{2,3}(@[a-z]{2,12})?$"


class Voice(BaseModel):
    """How Twilio speaks and hears a language, or that it can't (keypad only)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keypad_only: bool
    say_voice: str | None = None
    say_language: str | None = None
    speech_language: str | None = None
    names: tuple[str, ...] = ()  # more names a caller may say in the phone language menu


class Language(BaseModel):
    """One offered conversation language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=LANGUAGE_CODE_PATTERN)
    native_name: str
    english_name: str
    direction: Literal["ltr", "rtl"]
    menu_order: int
    voice: Voice


class LanguagesFile(BaseModel):
    """The whole languages.yml document."""

    model_config = ConfigDict(extra="forbid")

    languages: list[Language]


class Languages:
    """The offered languages in menu order, with lookups."""

    def __init__(self, languages: list[Language]) -> None:
        """Keep the languages sorted by menu order."""
        self.ordered: tuple[Language, ...] = tuple(sorted(languages, key=lambda x: x.menu_order))
        self._by_code = {language.code: language for language in self.ordered}
        if DEFAULT_LANGUAGE not in self._by_code:
            raise ValueError(f"languages.yml must offer the default language {DEFAULT_LANGUAGE!r}")

    @classmethod
    def load(cls, locales_dir: Path) -> Languages:
        """Read and validate languages.yml from the locales directory."""
        with (locales_dir / "languages.yml").open(encoding="utf-8") as handle:
            document = LanguagesFile.model_validate(yaml.safe_load(handle))
        return cls(document.languages)

    def get(self, code: object) -> Language | None:
        """The offered language with this code, if any."""
        return self._by_code.get(code) if isinstance(code, str) else None

    def is_offered(self, code: object) -> bool:
        """Whether the code is an offered conversation language."""
        return self.get(code) is not None

    def is_known(self, code: object) -> bool:
        """Whether the code is an offered or a known interpreter language."""
        return self.is_offered(code) or (isinstance(code, str) and code in INTERPRETER_LANGUAGES)

    def codes(self) -> tuple[str, ...]:
        """Codes in menu order."""
        return tuple(language.code for language in self.ordered)
