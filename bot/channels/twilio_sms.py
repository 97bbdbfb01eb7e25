"""`twilio_sms`: Twilio's SMS webhook in, TwiML `<Message>` replies out."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import (
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels import opt_out
from bot.channels import twilio_core as core
from bot.channels.erasure import ErasureAwareCollector
from bot.channels.reply_store import reply_store_from_env
from bot.internal_api.contacts import ContactApi
from bot.internal_api.errors import ApiUnavailable
from bot.outbound import Outbound, OutboundRefused

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

# Said by the channel itself only when the conversation could not answer at all.
SOMETHING_WENT_WRONG = "Sorry, something went wrong on our side. Please try again in a few minutes."
NUMBER_NOT_RECOGNISED = (
    "Sorry, we could not recognise the number you are texting from, so we cannot reply here. "
    "Please call your GP practice."
)


def twiml_messages(texts: list[str]) -> str:
    """One TwiML `<Message>` per body, or an empty `<Response/>` when there is nothing to say."""
    twiml = MessagingResponse()
    for body in texts:
        if body:
            twiml.message(body)
    return str(twiml)


def phone_texts(messages: list[dict[str, Any]]) -> list[str]:
    """Bot messages as a phone shows them, menus numbered."""
    return [core.numbered_menu(m.get("text") or "", m.get("buttons")) for m in messages]


class TwilioSmsInput(InputChannel):
    """Receives Twilio SMS webhooks, checks their signature and answers with TwiML."""

    channel_label = "sms"
    # On SMS long codes Twilio answers its own English STOP/START words; we answer the others.
    carrier_answers_opt_words = True

    @classmethod
    def name(cls) -> str:
        return "twilio_sms"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(core.TwilioChannelSettings.from_credentials(credentials), ContactApi.from_env())

    def __init__(
        self, settings: core.TwilioChannelSettings, contacts: ContactApi | None = None
    ) -> None:
        self.settings = settings
        self.contacts = contacts or ContactApi.from_env()
        self.validator = RequestValidator(settings.auth_token)
        self.replies = reply_store_from_env()
        self.opt_words = opt_out.OptWords.from_env()

    def get_output_channel(self) -> OutputChannel | None:
        """For turns we start (check-ins): SMS through Twilio's REST API."""
        return TwilioSmsPush()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint(f"{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            await core.receive_body(request)
            return await self.handle(request, on_new_message)

        @webhook.route("/status", methods=["POST"], stream=True)
        async def status(request: Request) -> HTTPResponse:
            await core.receive_body(request)
            return await self.handle_status(request)

        return webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        """Verify, de-duplicate, hand the text to Rasa and answer with TwiML."""
        form = core.verified_form(self.settings, self.validator, request)
        if form is None:
            logger.warning("Rejected a %s webhook with a missing or wrong signature.", self.name())
            return response.text("Forbidden: invalid Twilio signature", status=403)
        message_sid = form.get("MessageSid") or form.get("SmsSid")
        if not message_sid:
            return response.text("Bad request: MessageSid is missing", status=400)

        async def produce() -> str:
            return await self.converse(request, form, message_sid, on_new_message)

        sender = core.sender_id_for(form.get("From"))
        twiml = await self.replies.reply_once(message_sid, produce, sender=sender)
        return response.text(twiml, content_type="text/xml")

    async def handle_status(self, request: Request) -> HTTPResponse:
        """Twilio's status callback for a message we sent: verified, then recorded."""
        form = core.verified_form(self.settings, self.validator, request)
        if form is None:
            return response.text("Forbidden: invalid Twilio signature", status=403)
        if not (form.get("MessageSid") and form.get("MessageStatus")):
            return response.text("Bad request: MessageSid or MessageStatus is missing", status=400)
        try:
            await self.contacts.message_status(
                form, core.channel_of_status(form, self.channel_label)
            )
        except ApiUnavailable:
            logger.exception("Status of %s not recorded.", core.redacted(form["MessageSid"]))
            return response.text("Not recorded; please retry", status=503)
        return response.empty()

    async def converse(
        self, request: Request, form: dict[str, str], message_sid: str, on_new_message: OnNewMessage
    ) -> str:
        """Run one turn of the conversation and render its replies."""
        sender_id = core.sender_id_for(form.get("From"))
        if sender_id is None:
            logger.info("Message %s from an unrecognised number.", core.redacted(message_sid))
            return twiml_messages([NUMBER_NOT_RECOGNISED])
        agent = getattr(request.app.ctx, "agent", None)
        tracker = await agent.tracker_store.retrieve(sender_id) if agent else None
        handled = await self.keyword_reply(form, sender_id, core.slot_value(tracker, "language"))
        if handled is not None:
            return handled
        already = core.replies_to(tracker, message_sid)
        if already is not None:  # a replay after a restart: the same answer, no second turn
            return self.render(phone_texts(already) or [SOMETHING_WENT_WRONG])
        text = core.user_text_from(form.get("Body"))
        if text.strip().rstrip(".)").isdigit():
            text = core.payload_for_menu_reply(text, core.latest_bot_buttons(tracker)) or text
        collector = ErasureAwareCollector()
        try:
            await on_new_message(
                UserMessage(
                    text,
                    collector,
                    sender_id,
                    input_channel=self.name(),
                    message_id=message_sid,
                    metadata=self.metadata_for(form, message_sid),
                )
            )
        except Exception:  # noqa: BLE001 - the person must still get an answer
            logger.exception("Turn failed for conversation %s.", core.redacted(sender_id))
            return twiml_messages([SOMETHING_WENT_WRONG])
        if collector.erased:  # our earlier replies may echo what was erased
            await self.replies.erase_sender(sender_id)
        return self.render(phone_texts(collector.messages) or [SOMETHING_WENT_WRONG])

    def metadata_for(self, form: dict[str, str], message_sid: str) -> dict[str, Any]:
        """What the tracker keeps about this message (never its body or number)."""
        return {"channel": self.channel_label, "message_sid": message_sid}

    def render(self, texts: list[str]) -> str:
        """SMS bodies shaped for the network: joined when no dearer, split between words."""
        return twiml_messages(core.shape_sms(texts))

    async def keyword_reply(
        self, form: dict[str, str], sender_id: str, language: str | None = None
    ) -> str | None:
        """STOP / START in any language: recorded for every channel of the number, then one
        kind confirmation in their language, unless Twilio answers the word itself (its English
        words on SMS). None when the message is neither (it goes to the conversation)."""
        word = self.opt_words.heard(form.get("Body"))
        if word is None:
            return None
        recorded = await opt_out.record(self.contacts, sender_id, word.kind)
        logger.info("Conversation %s sent %s.", core.redacted(sender_id), word.kind.upper())
        if word.twilio_word and self.carrier_answers_opt_words:
            # Twilio blocks sends after STOP itself, and outbound records its 21610 refusal.
            return twiml_messages([])
        if not recorded:
            return self.render([SOMETHING_WENT_WRONG])
        spoken_in = opt_out.confirmation_language(word, language)
        try:
            text = await self.contacts.confirmation(
                opt_out.CONFIRMATION[word.kind], spoken_in, self.name()
            )
        except ApiUnavailable:
            text = opt_out.ENGLISH_CONFIRMATION[word.kind]
        return self.render([text or opt_out.ENGLISH_CONFIRMATION[word.kind]])


class TwilioSmsPush(OutputChannel):
    """For turns we start (a check-in while someone waits; Rasa's trigger_intent with
    output_channel=twilio_sms): each bot message as an SMS through bot/outbound.py, numbered menu
    included, unless the person opted out. Replies to webhooks never come here (they are TwiML)."""

    def __init__(self, outbound: Outbound | None = None) -> None:
        self._outbound = outbound

    @classmethod
    def name(cls) -> str:
        return "twilio_sms"

    def _sender(self) -> Outbound:
        if self._outbound is None:
            self._outbound = Outbound.from_env()
        return self._outbound

    async def _send(self, recipient_id: str, text: str) -> None:
        try:
            await self._sender().send_sms_async(recipient_id, text, purpose="check_in")
        except OutboundRefused as refused:  # opted out: never message them, say so in the logs
            logger.info("Not sent to %s: %s", core.redacted(recipient_id), type(refused).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, core.numbered_menu(text, buttons))
