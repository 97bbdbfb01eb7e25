"""Settings of the action server, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from api.core.environment import refuse_placeholders
from bot.internal_api.settings import ApiSettings

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ActionSettings:
    """Where the API is, how to authenticate to it, where the language list lives."""

    api: ApiSettings
    languages_file: Path
    locales_dir: Path

    @classmethod
    def from_env(cls) -> ActionSettings:
        """Build settings from the API's (bot/internal_api/settings.py) and LOCALES_DIR (in
        production, refusing a published or missing service token)."""
        refuse_placeholders(required=("FRONTDOOR_SERVICE_TOKEN",))
        locales = Path(os.environ.get("LOCALES_DIR", REPO_ROOT / "locales"))
        return cls(
            api=ApiSettings.from_env(),
            languages_file=locales / "languages.yml",
            locales_dir=locales,
        )
