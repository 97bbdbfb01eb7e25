"""Catalogs stay fresh: extraction matches the .pot, every text is translated, drafts marked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from api import i18n
from api.languages import Languages
from api.nlg.responses import RESPONSES
from api.settings import REPO_ROOT

LOCALES = REPO_ROOT / "locales"
DRAFT = "draft: needs review by a qualified translator"
VOLATILE_HEADER_LINES = ('"POT-Creation-Date:', "# Copyright (C)", "# FIRST AUTHOR")
CONTRACT = {
    "utter_ask_language",
    "utter_ask_consent",
    "utter_no_consent",
    "utter_ask_interpreter_needed",
    "utter_ask_interpreter_language",
    "utter_read_back",
    "utter_saved",
    "utter_save_failed",
    "utter_not_understood",
    "utter_empty_message",
    "utter_start_again",
    "utter_already_done",
    "utter_default",
}


def _stable(text: str) -> list[str]:
    """A catalog's lines without the ones that change with the date."""
    return [line for line in text.splitlines() if not line.startswith(VOLATILE_HEADER_LINES)]


def _read(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po or .pot file."""
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def test_committed_pot_matches_fresh_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    fresh = tmp_path / "frontdoor.pot"

    i18n.extract(fresh)

    committed = (LOCALES / "frontdoor.pot").read_text(encoding="utf-8")
    assert _stable(fresh.read_text(encoding="utf-8")) == _stable(committed), (
        "locales/frontdoor.pot is stale: run `python -m api.cli extract-messages`"
    )


@pytest.mark.parametrize("code", Languages.load(LOCALES).codes())
def test_every_offered_language_has_a_catalog_with_every_message(code: str) -> None:
    template = _read(LOCALES / "frontdoor.pot")
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)

    template_keys = {(m.context, m.id) for m in template if m.id}
    assert {(m.context, m.id) for m in catalog if m.id} == template_keys


TRANSLATED = [code for code in Languages.load(LOCALES).codes() if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(code: str) -> None:
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)
    messages = [m for m in catalog if m.id]

    assert messages
    for message in messages:
        assert isinstance(message.string, str) and message.string.strip(), (
            f"{code} untranslated: {message.context} {message.id!r}"
        )
        assert not message.fuzzy, message.id
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(str(message.id))
        ), f"{code} placeholders differ: {message.context} {message.id!r}"
    assert [(m.id, errors) for m, errors in catalog.check()] == [], "placeholder mismatch"


@pytest.mark.parametrize("code", TRANSLATED)
def test_drafts_are_marked_for_review_by_a_qualified_translator(code: str) -> None:
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)

    unmarked = [m.id for m in catalog if m.id and DRAFT not in m.user_comments]
    assert unmarked == [], f"{code}: drafts without the review comment"


@pytest.mark.parametrize("code", TRANSLATED)
def test_keywords_are_distinct_within_a_language(code: str) -> None:
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)

    words = [str(m.string).casefold() for m in catalog if m.id and m.context == "keyword"]
    assert len(words) == len(set(words)), f"{code}: two keywords share a word"


def test_every_catalog_context_is_a_response_and_every_contract_response_exists() -> None:
    template = _read(LOCALES / "frontdoor.pot")

    shared_contexts = {"voice", "keyword", "sms_code"}  # wording any response or the bot may use
    contexts = {m.context for m in template if m.id and not m.context.startswith("flow:")}
    assert contexts <= set(RESPONSES) | shared_contexts
    assert set(RESPONSES) >= CONTRACT
