"""Voice TwiML: which voice and speech language a conversation uses, and the `<Gather>` it hears."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from twilio.twiml.voice_response import Gather, Say, VoiceResponse

DEFAULT_LANGUAGE = "en"
EASY_READ = "en@easyread"
SPEECH_TIMEOUT = "auto"
# Seconds to answer: more after each time a caller lets a prompt pass in silence (and from the
# start for a caller who asked for slower speech), for the rest of the call.
WAIT_SECONDS = (6, 12, 20)
GATHER_TIMEOUT_SECONDS = WAIT_SECONDS[0]
SLOWER_KEY = "#"  # with finishOnKey="" on menus, so "#" arrives as a key of its own
WORDS_PER_SECOND = 2.5  # a calm telephone reading pace (150 words a minute)
MAX_PROMPT_SECONDS = 25
# A line the NLG wants said in another language's voice (api/nlg/voice.py, LANGUAGE_TAG).
LANGUAGE_TAG = re.compile(r"^\[\[lang:([a-z]{2,3}(?:@[a-z]{2,12})?)\]\] ?", re.MULTILINE)
AUDIO_PATH = "/webhooks/twilio_voice/audio"  # recorded prompts, relayed from the API
# A line to be played from a recording (api/nlg/voice_pieces.py): only our own audio paths.
PLAY_TAG = re.compile(
    r"^\[\[play:(/voice/audio/[0-9a-f]{64}-[0-9a-f]{32}\.wav)\]\] ?", re.MULTILINE
)


def untagged(text: str) -> str:
    """The words to say, without language or recording tags."""
    return PLAY_TAG.sub("", LANGUAGE_TAG.sub("", text))


def spoken_seconds(texts: Sequence[str]) -> float:
    """Roughly how long these prompts take to read aloud."""
    return sum(len(untagged(text).split()) for text in texts) / WORDS_PER_SECOND


@dataclass(frozen=True)
class VoiceLanguage:
    """How Twilio speaks and hears one conversation language (locales/languages.yml `voice:`)."""

    code: str
    keypad_only: bool
    say_voice: str | None
    say_language: str | None
    speech_language: str | None
    names: tuple[str, ...] = field(
        default=(), compare=False
    )  # what a caller may say to choose it ("Somali", "Soomaali")


@dataclass(frozen=True)
class Pace:
    """How fast prompts are said and how long the caller has to answer."""

    wait: int = 0  # index into WAIT_SECONDS
    slower: bool = False  # the caller asked for slower speech (key or word)
    easy_read: bool = False  # Easy Read: short sentences, said slowly with pauses

    @property
    def timeout(self) -> int:
        return WAIT_SECONDS[min(max(self.wait, 1 if self.slower else 0), len(WAIT_SECONDS) - 1)]

    @property
    def rate(self) -> str | None:
        """SSML prosody rate (Twilio <Say><prosody>), or None for the voice's own pace."""
        if self.slower:
            return "80%"
        return "90%" if self.easy_read else None

    @property
    def pause(self) -> str | None:
        """A pause after each slowed sentence (SSML <break>), or None."""
        return "700ms" if self.rate else None


SENTENCE_END = re.compile(r"(?<=[.!?।۔。])\s+")


# Used when languages.yml is missing or has no English: the call must never be silent.
ENGLISH = VoiceLanguage("en", False, "Polly.Amy", "en-GB", "en-GB")


@dataclass(frozen=True)
class VoiceLanguages:
    """Voice settings of every offered language, with English as the fallback."""

    by_code: Mapping[str, VoiceLanguage]

    @classmethod
    def from_file(cls, path: Path) -> VoiceLanguages:
        """Read the `voice:` block of each language in locales/languages.yml."""
        if not path.is_file():
            return cls({})
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = document.get("languages") or []
        return cls({str(entry["code"]): _voice_language(entry) for entry in entries})

    def for_language(self, code: object) -> VoiceLanguage:
        """The voice settings for a language code, else English's."""
        if isinstance(code, str) and code in self.by_code:
            return self.by_code[code]
        return self.by_code.get(DEFAULT_LANGUAGE, ENGLISH)

    def speaking(self, code: object) -> VoiceLanguage:
        """The settings a `<Say>` uses: the language's own voice, else the default (English) one."""
        language = self.for_language(code)
        if not (language.say_voice and language.say_language):
            fallback = self.by_code.get(DEFAULT_LANGUAGE, ENGLISH)
            return fallback if not fallback.keypad_only else ENGLISH
        return language


def _voice_language(entry: Mapping[str, Any]) -> VoiceLanguage:
    """One language's voice settings; a language without any is keypad-only."""
    voice = entry.get("voice") or {}
    return VoiceLanguage(
        code=str(entry["code"]),
        keypad_only=bool(voice.get("keypad_only", True)) or not voice.get("speech_language"),
        say_voice=voice.get("say_voice"),
        say_language=voice.get("say_language"),
        speech_language=voice.get("speech_language"),
        names=tuple(
            str(name)
            for name in (
                entry.get("native_name"),
                entry.get("english_name"),
                *voice.get("names", []),
            )
            if name
        ),
    )


