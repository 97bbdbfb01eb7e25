"""The action server's only way to the records: Front Door's API, with the service token."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

logger = logging.getLogger(__name__)


class ApiUnavailable(Exception):
    """The API could not store what we sent (down, slow, or refused it)."""


class ApiTimeout(ApiUnavailable):
    """The API did not answer in time: what was asked may or may not have been done."""


class ApiRefused(ApiUnavailable):
    """The API refused the request as asked (400, 404, 413, 422): asking again won't help."""


class ApiConflict(ApiUnavailable):
    """The API refused because the world changed meanwhile (409: e.g. the slot was just taken)."""


class ApiTooMany(ApiUnavailable):
    """The API refused for now (429: e.g. a number's codes for the hour, or its lock-out)."""


# Each error status that means more than "unavailable": asking again now won't help.
REFUSALS: dict[int, type[ApiUnavailable]] = {
    400: ApiRefused,
    404: ApiRefused,
    409: ApiConflict,
    413: ApiRefused,
    422: ApiRefused,
    429: ApiTooMany,
}


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
    """Thin async client for the API's internal endpoints (one kept-alive connection pool)."""

    def __init__(self, base_url: str, service_token: str, timeout_seconds: float = 5.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {service_token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        """The session of the running event loop: connections are reused between turns."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session.loop is not loop:
            self._session = aiohttp.ClientSession(timeout=self._timeout, headers=self._headers)
        return self._session

    async def close(self) -> None:
        """Close the kept-alive connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def save_assessment(self, answers: AssessmentAnswers) -> str | None:
        """Store the answers; the person's id, or None when consent was not given."""
        body = await self._request("POST", "/internal/assessments", answers.as_json())
        return body.get("person_id")

    async def held_data(self, phone: str) -> dict[str, Any]:
        """MY DATA: what the API holds about this number."""
        return await self._request("GET", "/internal/people/held?" + urlencode({"phone": phone}))

    async def erase(self, phone: str) -> bool:
        """DELETE: erase what the API holds about this number; whether there was anything."""
        path = "/internal/people?" + urlencode({"phone": phone})
        try:
            body = await self._request("DELETE", path)
        except ApiTimeout:
            # It may have erased before the answer was lost. Erasing is idempotent, so asking
            # again tells us the outcome rather than reporting a failure that may be untrue.
            await self._request("DELETE", path)
            return True
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

    async def offer_slots(self, phone: str, limit: int = 3) -> list[dict[str, Any]]:
        """Slots that fit the person's needs, best first, as the conversation keeps them."""
        query = urlencode({"phone": phone, "limit": limit})
        body = await self._request("GET", f"/internal/slots/offer?{query}")
        return [slot_for_conversation(item) for item in body.get("items", [])]

    async def book(self, phone: str, slot_id: int, channel: str) -> dict[str, Any]:
        """Book the slot; ApiConflict if someone else just took it."""
        body = {"phone": phone, "slot_id": slot_id, "channel": channel}
        booked = await self._request("POST", "/internal/bookings", body)
        return {
            "slot": slot_for_conversation({"slot": booked["slot"]}),
            "interpreter_to_book": booked.get("interpreter_to_book") or [],
        }

    async def record_check_in(self, phone: str, answer: str, channel: str, language: str) -> None:
        """Record a waiting person's answer (worse or help_now alerts their provider)."""
        body = {"phone": phone, "answer": answer, "channel": channel, "language": language}
        await self._request("POST", "/internal/check-ins", body)

    async def bookings(self, phone: str) -> list[dict[str, Any]]:
        """The person's active bookings, soonest first, as the conversation keeps them."""
        body = await self._request("GET", "/internal/bookings?" + urlencode({"phone": phone}))
        return [
            {"id": int(item["id"]), "slot": slot_for_conversation({"slot": item["slot"]})}
            for item in body.get("items", [])
        ]

    async def cancel_booking(self, phone: str, booking_id: int) -> None:
        """Cancel one of the person's bookings (idempotent)."""
        await self._request("POST", f"/internal/bookings/{booking_id}/cancel", {"phone": phone})

    async def new_code(self, phone: str) -> str:
        """A one-time code to text to this number (ApiTooMany while locked or over the limit)."""
        body = await self._request("POST", "/internal/verification/codes", {"phone": phone})
        return str(body["code"])

    async def check_code(self, phone: str, code: str) -> dict[str, Any]:
        """Whether the code is right: {"verified", "tries_left", "locked"}."""
        body = {"phone": phone, "code": code}
        return await self._request("POST", "/internal/verification/check", body)

    async def render(
        self, replies: list[dict[str, Any]], slots: dict[str, Any], channel: str | None
    ) -> list[dict[str, Any]]:
        """A turn's replies (`{"response", "arguments"}`) rendered: `{"text", "buttons"}` each."""
        body = {"replies": replies, "slots": slots, "channel": channel}
        messages = (await self._request("POST", "/internal/render", body)).get("messages")
        if not isinstance(messages, list) or len(messages) != len(replies):
            raise ApiUnavailable("the API rendered a different number of replies")
        return messages

    async def current_flow(
        self, known_etag: str | None = None
    ) -> tuple[str | None, dict[str, Any] | None]:
        """The ETag and body (`{"fingerprint", "flow", "interpreter_languages"}`) of the flow the
        API serves now; the body is None while what `known_etag` tagged is still current."""
        headers = {"If-None-Match": known_etag} if known_etag else None
        status, body, etag = await self._exchange("GET", "/internal/flow", headers=headers)
        return etag, None if status == 304 else body

    async def _request(
        self, method: str, path: str, json_body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return (await self._exchange(method, path, json_body))[1]

    async def _exchange(
        self,
        method: str,
        path: str,
        json_body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any], str | None]:
        """Status, JSON body and ETag of one request; ApiUnavailable for failures (not 304)."""
        url = f"{self._base_url}{path}"
        try:
            async with self._client().request(
                method, url, json=json_body, headers=headers
            ) as response:
                body = await response.json(content_type=None)
                if response.status >= 300 and response.status != 304:
                    title = body.get("title") if isinstance(body, dict) else None
                    failure = REFUSALS.get(response.status, ApiUnavailable)
                    raise failure(f"API answered {response.status}: {title}")
        except (asyncio.TimeoutError, TimeoutError) as error:  # two classes on Python 3.10
            raise ApiTimeout(f"no answer within {self._timeout.total} s") from error
        except (aiohttp.ClientError, ValueError) as error:
            raise ApiUnavailable(str(error)) from error
        etag = response.headers.get("ETag")
        return response.status, body if isinstance(body, dict) else {}, etag


def slot_for_conversation(item: dict[str, Any]) -> dict[str, Any]:
    """What the conversation keeps of an offered slot (and the NLG needs to say it)."""
    slot = item["slot"]
    return {
        "id": int(slot["id"]),
        "start": slot["start_local"],
        "length_minutes": slot["length_minutes"],
        "place": slot["place"],
        "service": slot["service"],
        "mode": slot["mode"],
        "interpreter_to_book": item.get("interpreter_to_book") or [],
    }
