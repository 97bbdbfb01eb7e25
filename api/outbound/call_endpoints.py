"""The keypad of a call that says a message (api/outbound/voice_call.py): Twilio posts the key
pressed here, signed. Star says the message again; 1 (languages Twilio cannot speak) queues a
call-back from a person with an interpreter; anything else ends the call.

Public (Twilio calls it through the public entry point), so every request must carry Twilio's
signature over PUBLIC_BASE_URL + path, checked with twilio's RequestValidator; else 403.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Path, Request, Response
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse

from api.callbacks.service import request_callback
from api.core.db import as_utc
from api.core.deps import RendererDep, SessionDep
from api.models.outbound import OutboundMessage
from api.outbound.voice_call import INTERPRETER_KEY, REPEAT_KEY, call_twiml, say_lines
from api.outbound.wording import MessageWording
from api.translations.languages import DEFAULT_LANGUAGE

router = APIRouter(prefix="/outbound/calls", include_in_schema=False)
KEYS_PATH = "/outbound/calls/{message_id}/keys"
TWIML = "application/xml"


def keys_url(message_id: int) -> str | None:
    """Where Twilio posts a key pressed during the call (None without PUBLIC_BASE_URL)."""
    public = os.environ.get("PUBLIC_BASE_URL")
    return public.rstrip("/") + KEYS_PATH.format(message_id=message_id) if public else None


async def _signed(request: Request, message_id: int) -> dict[str, str] | None:
    """The form Twilio posted, if its signature is right."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    url = keys_url(message_id)
    token = os.environ.get("TWILIO_AUTH_TOKEN", "")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not url or not token or not RequestValidator(token).validate(url, form, signature):
        return None
    return form


@router.post("/{message_id}/keys")
async def key_pressed(
    request: Request, session: SessionDep, renderer: RendererDep,
    message_id: int = Path(ge=1, le=2**31 - 1),
) -> Response:  # fmt: skip
    """Repeat, queue the interpreter call-back, or hang up (TwiML)."""
    form = await _signed(request, message_id)
    if form is None:
        return Response(status_code=403)
    message = session.get(OutboundMessage, message_id)
    if message is None or message.channel != "voice":
        return Response(str(VoiceResponse().hangup()), media_type=TWIML)
    wording = MessageWording(renderer)
    key = form.get("Digits", "")
    if key == REPEAT_KEY:
        text = wording(message, "voice")
        return Response(call_twiml(wording, message.language, text, keys_url(message.id)),
                        media_type=TWIML)  # fmt: skip
    response = VoiceResponse()
    if key == INTERPRETER_KEY and not wording.says(message.language):
        queued = request_callback(session=session, phone_e164=message.phone_e164,
                                  language=message.language, interpreter_language=message.language,
                                  reason="interpreter", channel="voice")  # fmt: skip
        session.commit()
        arguments = {"language": DEFAULT_LANGUAGE, "interpreter_language": message.language,
                     "due_at": as_utc(queued.due_at).isoformat()}  # fmt: skip
        said = renderer.render("utter_callback_requested", arguments, {}).text
        say_lines(response, wording, DEFAULT_LANGUAGE, said)
    response.hangup()
    return Response(str(response), media_type=TWIML)
