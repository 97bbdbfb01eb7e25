"""The action server's calls: assessments, MY DATA and DELETE, call-backs, bookings, check-ins,
feedback, one-time codes, rendering replies and the current assessment definition."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from bot.internal_api import bookings as shapes
from bot.internal_api.assessments import AssessmentAnswers
from bot.internal_api.errors import ApiTimeout, ApiUnavailable
from bot.internal_api.transport import InternalApi


class FrontDoorApi(InternalApi):
    """Thin async client for the API's internal endpoints (one kept-alive connection pool)."""

    async def save_assessment(self, answers: AssessmentAnswers) -> str | None:
        """Store the answers; the person's id, or None when consent was not given."""
        body = await self.request("POST", "/internal/assessments", answers.as_json())
        return body.get("person_id")

    async def held_data(self, phone: str) -> dict[str, Any]:
        """MY DATA: what the API holds about this number."""
        return await self.request("GET", "/internal/people/held?" + urlencode({"phone": phone}))

    async def erase(self, phone: str) -> bool:
        """DELETE: erase what the API holds about this number; whether there was anything."""
        path = "/internal/people?" + urlencode({"phone": phone})
        try:
            body = await self.request("DELETE", path)
        except ApiTimeout:
            # It may have erased before the answer was lost. Erasing is idempotent, so asking
            # again tells us the outcome rather than reporting a failure that may be untrue.
            await self.request("DELETE", path)
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
        return str((await self.request("POST", "/internal/callbacks", body))["due_at"])

    async def offer_slots(self, phone: str, limit: int = 3) -> list[dict[str, Any]]:
        """Slots that fit the person's needs, best first, as the conversation keeps them."""
        query = urlencode({"phone": phone, "limit": limit})
        body = await self.request("GET", f"/internal/slots/offer?{query}")
        return [shapes.slot_for_conversation(item) for item in body.get("items", [])]

    async def book(self, phone: str, slot_id: int, channel: str) -> dict[str, Any]:
        """Book the slot; ApiConflict if someone else just took it."""
        body = {"phone": phone, "slot_id": slot_id, "channel": channel}
        return shapes.booked(await self.request("POST", "/internal/bookings", body))

    async def move_booking(
        self, phone: str, booking_id: int, slot_id: int, channel: str
    ) -> dict[str, Any]:
        """Move a booking to another slot: the new booking (ApiConflict if the slot was just
        taken, in which case the old booking stands)."""
        body = {"phone": phone, "slot_id": slot_id, "channel": channel}
        path = f"/internal/bookings/{booking_id}/move"
        return shapes.moved(await self.request("POST", path, body))

    async def bookings(self, phone: str) -> list[dict[str, Any]]:
        """The person's active bookings, soonest first, as the conversation keeps them."""
        query = urlencode({"phone": phone})
        return shapes.active(await self.request("GET", f"/internal/bookings?{query}"))

    async def cancel_booking(self, phone: str, booking_id: int) -> None:
        """Cancel one of the person's bookings (idempotent)."""
        await self.request("POST", f"/internal/bookings/{booking_id}/cancel", {"phone": phone})

    async def record_check_in(self, phone: str, answer: str, channel: str, language: str) -> None:
        """Record a waiting person's answer (worse or help_now alerts their provider)."""
        body = {"phone": phone, "answer": answer, "channel": channel, "language": language}
        await self.request("POST", "/internal/check-ins", body)

    async def record_feedback(self, answer: dict[str, Any]) -> None:
        """Store one answer to an I statement (per language and channel)."""
        await self.request("POST", "/internal/feedback", answer)

    async def new_code(self, phone: str) -> str:
        """A one-time code to text to this number (ApiTooMany while locked or over the limit)."""
        body = await self.request("POST", "/internal/verification/codes", {"phone": phone})
        return str(body["code"])

    async def check_code(self, phone: str, code: str) -> dict[str, Any]:
        """Whether the code is right: {"verified", "tries_left", "locked"}."""
        body = {"phone": phone, "code": code}
        return await self.request("POST", "/internal/verification/check", body)

    async def render(
        self, replies: list[dict[str, Any]], slots: dict[str, Any], channel: str | None
    ) -> list[dict[str, Any]]:
        """A turn's replies (`{"response", "arguments"}`) rendered: `{"text", "buttons"}` each."""
        body = {"replies": replies, "slots": slots, "channel": channel}
        messages = (await self.request("POST", "/internal/render", body)).get("messages")
        if not isinstance(messages, list) or len(messages) != len(replies):
            raise ApiUnavailable("the API rendered a different number of replies")
        return messages

    async def current_flow(
        self, known_etag: str | None = None
    ) -> tuple[str | None, dict[str, Any] | None]:
        """The ETag and body (`{"fingerprint", "flow", "interpreter_languages"}`) of the flow the
        API serves now; the body is None while what `known_etag` tagged is still current."""
        headers = {"If-None-Match": known_etag} if known_etag else None
        status, body, etag = await self.exchange("GET", "/internal/flow", headers=headers)
        return etag, None if status == 304 else (body if isinstance(body, dict) else {})

    async def who_sees(self, phone: str) -> list[dict[str, Any]]:
        """WHO SEES: the organisations that can see this number's needs, in the order numbered."""
        path = "/internal/people/organisations?" + urlencode({"phone": phone})
        return list((await self.request("GET", path)).get("items") or [])

    async def change_seer(self, phone: str, ods_code: str, stop: bool, channel: str) -> dict:
        """STOP n (stop=True) or ALLOW n for one organisation: the organisation as it now is."""
        path = f"/internal/people/organisations/{ods_code}/{'stop' if stop else 'allow'}"
        return await self.request("POST", path, {"phone": phone, "channel": channel})

    async def who_read(self, phone: str) -> list[dict[str, Any]]:
        """WHO READ: the organisations that read this number's record lately, latest first."""
        path = "/internal/people/reads?" + urlencode({"phone": phone})
        return list((await self.request("GET", path)).get("items") or [])

    async def provider_need_asking(self, phone: str) -> dict[str, Any] | None:
        """The need a provider recorded that this number is being asked about, if any."""
        path = "/internal/provider-needs/asking?" + urlencode({"phone": phone})
        need = (await self.request("GET", path)).get("need")
        return need if isinstance(need, dict) else None

    async def decide_provider_need(
        self, need_id: int, phone: str, accept: bool, channel: str
    ) -> None:
        """The person accepts or rejects a need a provider recorded."""
        body = {"phone": phone, "accept": accept, "channel": channel}
        await self.request("POST", f"/internal/provider-needs/{need_id}/decision", body)
