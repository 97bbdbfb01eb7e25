"""Settings of the action server, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from frontdoor_env import refuse_placeholders

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ActionSettings:
    """Where the API is, how to authenticate to it, where the language list lives."""

    api_url: str
    service_token: str
    languages_file: Path
    locales_dir: Path
    api_timeout_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> ActionSettings:
        """Build settings from API_URL, FRONTDOOR_SERVICE_TOKEN and LOCALES_DIR (in production,
        refusing a published or missing token)."""
        refuse_placeholders(required=("FRONTDOOR_SERVICE_TOKEN",))
        locales = Path(os.environ.get("LOCALES_DIR", REPO_ROOT / "locales"))
        return cls(
            api_url=os.environ.get("API_URL", "http://localhost:8000").rstrip("/"),
            service_token=os.environ.get("FRONTDOOR_SERVICE_TOKEN", "dev-service-token"),
            languages_file=locales / "languages.yml",
            locales_dir=locales,
        )
