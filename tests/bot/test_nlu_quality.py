"""The trained model understands free text about needs it has never seen (held-out examples)."""

from __future__ import annotations

import pytest

from bot.nlu_eval import MODEL, evaluate


@pytest.fixture(scope="module")
def results():
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    return evaluate()


def test_english_free_text_intents_reach_f1_of_0_9(results) -> None:
    low = {r.intent: round(r.f1, 2) for r in results["English"] if r.f1 < 0.9}
    assert not low, f"below F1 0.9 on held-out English examples: {low}"


def test_every_free_text_intent_has_held_out_examples(results) -> None:
    assert {r.intent for r in results["English"]} == {
        "impairment_hearing", "impairment_vision", "impairment_mobility", "impairment_learning",
        "no_internet", "basic_phone", "family_helps", "needs_sign_language", "caring_duties",
        "call_me_back",
    }  # fmt: skip
