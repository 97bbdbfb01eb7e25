"""What a person is told about the texted code: by channel, with CALL ME in their language."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.nlg.render import Renderer
from api.translations.languages import Languages


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


def test_a_caller_keys_the_code_in_and_a_texter_replies_with_it(renderer: Renderer) -> None:
    on_call = renderer.render("utter_ask_code", {"language": "en"}, {}, "twilio_voice").text
    by_text = renderer.render("utter_ask_code", {"language": "en"}, {}, "twilio_sms").text
    assert "Please key in the six digits." in on_call
    assert "Please reply with the six digits." in by_text


@pytest.mark.parametrize("response", ["utter_code_refused", "utter_code_not_sent",
                                      "utter_code_locked"])  # fmt: skip
def test_where_we_cant_go_on_a_call_back_is_offered_in_the_persons_words(
    renderer: Renderer, response: str
) -> None:
    english = renderer.render(response, {"language": "en"}, {}, "twilio_sms").text
    polish = renderer.render(response, {"language": "pl"}, {}, "twilio_sms").text
    assert "call back: CALL ME." in english
    assert "ZADZWOŃ (lub CALL ME)." in polish, "their word, and the English one works too"
