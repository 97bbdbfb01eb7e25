"""Seconds until a new caller hears their own language, computed from the menu's TwiML.

Renders the phone language menu (no one recorded yet: languages.yml order), builds the TwiML the
twilio_voice channel sends, page by page, and adds up the time of every `<Say>` before the
language's own line, at WORDS_PER_SECOND (a CJK character counts as half a word). A caller whose
language is on a later page presses 0 as soon as "For more languages, press 0." ends; each press
costs KEYPRESS_SECONDS (the key and Twilio's round trip).

    .venv/api/bin/pybabel -q compile -d locales -D frontdoor
    .venv/api/bin/python -m bench.voice_first_words            # print the table
    .venv/api/bin/python -m bench.voice_first_words --write    # and put it in the docs
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from api.core.settings import REPO_ROOT
from api.nlg.render import Renderer
from api.translations.languages import Language, Languages
from bot.channels import voice_menu, voice_twiml
from bot.channels.voice_twiml import VoiceLanguages

LOCALES = REPO_ROOT / "locales"
DOC = REPO_ROOT / "docs" / "voice-languages.md"
START, END = "<!-- first-words:start -->", "<!-- first-words:end -->"
WORDS_PER_SECOND = voice_twiml.WORDS_PER_SECOND
KEYPRESS_SECONDS = 1.0
CJK = re.compile(r"[\u3000-\u9fff]")


def seconds(text: str) -> float:
    """How long a piece takes to say."""
    words = len(CJK.sub(" ", text).split()) + len(CJK.findall(text)) / 2
    return words / WORDS_PER_SECOND


def menu_pages(renderer: Renderer, voices: VoiceLanguages) -> list[list[tuple[str, str, str]]]:
    """Each page's `<Say>` pieces as (voice, language, words), as the channel builds them."""
    rendered = renderer.render("utter_ask_language", {}, {}, "twilio_voice").as_json()
    said = [rendered]
    first = voice_menu.menu_page(said, 0)
    pages = []
    for page in range(first.pages):
        menu = voice_menu.menu_page(said, page)
        twiml = voice_twiml.gather_response(
            [str(m["text"]) for m in menu.messages],
            menu.buttons,
            voices.for_language("en"),
            voices.speaking("en"),
            "https://example.invalid/",
            voices.speaking,
        )
        pages.append(
            [
                (s.get("voice") or "", s.get("language") or "", "".join(s.itertext()))
                for s in ElementTree.fromstring(twiml).iter("Say")
            ]
        )
    return pages


def first_words(language: Language, pages: list[list[tuple[str, str, str]]]) -> tuple[float, int]:
    """Seconds until the language's own line starts, and the page it is on (1-based)."""
    name = language.native_name if language.voice.say_voice else language.english_name
    elapsed = 0.0
    for number, page in enumerate(pages, start=1):
        lines = sorted((p for p in page if name in p[2]), key=lambda p: len(p[2]))
        mine = lines[0] if lines else None
        for piece in page:
            if piece is mine:
                return elapsed, number
            elapsed += seconds(piece[2])
        elapsed += KEYPRESS_SECONDS
    raise LookupError(language.code)


def table(locales: Path = LOCALES) -> str:
    languages = Languages.load(locales)
    pages = menu_pages(
        Renderer.load(locales, languages), VoiceLanguages.from_file(locales / "languages.yml")
    )
    rows = [
        "| Language | Page | Seconds to its first words | Heard in |",
        "|---|---|---|---|",
    ]
    for language in languages.ordered:
        elapsed, page = first_words(language, pages)
        heard = "its own voice" if language.voice.say_voice else "English (no Twilio voice)"
        rows.append(
            f"| {language.english_name} (`{language.code}`) | {page} | {elapsed:.1f} | {heard} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the table in {DOC}")
    result = table()
    if parser.parse_args().write:
        text = DOC.read_text(encoding="utf-8")
        before, _, rest = text.partition(START)
        _, _, after = rest.partition(END)
        DOC.write_text(f"{before}{START}\n{result}\n{END}{after}", encoding="utf-8")
    print(result)


if __name__ == "__main__":
    main()
