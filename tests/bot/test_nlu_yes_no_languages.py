"""The one model reads yes, no and greetings in every launch language (trained from data/nlu)."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent

from bot.nlu_eval import MODEL, predictions

# Unseen or short forms a person might text; each must reach its intent.
EXAMPLES = {
    "affirm": [
        "tak",
        "da",
        "evet",
        "haan",
        "naam",
        "ie",
        "sim",
        "так",
        "是的",
        "haa",
        "بله",
        "ewe",
    ],
    "deny": [
        "nie",
        "nu",
        "hayır",
        "nahi",
        "لا",
        "na",
        "não",
        "ні",
        "不",
        "maya",
        "نه",
        "ayfal",
        "இல்லை",
        "نەخێر",
    ],
    "greet": [
        "witam",
        "bună ziua",
        "merhaba",
        "السلام عليكم",
        "olá",
        "привіт",
        "你好",
        "salaan",
        "hola",
        "வணக்கம்",
    ],
}


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    return Agent.load(str(MODEL))


@pytest.mark.parametrize("intent", sorted(EXAMPLES))
def test_yes_no_and_greetings_are_understood_in_every_language(agent: Agent, intent: str) -> None:
    predicted = asyncio.run(predictions(agent, EXAMPLES[intent]))

    wrong = {
        text: got for text, got in zip(EXAMPLES[intent], predicted, strict=True) if got != intent
    }
    assert not wrong, f"not read as {intent}: {wrong}"
