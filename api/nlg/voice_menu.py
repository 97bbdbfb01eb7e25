"""The language menu on a call: short pages, most requested languages first, one key each.

A caller who has not chosen a language hears a short greeting, then the first page: each line
in its own language and voice ("Polski: naciśnij 2."), then "For more languages, press 0.".
Pages are separated by a `[[page]]` line and, in the buttons, by a `/more_languages` marker; the
twilio_voice channel says one page at a time and maps keys 1-9 to that page's options
(bot/channels/voice_menu.py), so every page takes a single keypress.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from api.nlg.context import RenderContext
from api.nlg.messages import P_, Button, Rendered
from api.nlg.voice import in_voice_of, option_line
from api.translations.languages import DEFAULT_LANGUAGE, Language

FIRST_PAGE = 5  # the most requested languages, heard within about 15 seconds
PAGE = 8  # later pages; never more than 9, so one key answers
PAGE_BREAK = "[[page]]"
MORE_LANGUAGES = "/more_languages"  # never reaches the conversation: the channel turns the page
MORE_KEY = "0"

GREETING = P_("voice", "Welcome to Front Door. Press or say your language.")
MORE = P_("voice", "For more languages, press 0.")


def by_demand(languages: Sequence[Language], demand: Mapping[str, int]) -> list[Language]:
    """Most recorded people first; the menu order of languages.yml breaks ties (and is the
    order before anyone is recorded)."""
    return sorted(languages, key=lambda x: (-demand.get(x.code, 0), x.menu_order))


def pages(languages: Sequence[Language]) -> list[list[Language]]:
    """The languages split into a short first page and pages of up to PAGE after it."""
    first, rest = list(languages[:FIRST_PAGE]), list(languages[FIRST_PAGE:])
    return [first] + [rest[i : i + PAGE] for i in range(0, len(rest), PAGE)]


def _choose(language: Language) -> Button:
    payload = json.dumps({"language": language.code}, separators=(",", ":"))
    return Button(language.native_name, f"/choose_language{payload}")


def language_menu(ctx: RenderContext, demand: Mapping[str, int]) -> Rendered:
    """The paged language menu as said on a call (text lines and buttons, page by page)."""
    lines = [in_voice_of(DEFAULT_LANGUAGE, ctx.t(GREETING, in_language=DEFAULT_LANGUAGE))]
    if ctx.language.code != DEFAULT_LANGUAGE and ctx.language.voice.say_voice:
        lines.append(in_voice_of(ctx.language.code, ctx.t(GREETING)))
    buttons: list[Button] = []
    paged = pages(by_demand(ctx.languages.ordered, demand))
    for index, page in enumerate(paged):
        if index:
            lines.append(PAGE_BREAK)
        for number, language in enumerate(page, start=1):
            button = _choose(language)
            lines.append(option_line(ctx, number, button))
            buttons.append(button)
        if index < len(paged) - 1:
            more = ctx.t(MORE, in_language=DEFAULT_LANGUAGE)
            lines.append(in_voice_of(DEFAULT_LANGUAGE, more))
            buttons.append(Button(more, MORE_LANGUAGES))
    return Rendered("\n".join(lines), buttons)
