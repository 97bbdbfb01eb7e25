"""The call that says a message which could not be delivered as text.

Said in the person's language where Twilio has a voice for it; otherwise in English, with the
offer of a call-back from a person with an interpreter (until recordings exist). The keypad
repeats the message (star) or, in English, asks for that interpreter call-back (1).
"""

from __future__ import annotations

import re

from twilio.twiml.voice_response import Gather, VoiceResponse

from api.nlg.voice import INTERPRETER_CALL, PRESS_FOR, PRESS_TO_REPEAT
from api.outbound.wording import MessageWording
from api.translations.languages import DEFAULT_LANGUAGE

LANGUAGE_TAG = re.compile(r"^\[\[lang:([a-z]{2,3}(?:@[a-z]{2,12})?)\]\] ?")
REPEAT_KEY, INTERPRETER_KEY = "*", "1"
GATHER_SECONDS = 6


def say_lines(
    parent: VoiceResponse | Gather, wording: MessageWording, language: str, text: str
) -> None:
    """Each line its own <Say> (a pause between them), in its tagged language's voice."""
    for line in filter(None, (line.strip() for line in text.splitlines())):
        tagged = LANGUAGE_TAG.match(line)
        code = tagged.group(1) if tagged else language
        voice, say_language = wording.voice_of(code)
        parent.say(LANGUAGE_TAG.sub("", line), voice=voice, language=say_language)


def call_twiml(wording: MessageWording, language: str, text: str, keys_url: str | None) -> str:
    """TwiML that says `text` and offers the keys; `keys_url` receives the key pressed."""
    response = VoiceResponse()
    gather = Gather(input="dtmf", num_digits=1, timeout=GATHER_SECONDS, action=keys_url,
                    method="POST", finish_on_key="")  # fmt: skip
    say_lines(gather, wording, language, text)
    speaks = wording.says(language)
    spoken_in = language if speaks else DEFAULT_LANGUAGE
    say_lines(gather, wording, spoken_in, wording.translate(PRESS_TO_REPEAT, spoken_in))
    if not speaks:
        offer = wording.translate(INTERPRETER_CALL, DEFAULT_LANGUAGE)
        line = wording.translate(PRESS_FOR, DEFAULT_LANGUAGE, number=INTERPRETER_KEY, option=offer)
        say_lines(gather, wording, DEFAULT_LANGUAGE, line)
    response.append(gather)
    return str(response)
