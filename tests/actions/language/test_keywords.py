"""Words that work at any point, in English and in the conversation's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.language.keywords import keyword_in
from api.nlg.keywords import english_keywords

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def locales() -> Path:
    """The catalogs set-up compiles (make test runs set-up first)."""
    compiled = REPO / "locales" / "pl" / "LC_MESSAGES" / "frontdoor.mo"
    assert compiled.exists(), "compiled catalogs are missing: run `make test`"
    return REPO / "locales"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "help"), ("MENU", "help"), ("pomoc", "help"), ("Wstecz!", "back"),
        ("pomin", "skip"), ("moje dane", "my_data"), ("cancel booking", "cancel"),
        ("zadzwoń", "call_me"), ("help me please", None), ("", None), ("3", None),
    ],
)  # fmt: skip
def test_keywords_in_english_and_polish(locales: Path, text: str, expected: str | None) -> None:
    assert keyword_in(text, "pl", locales, english_keywords()) == expected
