"""The action server's only way to the records: Front Door's API, with the service token."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

logger = logging.getLogger(__name__)


class ApiUnavailable(Exception):
    """The API could not store what we sent (down, slow, or refused it)."""


@dataclass(frozen=True)
class AssessmentAnswers:
    """One person's answers, as the API's internal endpoint takes them."""

    phone: str
    language: str
    channel: str
    consent_granted: bool
    interpreter_needed: bool | None
    interpreter_language: str | None
    answers: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The JSON body of POST /internal/assessments."""
        interpreter = None
        if self.interpreter_needed is not None:
            interpreter = {
                "needed": self.interpreter_needed,
                "language": self.interpreter_language if self.interpreter_needed else None,
            }
        return {
            "phone": self.phone,
            "language": self.language,
            "channel": self.channel,
            "consent": {"granted": self.consent_granted, "language": self.language},
            "interpreter": interpreter,
            "answers": {question: ids for question, ids in self.answers.items() if ids},
        }


class FrontDoorApi:
    """Thin async client for the API's internal endpoints."""

    def __init__(self, base_url: str, service_token: str, timeout_seconds: float = 5.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {service_token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def save_assessment(self, answers: AssessmentAnswers) -> str | None:
        """Store the answers; the person's id, or None when consent was not given."""
        body = await self._request("POST", "/internal/assessments", answers.as_json())
        return body.get("person_id")

    async def held_data(self, phone: str) -> dict[str, Any]:
        """MY DATA: what the API holds about this number."""
        return await self._request("GET", "/internal/people/held?" + urlencode({"phone": phone}))

    async def erase(self, phone: str) -> bool:
        """DELETE: erase what the API holds about this number; whether there was anything."""
        body = await self._request("DELETE", "/internal/people?" + urlencode({"phone": phone}))
        return bool(body.get("erased"))

    async def request_callback(
        self, phone: str, language: str, interpreter_language: str | None, channel: str
    ) -> str:
        """Queue a call-back; when we promised to call (ISO 8601)."""
        body = {
            "phone": phone,
            "language": language,
            "interpreter_language": interpreter_language,
            "reason": "interpreter" if interpreter_language else "asked",
            "channel": channel,
        }
        return str((await self._request("POST", "/internal/callbacks", body))["due_at"])

    async def current_flow(self) -> dict[str, Any]:
        """The assessment flow the API serves now (`{"fingerprint", "flow"}`)."""
        return await self._request("GET", "/internal/flow")

    async def _request(
        self, method: str, path: str, json_body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        url = f"{self._base_url}{path}"
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                async with session.request(
                    method, url, json=json_body, headers=self._headers
                ) as response:
                    body = await response.json(content_type=None)
                    if response.status >= 300:
                        title = body.get("title") if isinstance(body, dict) else None
                        raise ApiUnavailable(f"API answered {response.status}: {title}")
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ApiUnavailable(str(error)) from error
        return body if isinstance(body, dict) else {}
