"""Where the internal API is and how to authenticate to it: the one reader of API_URL and
FRONTDOOR_SERVICE_TOKEN for the action server, the channels and the scheduler."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_URL = "http://localhost:8000"
DEFAULT_SERVICE_TOKEN = "dev-service-token"  # refused in production (api/core/environment.py)
DEFAULT_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class ApiSettings:
    """The API's base URL (no trailing slash), the service token and how long to wait."""

    api_url: str
    service_token: str
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> ApiSettings:
        """API_URL and FRONTDOOR_SERVICE_TOKEN (development defaults when unset)."""
        return cls(
            api_url=environ.get("API_URL", DEFAULT_API_URL).rstrip("/"),
            service_token=environ.get("FRONTDOOR_SERVICE_TOKEN", DEFAULT_SERVICE_TOKEN),
        )
