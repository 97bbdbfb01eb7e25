"""The trained model understands free text about needs it has never seen, in every launch language.

Scored on tests/nlu/held_out_<code>.yml (never used in training) by the real model.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.nlu_eval import (
    FREE_TEXT_INTENTS,
    KNOWN_SHORT,
    MIN_EXAMPLES,
    MODEL,
    SHARES_UNDERSTANDING,
    below_gate,
    evaluate,
    gate_for,
    held_out_examples,
    held_out_sets,
    launch_languages,
    training_texts,
)

LANGUAGES = [code for code in launch_languages() if code not in SHARES_UNDERSTANDING]


@pytest.fixture(scope="module")
def results():
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    return evaluate()


def test_a_shared_variety_points_at_a_language_with_its_own_examples() -> None:
    assert set(SHARES_UNDERSTANDING.values()) <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_free_text_intent_has_held_out_examples(code: str) -> None:
    path = held_out_sets().get(code)
    assert path is not None, f"no tests/nlu/held_out_{code}.yml"
    counts = Counter(intent for _, intent in held_out_examples(path))
    thin = {i: counts[i] for i in FREE_TEXT_INTENTS if counts[i] < MIN_EXAMPLES}
    assert not thin, f"{code}: fewer than {MIN_EXAMPLES} held-out examples: {thin}"


def test_no_held_out_example_is_a_training_example() -> None:
    trained = training_texts()
    copied = [
        (code, text)
        for code, path in held_out_sets().items()
        for text, _ in held_out_examples(path)
        if text.strip().lower() in trained
    ]
    assert not copied, f"held-out examples also in data/nlu: {copied}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_free_text_intents_reach_the_f1_gate(results, code: str) -> None:
    if code not in results:
        pytest.fail(f"no tests/nlu/held_out_{code}.yml")
    low = below_gate(code, results[code])
    unexpected = {i: round(f, 3) for i, f in low.items() if (code, i) not in KNOWN_SHORT}
    # Scores only: the missed held-out sentences are in docs/nlu-report.md, so whoever writes
    # training data to fix a failure here need not read them.
    assert not unexpected, f"{code}: below F1 {gate_for(code)} on held-out examples: {unexpected}"
    passing = sorted(i for c, i in KNOWN_SHORT if c == code and i not in low)
    assert not passing, f"{code}: {passing} reach the gate now: take them off KNOWN_SHORT"
