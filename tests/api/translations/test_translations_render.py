"""Every response renders in every offered language; unknown languages fall back to English once."""

from __future__ import annotations

from pathlib import Path

import pytest
from structlog.testing import capture_logs

from api.core.settings import REPO_ROOT
from api.nlg.render import Renderer
from api.nlg.responses import RESPONSES
from api.translations.languages import Languages

CODES = Languages.load(REPO_ROOT / "locales").codes()
ARGUMENTS = {"interpreter_needed": True, "interpreter_language": "ur", "held": True}


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("channel", ["twilio_sms", "twilio_voice"])
def test_every_response_renders_in_the_language_with_placeholders_filled(
    renderer: Renderer, code: str, channel: str
) -> None:
    for name in RESPONSES:
        rendered = renderer.render(name, {"language": code, **ARGUMENTS}, {}, channel)

        assert rendered.text.strip(), f"{code} {name}: empty"
        assert "%(" not in rendered.text, f"{code} {name}: placeholder left"
        assert all(b.title.strip() for b in rendered.buttons), f"{code} {name}: empty option"


def test_non_english_languages_differ_from_english(renderer: Renderer) -> None:
    english = renderer.render("utter_ask_consent", {"language": "en"}, {}).text
    for code in CODES:
        if code not in ("en", "en@easyread"):
            assert renderer.render("utter_ask_consent", {"language": code}, {}).text != english


def test_unknown_language_is_rendered_in_english_and_logged_once(renderer: Renderer) -> None:
    with capture_logs() as logs:
        first = renderer.render("utter_saved", {"language": "xx"}, {})
        renderer.render("utter_saved", {"language": "xx"}, {})

    assert first.text.startswith("Thank you.")
    assert [e["language"] for e in logs if e["event"] == "nlg_unknown_language"] == ["xx"]
