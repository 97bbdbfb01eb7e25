"""Guessing the language of held-out first messages: rarely wrong, usually right."""

from __future__ import annotations

import pytest

from actions.language.detect_eval import REPORT, accuracy_by_language, markdown


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[int, int, int]]:
    return accuracy_by_language()


def test_at_least_twenty_messages_per_detectable_language(results) -> None:
    assert all(total >= 20 for _, _, total in results.values())
    assert len(results) >= 17


def test_a_wrong_guess_is_rare_in_every_language(results) -> None:
    wrong = {code: w for code, (_, w, _) in results.items() if w > 1}
    assert not wrong, f"more than one message guessed as another language: {wrong}"


def test_most_first_messages_are_guessed_right(results) -> None:
    right = sum(r for r, _, _ in results.values())
    total = sum(t for _, _, t in results.values())
    assert right / total >= 0.9
    low = {code: f"{r}/{t}" for code, (r, _, t) in results.items() if r / t < 0.85}
    assert not low, f"below 85% right: {low}"


def test_the_committed_report_is_current(results) -> None:
    assert REPORT.read_text(encoding="utf-8") == markdown(results), (
        "docs/language-detection.md is stale: run `.venv/bot/bin/python -m "
        "actions.language.detect_eval`"
    )
