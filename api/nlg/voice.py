"""Voice wording: a phone call can't show a numbered menu, so the options are spoken."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from api.languages import DEFAULT_LANGUAGE, Languages
from api.nlg.context import RenderContext
from api.nlg.messages import P_, Button, Rendered

VOICE_CHANNEL = "twilio_voice"
# Star, not 9, repeats: some menus (interpreter languages) have nine options or more.
REPEAT_KEY = "*"

PRESS_FOR = P_("voice", "Press %(number)s for %(option)s.")
INTERPRETER_CALL = P_("voice", "An interpreter to call me back")
CALL_ME_BACK = "/call_me_back"
# TRANSLATORS: "star" is the * key on a telephone keypad.
PRESS_TO_REPEAT = P_("voice", "Press star to hear this again.")


def spoken(ctx: RenderContext, rendered: Rendered) -> Rendered:
    """The response as said on a call: its text, each option as 'Press N for X', and how to repeat.

    The buttons stay, so the keypad digit maps to the same payload as an SMS reply would.
    """
    if not rendered.buttons:
        return rendered
    lines = [rendered.text]
    lines += [
        ctx.t(PRESS_FOR, number=number, option=button.title)
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
    in_english = definition(as_english)
    if not in_english.buttons:
        return spoken(as_english, in_english)
    offer = Button(ctx.t(INTERPRETER_CALL, in_language=DEFAULT_LANGUAGE), CALL_ME_BACK)
    with_offer = Rendered(in_english.text, [*in_english.buttons, offer])
    return spoken(as_english, with_offer)
