"""`twilio_voice`: a phone call as a conversation: keys or speech in, spoken `<Gather>` out."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse

from bot.channels import twilio_core as core
from bot.channels import voice_menu, voice_twiml
from bot.channels.call_pace import CallPace
from bot.channels.erasure import ErasureAwareCollector
from bot.channels.reply_store import reply_store_from_env
from bot.channels.voice_audio import relay_audio
from bot.channels.voice_menu import MenuPage
from bot.channels.voice_twiml import Pace, VoiceLanguages

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]

WEBHOOK_PATH = "/webhooks/twilio_voice/webhook"
GREET_PAYLOAD = "/greet"
REPEAT_KEY = "*"
MAX_SILENCES = 2  # re-prompts before offering another way to carry on
NO_INPUT_RESPONSE = "utter_voice_no_input"
# How Twilio and carriers present a withheld caller id ("+266696687" spells ANONYMOUS).
WITHHELD_CALLER_IDS = {"anonymous", "restricted", "unknown", "private", "blocked", "+266696687"}
# A status callback pointed at this webhook reports a call that is over: nothing to say.
FINISHED_CALL_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}

# Said by the channel itself only when the conversation cannot answer (no number, NLG down).
WITHHELD_NUMBER = (
    "Sorry, we can't see the number you are calling from, so we can't keep your answers. "
    "Please call again without hiding your number, or send us a text message. Goodbye."
)
SOMETHING_WENT_WRONG = "Sorry, something went wrong on our side. Please try again in a few minutes."
NO_INPUT_FALLBACK = (
    "We didn't hear anything. You can carry on by text message, or call again any time. Goodbye."
)


class VoiceCollector(ErasureAwareCollector):
    """Collects a turn's replies; its name tells the NLG to render them for the ear."""

    @classmethod
    def name(cls) -> str:
        return "twilio_voice"


@dataclass(frozen=True)
class CallerInput:
    """What the caller did: started, said or keyed something, asked to repeat, or nothing."""

    kind: str  # "start" | "text" | "repeat" | "silence" | "slower" | "more"
    text: str = ""


def caller_input(
    form: Mapping[str, str], answering: bool, buttons: Sequence[Mapping[str, Any]]
) -> CallerInput:
    """Read Twilio's `Digits` / `SpeechResult`; keys map to the offered option's payload."""
    if not answering:
        return CallerInput("start", GREET_PAYLOAD)
    keys = (form.get("Digits") or "").strip()
    if keys == voice_twiml.SLOWER_KEY:
        return CallerInput("slower")
    digits = keys.rstrip("#")
    speech = (form.get("SpeechResult") or "").strip()
    if digits:
        if not digits.isdigit():  # "*", "*#*" or noise: say the prompt again
            return CallerInput("repeat")
        return CallerInput("text", core.payload_for_menu_reply(digits, list(buttons)) or digits)
    if speech:
        text = core.user_text_from(speech)
        return CallerInput("text", core.payload_for_menu_reply(text, list(buttons)) or text)
    return CallerInput("silence")


@dataclass(frozen=True)
class Step:
    """Where a call is: which prompt the caller is answering, after how many silences."""

    call_sid: str
    answering: bool
    turn: int
    silences: int
    webhook_url: str
    page: int = 0  # of a paged menu (the language menu)
    wait: int = 0  # how much longer the caller is given to answer (voice_twiml.WAIT_SECONDS)
    slower: bool = False  # slower speech, asked for in this call or an earlier one

    def next(self, silences: int, page: int = 0) -> str:
        """The action URL of the next `<Gather>`: the following turn, with this many silences."""
        return voice_twiml.action_url(
            self.webhook_url, self.turn + 1, silences, page=page, wait=self.wait,
            slow=int(self.slower),
        )  # fmt: skip


def bounded_int(value: str | None, maximum: int = 10_000) -> int:
    """A small non-negative integer from a query argument; anything else is 0."""
    if value is None or not value.isdecimal():  # "²" is a digit int() refuses
        return 0
    return maximum if len(value) > len(str(maximum)) else min(int(value), maximum)


