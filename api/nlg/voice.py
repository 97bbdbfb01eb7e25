"""Voice wording: a phone call can't show a numbered menu, so the options are spoken."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from api.nlg.context import RenderContext
from api.nlg.messages import P_, Button, Rendered
from api.translations.languages import DEFAULT_LANGUAGE, Language, Languages

# Star, not 9, repeats: some menus (interpreter languages) have nine options or more.
REPEAT_KEY = "*"

# The option first, as a label: "Press 18 for Українська" would need the name in a case.
PRESS_FOR = P_("voice", "%(option)s: press %(number)s.")
INTERPRETER_CALL = P_("voice", "An interpreter to call me back")
CALL_ME_BACK = "/call_me_back"
# TRANSLATORS: "star" is the * key on a telephone keypad.
PRESS_TO_REPEAT = P_("voice", "Press star to hear this again.")

# A line to be said in another language's voice starts with this tag. The twilio_voice channel
# reads it (bot/channels/voice_twiml.py, LANGUAGE_TAG) and never says the tag itself.
LANGUAGE_TAG = "[[lang:{code}]] "
CHOOSE_LANGUAGE = re.compile(r'^/choose_language\{"language":"([^"]+)"\}$')


def in_voice_of(code: str, text: str) -> str:
    """Each line of the text tagged to be said in this language's voice."""
    return "\n".join(LANGUAGE_TAG.format(code=code) + line for line in text.splitlines())


def chosen_language(ctx: RenderContext, button: Button) -> Language | None:
    """The offered language a language-menu option chooses, if it is one."""
    match = CHOOSE_LANGUAGE.match(button.payload)
    return ctx.languages.get(match.group(1)) if match else None


def option_line(
    ctx: RenderContext, number: int, button: Button, english: list[re.Pattern[str]] | None = None
) -> str:
    """'Press N for X'; a language option in that language's own words and voice where Twilio
    can speak it, else in English with the language's English name. An option whose words were
    sent in English (an unchecked translation) is offered in English by the English voice."""
    language = chosen_language(ctx, button)
    if language is None and in_english(button.title, english or []):
        line = ctx.t(PRESS_FOR, in_language=DEFAULT_LANGUAGE, number=number, option=button.title)
        return in_voice_of(DEFAULT_LANGUAGE, line)
    if language is None:
        return ctx.t(PRESS_FOR, number=number, option=button.title)
    if not ctx.speaks(language.code):
        language, option = ctx.languages.get(DEFAULT_LANGUAGE), language.english_name
    else:
        option = language.native_name
    assert language is not None
    line = ctx.t(PRESS_FOR, in_language=language.code, number=number, option=option)
    return in_voice_of(language.code, line)


PLACEHOLDER = re.compile(r"%\(\w+\)s")


def fallen_back(ctx: RenderContext) -> list[re.Pattern[str]]:
    """The English of texts sent in English in place of an unchecked translation (api/nlg/render.py,
    GatedContext.fell_back), as patterns for whole lines and option titles."""
    messages = getattr(ctx, "fell_back", None)
    if not messages or ctx.language.code == DEFAULT_LANGUAGE:
        return []
    englishes = {
        ctx.overrides.get((DEFAULT_LANGUAGE, m.context, m.msgid), m.msgid) for m in messages
    }
    return [
        re.compile(".+?".join(re.escape(part) for part in PLACEHOLDER.split(english)))
        for english in englishes
    ]


def in_english(text: str, patterns: list[re.Pattern[str]]) -> bool:
    """Whether the text is one of those sent in English."""
    return bool(text.strip()) and any(p.fullmatch(text.strip()) for p in patterns)


def english_in_the_english_voice(text: str, patterns: list[re.Pattern[str]]) -> str:
    """The lines sent in English tagged, so the English voice says them, not the language's."""
    return "\n".join(
        in_voice_of(DEFAULT_LANGUAGE, line) if in_english(line, patterns) else line
        for line in text.split("\n")
    )


def spoken(ctx: RenderContext, rendered: Rendered) -> Rendered:
    """The response as said on a call: its text, each option as 'Press N for X', and how to repeat.

    The buttons stay, so the keypad digit maps to the same payload as an SMS reply would.
    """
    english = fallen_back(ctx)
    text = english_in_the_english_voice(rendered.text, english)
    if not rendered.buttons:
        return Rendered(text, rendered.buttons)
    options = [button for button in rendered.buttons if button.payload != CALL_ME_BACK]
    if options and all(chosen_language(ctx, button) for button in options):
        # The language menu opens with a line in English (api/nlg/responses.py ask_language).
        first, _, rest = text.partition("\n")
        text = "\n".join(x for x in (in_voice_of(DEFAULT_LANGUAGE, first), rest) if x)
    lines = [text]
    lines += [
        option_line(ctx, number, button, english)
        for number, button in enumerate(rendered.buttons, start=1)
    ]
    lines.append(ctx.t(PRESS_TO_REPEAT))
    return Rendered("\n".join(lines), rendered.buttons)


def voiceless(
    ctx: RenderContext, definition: Callable[[RenderContext], Rendered], languages: Languages
) -> Rendered:
    """A language Twilio can't speak: say it in English, and offer an interpreter call-back.

    The caller can still answer every menu by keypad; the extra last option queues a call from a
    person with an interpreter in their own language.
    """
    english = languages.get(DEFAULT_LANGUAGE)
    assert english is not None
    # English words, but the person's language is still theirs: "Language: Urdu", not "English".
    as_english = replace(
        ctx, language=english.model_copy(update={"native_name": ctx.language.english_name})
    )
    worded = definition(as_english)
    if not worded.buttons:
        return spoken(as_english, worded)
    offer = Button(ctx.t(INTERPRETER_CALL, in_language=DEFAULT_LANGUAGE), CALL_ME_BACK)
    with_offer = Rendered(worded.text, [*worded.buttons, offer])
    return spoken(as_english, with_offer)
