"""Voice wording: a phone call can't show a numbered menu, so the options are spoken."""

from __future__ import annotations

from api.nlg.context import RenderContext
from api.nlg.messages import P_, Rendered

VOICE_CHANNEL = "twilio_voice"
# Star, not 9, repeats: some menus (interpreter languages) have nine options or more.
REPEAT_KEY = "*"

PRESS_FOR = P_("voice", "Press %(number)s for %(option)s.")
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