class TwilioVoiceInput(InputChannel):
    """Answers Twilio voice webhooks with TwiML, checking each request's signature."""

    channel_label = "voice"

    @classmethod
    def name(cls) -> str:
        return "twilio_voice"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        locales = Path(os.environ.get("LOCALES_DIR", "locales"))
        path = Path((credentials or {}).get("languages_file") or locales / "languages.yml")
        settings = core.TwilioChannelSettings.from_credentials(credentials)
        return cls(settings, VoiceLanguages.from_file(path))

    def __init__(self, settings: core.TwilioChannelSettings, languages: VoiceLanguages) -> None:
        self.settings = settings
        self.languages = languages
        self.validator = RequestValidator(settings.auth_token)
        self.replies = reply_store_from_env()
        self.pace = CallPace.from_env(Path(os.environ.get("LOCALES_DIR", "locales")))
        self.webhook_url = core.public_url(settings.public_base_url, WEBHOOK_PATH)
        self.audio_url = core.public_url(settings.public_base_url, voice_twiml.AUDIO_PATH)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint(f"{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/audio/<name>", methods=["GET"])
        async def audio(_: Request, name: str) -> HTTPResponse:
            return await relay_audio(name)

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            await core.receive_body(request)
            return await self.handle(request, on_new_message)

        return webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        """Verify, de-duplicate by CallSid and step, and answer with TwiML."""
        form = core.verified_form(self.settings, self.validator, request)
        if form is None:
            logger.warning("Rejected a %s webhook with a missing or wrong signature.", self.name())
            return response.text("Forbidden: invalid Twilio signature", status=403)
        call_sid = form.get("CallSid")
        if not call_sid:
            return response.text("Bad request: CallSid is missing", status=400)
        if form.get("CallStatus") in FINISHED_CALL_STATUSES:
            return response.text(str(VoiceResponse()), content_type="text/xml")
        answering = "turn" in request.args
        turn = bounded_int(request.args.get("turn"))
        silences = bounded_int(request.args.get("silences"), MAX_SILENCES)
        page = bounded_int(request.args.get("page"), 50)
        wait = bounded_int(request.args.get("wait"), len(voice_twiml.WAIT_SECONDS) - 1)
        slower = bounded_int(request.args.get("slow"), 1) == 1
        key = f"{call_sid}:{int(answering)}:{turn}:{silences}:{page}:{wait}:{int(slower)}"

        async def produce() -> str:
            step = Step(call_sid, answering, turn, silences, self.webhook_url, page, wait, slower)
            return await self.answer(request, form, step, on_new_message)

        sender = core.sender_id_for(form.get("From"))
        twiml = await self.replies.reply_once(key, produce, sender=sender)
        return response.text(twiml, content_type="text/xml")

    async def answer(
        self, request: Request, form: dict[str, str], step: Step, on_new_message: OnNewMessage
    ) -> str:
        """Decide what the caller hears next."""
        caller = (form.get("From") or "").strip()
        sender_id = None if caller.lower() in WITHHELD_CALLER_IDS else core.sender_id_for(caller)
        if sender_id is None:
            logger.info("Call %s with a withheld number.", core.redacted(step.call_sid))
            return voice_twiml.goodbye_response(WITHHELD_NUMBER, self.languages.speaking(None))
        agent = getattr(request.app.ctx, "agent", None)
        tracker = await agent.tracker_store.retrieve(sender_id) if agent else None
        if not step.answering:  # slower speech asked for on an earlier call stays
            step = replace(step, slower=await self.pace.remembered(sender_id))
        already = core.replies_to(tracker, f"{step.call_sid}:{step.turn}")
        if already is not None:  # a replay after a restart: the same answer, no second turn
            return self.speak(tracker, already, step)
        said = core.latest_bot_turn(tracker)
        menu = voice_menu.menu_page(said, step.page)
        heard = self.heard(form, step, menu, core.slot_value(tracker, "language"))
        if heard.kind in ("repeat", "silence", "more", "slower") and not menu.messages:
            heard = CallerInput("start", GREET_PAYLOAD)
        if heard.kind == "slower":
            await self.pace.remember(sender_id)
            step = replace(step, slower=True)
            return self.speak(tracker, said, step, page=menu.page)
        if heard.kind == "more":
            return self.speak(tracker, said, step, page=menu.next_page)
        if heard.kind == "repeat":
            return self.speak(tracker, said, step, page=menu.page)
        if heard.kind == "silence" and step.silences < MAX_SILENCES:
            step = replace(step, wait=step.wait + 1)  # more time on this and later prompts
            return self.speak(tracker, said, step, page=menu.page, silences=step.silences + 1)
        if heard.kind == "silence":
            return await self.no_input(agent, tracker, sender_id, step)
        messages = await self.run_turn(heard.text, sender_id, step, on_new_message)
        tracker = await agent.tracker_store.retrieve(sender_id) if agent else tracker
        return self.speak(tracker, messages, step)

    def heard(
        self, form: Mapping[str, str], step: Step, menu: MenuPage, language: object
    ) -> CallerInput:
        """What the caller did, read against the page of the prompt they are on: 0 turns a
        paged menu, a language's name chooses it, "slower" in their language slows the call."""
        heard = caller_input(form, step.answering, menu.buttons)
        if heard.kind != "text" or heard.text.startswith("/"):
            return heard
        if menu.pages > 1 and heard.text == voice_menu.MORE_KEY:
            return CallerInput("more")
        if self.pace.asks_slower(heard.text, language):
            return CallerInput("slower")
        if menu.languages:
            names = {code: self.languages.for_language(code).names for code in menu.languages}
            code = voice_menu.language_named(heard.text, names)
            if code is not None:
                return CallerInput("text", menu.languages[code])
        return heard

    async def run_turn(
        self, text: str, sender_id: str, step: Step, on_new_message: OnNewMessage
    ) -> list[dict[str, Any]]:
        """One turn of the conversation; its replies as rendered for the voice channel."""
        collector = VoiceCollector()
        try:
            await on_new_message(
                UserMessage(
                    text,
                    collector,
                    sender_id,
                    input_channel=self.name(),
                    message_id=f"{step.call_sid}:{step.turn}",
                    metadata={"channel": self.channel_label, "call_sid": step.call_sid},
                )
            )
        except Exception:  # noqa: BLE001 - the caller must still hear something
            logger.exception("Turn failed for conversation %s.", core.redacted(sender_id))
            return [{"text": SOMETHING_WENT_WRONG, "buttons": []}]
        if collector.erased:  # what we said earlier in the call may echo what was erased
            await self.replies.erase_sender(sender_id)
        return collector.messages or [{"text": SOMETHING_WENT_WRONG, "buttons": []}]

    def speak(
        self,
        tracker: DialogueStateTracker | None,
        said: list[dict[str, Any]],
        step: Step,
        page: int = 0,
        silences: int = 0,
    ) -> str:
        """A turn's messages (the page the caller is on) said inside a `<Gather>` in the
        conversation's language."""
        language = core.slot_value(tracker, "language")
        menu = voice_menu.menu_page(said, page)
        messages, buttons = menu.messages, menu.buttons
        action = step.next(silences, page=menu.page)
        prompts = [str(message.get("text") or "") for message in messages]
        seconds = voice_twiml.spoken_seconds(prompts)
        if seconds > voice_twiml.MAX_PROMPT_SECONDS:
            # The wording is the NLG's; this tells its authors which prompts are too long.
            logger.warning("A voice prompt takes about %.0f s to say (aim for 25 s).", seconds)
        hearing = self.languages.for_language(language)
        hints = [
            name for code in menu.languages for name in self.languages.for_language(code).names
        ]
        return voice_twiml.gather_response(
            prompts,
            buttons,
            hearing,
            self.languages.speaking(language),
            action,
            self.languages.speaking,
            pace=self.pace_of(step, language),
            hints=[*hints, *self.pace.words(language)],
            audio_base=self.audio_url,
        )

    @staticmethod
    def pace_of(step: Step, language: object) -> Pace:
        """How this call is said: slower if asked, Easy Read slowly with pauses."""
        return Pace(wait=step.wait, slower=step.slower, easy_read=language == voice_twiml.EASY_READ)

    async def no_input(
        self, agent: Any, tracker: DialogueStateTracker | None, sender_id: str, step: Step
    ) -> str:
        """After repeated silence: offer another way to carry on (NLG wording) and hang up."""
        language = core.slot_value(tracker, "language")
        text = NO_INPUT_FALLBACK
        try:
            rendered = await agent.nlg.generate(
                NO_INPUT_RESPONSE,
                tracker or DialogueStateTracker.from_events(sender_id, []),
                VoiceCollector.name(),
                language=language,
            )
            text = (rendered or {}).get("text") or text
        except Exception:  # noqa: BLE001 - the NLG being down must not make the call silent
            logger.exception("No-input wording unavailable for %s.", core.redacted(sender_id))
        speaker = self.languages.speaking(language)
        pace = self.pace_of(step, language)
        return voice_twiml.goodbye_response(
            text, speaker, self.languages.speaking, pace, audio_base=self.audio_url
        )
