"""The text to the person someone acts for names REMOVE HELPER as other texts name keywords."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.representative_text import person_text

REPO = Path(__file__).resolve().parents[2]
DETAILS = {"relationship": "family", "authority": "lpa_health_welfare"}


@pytest.fixture(scope="module")
def locales() -> Path:
    """The catalogs set-up compiles (make test runs set-up first)."""
    compiled = REPO / "locales" / "ar" / "LC_MESSAGES" / "frontdoor.mo"
    assert compiled.exists(), "compiled catalogs are missing: run `make test`"
    return REPO / "locales"


def test_the_keyword_is_set_apart_with_the_english_word_which_works_too(locales: Path) -> None:
    told = person_text(locales, "+447700900123", {**DETAILS, "language": "ar"}, "active")
    assert "«إزالة المساعد» (أو REMOVE HELPER)" in told
    assert "بـ" not in told, "no prefix cut off its word"


def test_english_names_the_keyword_alone(locales: Path) -> None:
    told = person_text(locales, "+447700900123", {**DETAILS, "language": "en"}, "active")
    assert told.endswith("reply REMOVE HELPER.")
