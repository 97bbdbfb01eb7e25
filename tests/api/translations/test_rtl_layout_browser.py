"""English lines in a right-to-left message keep their word order on a phone set to right-to-left:
laid out by a real bidi implementation (headless Chromium), each line its own paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from api.nlg.formatting import LRM, isolate_ltr_runs
from api.nlg.render import Renderer
from api.translations.languages import Languages
from tests.api.browser import chromium_page

# Each line a paragraph, right-to-left as on a phone set to Arabic; where a word starts on screen.
LEFT_OF = """([line, words]) => {
  const p = document.createElement("p");
  p.dir = "rtl";
  p.style.whiteSpace = "pre";
  p.textContent = line;
  document.body.replaceChildren(p);
  const range = document.createRange();
  return words.map(([start, end]) => {
    range.setStart(p.firstChild, start);
    range.setEnd(p.firstChild, end);
    return range.getBoundingClientRect().left;
  });
}"""


@pytest.fixture(scope="module")
def page() -> Page:
    with chromium_page(width=4000) as page:
        yield page


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


def _lefts(page: Page, line: str, words: list[str]) -> list[float]:
    spans = []
    for word in words:
        start = line.index(word)
        spans.append([start, start + len(word)])
    return page.evaluate(LEFT_OF, [line, spans])


def _in_order(page: Page, line: str, words: list[str]) -> bool:
    lefts = _lefts(page, line, words)
    return lefts == sorted(lefts)


def test_english_consent_in_an_arabic_sms_reads_left_to_right(
    page: Page, renderer: Renderer
) -> None:
    text = renderer.render("utter_ask_consent", {"language": "ar"}, {}, "twilio_sms").text
    english = text.split("\n")[0]

    assert english.startswith(LRM) and english.endswith(LRM), "one left-to-right run"
    assert "\u2068" not in english, "no isolates cut it up"
    assert _in_order(page, english, ["We'd", "record", "NHS", "delete", "Is that OK?"])


def test_isolating_each_english_word_would_lay_them_out_backwards(page: Page) -> None:
    english = "You can ask to see or delete it at any time. Is that OK?"

    assert not _in_order(page, isolate_ltr_runs(english), ["You", "delete", "OK"])
    assert _in_order(page, LRM + english + LRM, ["You", "delete", "OK"])


def test_english_urgent_line_in_an_arabic_sms_keeps_its_numbers_in_order(
    page: Page, renderer: Renderer
) -> None:
    args = {"language": "ar", "due_at": "2026-11-24T10:00:00+00:00"}
    text = renderer.render("utter_callback_requested", args, {}, "twilio_sms").text
    urgent = next(line for line in text.split("\n") if "999" in line)

    assert _in_order(page, urgent, ["If you need", "NHS 111", "emergency", "999"])