def action_url(webhook_url: str, turn: int, silences: int, **state: int) -> str:
    """Where Twilio posts what the caller said next; turn and silences make each post unique,
    the rest is the call's state (menu page, waiting time, slower speech) where it is not 0."""
    query = urllib.parse.urlencode(
        {"turn": turn, "silences": silences, **{k: v for k, v in state.items() if v}}
    )
    return f"{webhook_url}?{query}"


def digits_needed(buttons: Sequence[Mapping[str, Any]]) -> int | None:
    """How many keys answer this menu (1 for up to 9 options), or None for free speech."""
    return len(str(len(buttons))) if buttons else None


Speaking = Callable[[str], VoiceLanguage]


@dataclass(frozen=True)
class Played:
    """A recording to play: its path on the API (the channel serves it under its own URL)."""

    path: str

    def url(self, audio_base: str) -> str:
        """Where Twilio fetches it: the audio base URL and the file's name."""
        return f"{audio_base.rstrip('/')}/{self.path.rsplit('/', 1)[-1]}"


Part = tuple[str, VoiceLanguage] | Played


def voice_parts(text: str, speaker: VoiceLanguage, speaking: Speaking | None = None) -> list[Part]:
    """The text as recordings to play and runs of lines to say, each run with its voice."""
    found: list[Part] = []
    lines: list[str] = []
    for line in [*text.strip().splitlines(), ""]:
        play = PLAY_TAG.match(line)
        if play is None and line:
            lines.append(line)
            continue
        found += said_by("\n".join(lines), speaker, speaking)
        lines = []
        if play is not None:
            found.append(Played(play.group(1)))
    return found


def said_by(
    text: str, speaker: VoiceLanguage, speaking: Speaking | None = None
) -> list[tuple[str, VoiceLanguage]]:
    """The text as pieces, one per line, each with its voice: the units a call says (and that a
    recording can replace one by one).

    A tagged line is said in its language's voice, any other in the speaker's (the
    conversation's). Tags are never said; lines to be played are not said.
    """
    pieces: list[tuple[str, VoiceLanguage]] = []
    for line in text.strip().splitlines():
        if PLAY_TAG.match(line):
            continue
        tag = LANGUAGE_TAG.match(line)
        voice = speaking(tag.group(1)) if tag and speaking else speaker
        words = untagged(line).strip()
        if words:
            pieces.append((words, voice))
    return pieces


def say_piece(parent: Gather | VoiceResponse, words: str, voice: VoiceLanguage, pace: Pace) -> None:
    """Say one piece in its voice at the call's pace: the one place a `<Say>` is written."""
    say = Say(voice=voice.say_voice, language=voice.say_language)
    if pace.rate is None:
        say.value = words
    else:  # sentence by sentence, each slower and followed by a pause
        for sentence in (x for x in SENTENCE_END.split(words) if x):
            say.prosody(sentence, rate=pace.rate)
            if pace.pause:
                say.break_(time=pace.pause)
    parent.append(say)


def gather_response(
    prompts: Sequence[str],
    buttons: Sequence[Mapping[str, Any]],
    language: VoiceLanguage,
    speaker: VoiceLanguage,
    action: str,
    speaking: Speaking | None = None,
    pace: Pace | None = None,
    hints: Sequence[str] = (),
    audio_base: str = "",
) -> str:
    """TwiML that says the prompts inside a `<Gather>` so the caller can answer at any moment.

    Recorded lines are played from ``audio_base`` (the channel's public audio URL).
    """
    pace = pace or Pace()
    response = VoiceResponse()
    options: dict[str, Any] = {
        "input": "dtmf" if language.keypad_only else "dtmf speech",
        "action": action,
        "method": "POST",
        "action_on_empty_result": True,
        "timeout": pace.timeout,
    }
    if not language.keypad_only:
        options["language"] = language.speech_language
        options["speech_timeout"] = SPEECH_TIMEOUT
        if hints:
            options["hints"] = ", ".join(hints)
    num_digits = digits_needed(buttons)
    if num_digits is not None:
        options["num_digits"] = num_digits
        options["finish_on_key"] = ""  # the slower key (#) is a key of its own on a menu
    gather = Gather(**options)
    for prompt in prompts:
        for part in voice_parts(prompt, speaker, speaking):
            if isinstance(part, Played):
                gather.play(part.url(audio_base))
            else:
                say_piece(gather, part[0], part[1], pace)
    response.append(gather)
    return str(response)


def goodbye_response(
    text: str,
    speaker: VoiceLanguage,
    speaking: Speaking | None = None,
    pace: Pace | None = None,
    audio_base: str = "",
) -> str:
    """TwiML that says (or plays) one last thing and ends the call."""
    response = VoiceResponse()
    for part in voice_parts(text, speaker, speaking) or [(text, speaker)]:
        if isinstance(part, Played):
            response.play(part.url(audio_base))
        else:
            say_piece(response, part[0], part[1], pace or Pace())
    response.hangup()
    return str(response)
