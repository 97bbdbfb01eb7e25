"""A prompt on a call as a sequence of pieces: each played from a current recording where one
exists, else said by the language's voice, else said in English (api/recordings/pieces.py).

Rendering for a call marks every translated text, and every value put into one, with invisible
markers, so that after the response is built (joined lines, menus, read-backs) each piece is still
known: which text, in which language, in which words, with which English. Composing them then
decides piece by piece; the channel plays `[[play:<path>]]` lines and says the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from api.nlg.context import RenderContext
from api.nlg.messages import Button, Msg, Rendered
from api.nlg.safety import is_safety_critical
from api.nlg.voice import (
    CALL_ME_BACK,
    INTERPRETER_CALL,
    LANGUAGE_TAG,
    PRESS_FOR,
    PRESS_TO_REPEAT,
    spoken,
)
from api.nlg.voice_menu import PAGE_BREAK
from api.nlg.voice_wording import ON_A_CALL, VOICE_CHANNEL
from api.recordings.cache import Playable, Recordings
from api.recordings.pieces import NAME, NUMBERS, SPOKEN, number_id, recorded_parts, text_id
from api.translations.languages import DEFAULT_LANGUAGE
from api.translations.status import CHECKED

OPEN, MID, CLOSE = "\ue000", "\ue001", "\ue002"
MARKS = re.compile("[\ue000-\ue002]")
TAGS = re.compile(r"^\[\[lang:[a-z]{2,3}(?:@[a-z]{2,12})?\]\] ?", re.MULTILINE)
PLAY_TAG = "[[play:{path}]] "
PRESS_FOR_ID = text_id(PRESS_FOR.context, PRESS_FOR.msgid)
PRESS_TO_REPEAT_ID = text_id(PRESS_TO_REPEAT.context, PRESS_TO_REPEAT.msgid)


@dataclass(frozen=True)
class Node:
    """One marked text or value: its language and piece, its words, its English."""

    language: str
    piece: str | None  # a text id, "number-N", or None for a value said as it is
    template: str  # in its language, placeholders unfilled
    english: str  # the whole of it in English, values filled: said when nothing else can be
    source: str  # today's English of the text: a recording must have been made from it
    safety: bool


Tree = tuple[int, list["Part"]]
Part = str | Tree


def parse(text: str) -> list[Part]:
    """Marked text as literal strings and (node index, children); stray markers are dropped."""
    root: list[Part] = []
    stack: list[tuple[int, list[Part]]] = []
    current = root
    position = 0
    while position < len(text):
        char = text[position]
        if char == OPEN:
            end = text.find(MID, position)
            index = text[position + 1 : end] if end > 0 else ""
            if index.isdigit():
                node: tuple[int, list[Part]] = (int(index), [])
                current.append(node)
                stack.append(node)
                current = node[1]
                position = end + 1
                continue
        elif char == CLOSE and stack:
            stack.pop()
            current = stack[-1][1] if stack else root
        elif char not in (OPEN, MID, CLOSE):
            end = position
            while end < len(text) and text[end] not in (OPEN, MID, CLOSE):
                end += 1
            if current and isinstance(current[-1], str):
                current[-1] += text[position:end]
            else:
                current.append(text[position:end])
            position = end
            continue
        position += 1
    return root


def plain(text: str) -> str:
    """Marked text as it reads."""
    return MARKS.sub("", re.sub(f"{OPEN}[0-9]*{MID}", "", text))


@dataclass(frozen=True)
class PieceContext(RenderContext):
    """A rendering for a call that marks each text and value (see the module's docstring).

    Safety texts are gated as in api/nlg/render.py (GatedContext): ``checked`` is its check.
    """

    checked: Callable[[str, Msg], bool] = lambda _code, _msg: False
    recordings: Recordings = field(default_factory=dict)
    nodes: list[Node] = field(default_factory=list)
    fell_back: list[Msg] = field(default_factory=list)

    def _mark(self, node: Node, content: str) -> str:
        self.nodes.append(node)
        return f"{OPEN}{len(self.nodes) - 1}{MID}{content}{CLOSE}"

    def english(self, marked: str) -> str:
        """The English of marked text: each node's English, literals as they are."""
        return "".join(
            part if isinstance(part, str) else self.nodes[part[0]].english for part in parse(marked)
        )

    def _value(self, value: object, code: str) -> str:
        """A value put into a text, marked as a number piece or as words said as they are."""
        if isinstance(value, int) and not isinstance(value, bool) and value in NUMBERS:
            words = str(value)
            return self._mark(Node(code, number_id(value), words, words, words, False), words)
        text = str(value)
        for language in self.languages.ordered:  # a language's name in its own words
            if text == language.native_name:
                english = language.english_name
                node = Node(language.code, NAME, text, english, english, False)
                return self._mark(node, text)
        parts = parse(text)
        if len(parts) == 1 and not isinstance(parts[0], str):
            return text  # already one marked text
        return self._mark(Node(code, None, plain(text), self.english(text), "", False), text)

    def speaks(self, code: str) -> bool:
        """A voice for the language, or its menu line recorded: "press N for" and its name."""
        language = self.languages.get(code)
        if super().speaks(code) or language is None:
            return super().speaks(code)
        template = RenderContext.t(self, PRESS_FOR, in_language=code)
        source = self.overrides.get((DEFAULT_LANGUAGE, PRESS_FOR.context, PRESS_FOR.msgid))
        parts = [
            (piece, words, source or PRESS_FOR.msgid)
            for piece, words in recorded_parts(PRESS_FOR_ID, template)
        ]
        parts.append((NAME, language.native_name, language.english_name))
        return all(
            (found := self.recordings.get((code, piece))) is not None
            and (found.words, found.english) == (words, english)
            for piece, words, english in parts
        )

    def _recorded_and_checked(self, code: str, msg: Msg) -> bool:
        """Whether a safety text's words are all in reviewed or certified recordings of today's
        text: a qualified person checked what the caller will hear, so it may be played."""
        template = RenderContext.t(self, msg, in_language=code)
        source = self.overrides.get((DEFAULT_LANGUAGE, msg.context, msg.msgid), msg.msgid)
        parts = recorded_parts(text_id(msg.context, msg.msgid), template)
        found = [self.recordings.get((code, piece)) for piece, _ in parts]
        return bool(parts) and all(
            r is not None and r.words == words and r.english == source and r.status in CHECKED
            for r, (_, words) in zip(found, parts, strict=True)
        )

    def t(self, msg: Msg, *, in_language: str | None = None, **params: object) -> str:
        """Translate as GatedContext does (or a safety text heard from a checked recording),
        marked with the text's piece."""
        if self.channel == VOICE_CHANNEL:
            msg = ON_A_CALL.get(msg, msg)
        code = in_language or self.language.code
        safety = is_safety_critical(msg.context, msg.msgid)
        if (
            code != DEFAULT_LANGUAGE
            and safety
            and not self.checked(code, msg)
            and not self._recorded_and_checked(code, msg)
        ):
            self.fell_back.append(msg)
            code = DEFAULT_LANGUAGE
        template = RenderContext.t(self, msg, in_language=code)
        english = RenderContext.t(self, msg, in_language=DEFAULT_LANGUAGE)
        values = {name: self._value(value, code) for name, value in params.items()}
        if params:
            template_filled = template % values
            english = english % {name: self.english(v) for name, v in values.items()}
        else:
            template_filled = template
        source = self.overrides.get((DEFAULT_LANGUAGE, msg.context, msg.msgid), msg.msgid)
        piece = text_id(msg.context, msg.msgid)
        return self._mark(Node(code, piece, template, english, source, safety), template_filled)


@dataclass(frozen=True)
class Play:
    """A recording to play, and the words it speaks (for logs and timing)."""

    path: str
    words: str


@dataclass(frozen=True)
class Say:
    """Words for a voice: the language's own, or English's."""

    text: str
    language: str


Item = Play | Say


class Composer:
    """Decides, piece by piece, what a call plays or says."""

    def __init__(self, ctx: PieceContext) -> None:
        self.ctx = ctx
        self.in_english = False  # some text of a language without a voice had to be said in English

    def _voiced(self, code: str) -> bool:
        language = self.ctx.languages.get(code)
        return code == DEFAULT_LANGUAGE or bool(language and language.voice.say_voice)

    def _say(self, text: str, code: str) -> list[Item]:
        return [Say(text, code if self._voiced(code) else DEFAULT_LANGUAGE)]

    def _playable(
        self, code: str, piece: str, words: str, source: str, safety: bool
    ) -> Playable | None:
        found = self.ctx.recordings.get((code, piece))
        if found is None or found.words != words or found.english != source:
            return None  # none, or stale: the text changed since it was recorded
        return found if not safety or found.status in CHECKED else None

    def items(self, parts: list[Part], code: str) -> list[Item]:
        """What the parts come to: literals said in this language, nodes decided on their own."""
        found: list[Item] = []
        for part in parts:
            found += self._say(part, code) if isinstance(part, str) else self.node(part)
        return found

    def node(self, tree: Tree) -> list[Item]:
        """One marked text: recorded whole, or in pieces, or said."""
        node, children = self.ctx.nodes[tree[0]], tree[1]
        if node.piece is None:
            return self.items(children, node.language)
        if node.piece.startswith("number-") or node.piece == NAME:
            found = self._playable(node.language, node.piece, node.template, node.source, False)
            return (
                [Play(found.path, found.words)]
                if found
                else self._say(node.template, node.language)
            )
        parts = recorded_parts(node.piece, node.template)
        recordings = [
            self._playable(node.language, p, w, node.source, node.safety) for p, w in parts
        ]
        # A text with no words of its own ("%(label)s: %(value)s") is its values, each decided.
        if all(recordings):
            return self._played(children, iter(recordings))
        keyed = self._keypad_words(node, children)
        if keyed is not None:
            return keyed
        if self._voiced(node.language):
            return self.items(children, node.language)
        self.in_english = True
        return [Say(node.english, DEFAULT_LANGUAGE)]

    def _played(self, children: list[Part], recordings: object) -> list[Item]:
        found: list[Item] = []
        for child in children:
            if isinstance(child, str):
                recording = next(recordings, None) if SPOKEN.search(child) else None  # type: ignore[call-overload]
                if recording is not None:
                    found.append(Play(recording.path, recording.words))
            else:
                found += self.node(child)
        return found

    def _keypad_words(self, node: Node, children: list[Part]) -> list[Item] | None:
        """'Press N for X' as [press][N][X], 'press star' as [press][star], when recorded."""

        def word(piece: str) -> Playable | None:
            return self._playable(node.language, piece, piece, piece, False)

        press = word("press")
        if press is None:
            return None
        if node.piece == PRESS_FOR_ID:
            nodes = [c for c in children if not isinstance(c, str)]
            numbers = [c for c in nodes if (self.ctx.nodes[c[0]].piece or "").startswith("number-")]
            options = [c for c in nodes if c not in numbers]
            found: list[Item] = [Play(press.path, press.words)]
            for child in numbers + options:
                found += self.node(child)
            return found
        star = word("star")
        if node.piece == PRESS_TO_REPEAT_ID and star is not None:
            return [Play(press.path, press.words), Play(star.path, star.words)]
        return None


def lines(items: list[Item]) -> str:
    """The items as the channel reads them: `[[play:…]] words` and `[[lang:…]] words` lines."""
    merged: list[Item] = []
    for item in items:
        last = merged[-1] if merged else None
        if isinstance(item, Say) and isinstance(last, Say) and last.language == item.language:
            merged[-1] = Say(last.text + item.text, item.language)
        else:
            merged.append(item)
    out = []
    for item in merged:
        if isinstance(item, Play):
            out.append(PLAY_TAG.format(path=item.path) + " ".join(item.words.split()))
            continue
        for line in item.text.split("\n"):
            if SPOKEN.search(line):
                out.append(LANGUAGE_TAG.format(code=item.language) + line.strip())
    return "\n".join(out)


def compose(ctx: PieceContext, marked: str) -> tuple[str, bool]:
    """Marked text as channel lines, and whether any of it had to be said in English."""
    composer = Composer(ctx)
    items = composer.items(parse(TAGS.sub("", marked)), ctx.language.code)
    return lines(items), composer.in_english


def in_pieces(ctx: PieceContext, rendered: Rendered) -> Rendered:
    """The response as said on a call, piece by piece.

    A language without a voice whose texts are not all recorded offers an interpreter call-back
    as the last option, as when nothing is recorded (api/nlg/voice.py, voiceless).
    """
    everything = "\n".join([rendered.text, *(b.title for b in rendered.buttons)])
    _, in_english = compose(ctx, everything)
    options = rendered.buttons
    if in_english and options and all(b.payload != CALL_ME_BACK for b in options):
        options = [*options, Button(ctx.t(INTERPRETER_CALL), CALL_ME_BACK)]
    said = spoken(ctx, Rendered(rendered.text, options))
    text, _ = compose(ctx, said.text)
    return Rendered(text, [Button(plain(b.title), b.payload) for b in said.buttons])


def has_recordings(recordings: Mapping[tuple[str, str], Playable], code: str | None) -> bool:
    """Whether a language (or, before one is chosen, any language) has a recording."""
    return any(code is None or language == code for language, _ in recordings)


def paged_in_pieces(ctx: PieceContext, menu: Rendered) -> Rendered:
    """The phone language menu (api/nlg/voice_menu.py) piece by piece, page by page: a language
    Twilio can't speak is offered in its own recorded words once they are recorded."""
    pages = menu.text.split(f"\n{PAGE_BREAK}\n")
    text = f"\n{PAGE_BREAK}\n".join(compose(ctx, page)[0] for page in pages)
    return Rendered(text, [Button(plain(b.title), b.payload) for b in menu.buttons])
