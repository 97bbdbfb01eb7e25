"""Catalogs stay fresh: extraction matches the .pot, every text is translated with a status, and
menus keep the same options in every language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from api.assessment.store import default_flow
from api.core.settings import REPO_ROOT
from api.nlg.render import Renderer
from api.nlg.responses import RESPONSES
from api.translations import catalogs as i18n
from api.translations.languages import Languages
from api.translations.menu_checks import menu_problems, placeholder_problems

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


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(code: str) -> None:
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)
    messages = [m for m in catalog if m.id]

    assert messages
    for message in messages:
        forms = message.string if message.pluralizable else [message.string]
        assert all(isinstance(form, str) and form.strip() for form in forms), (
            f"{code} untranslated: {message.context} {message.id!r}"
        )
        if message.pluralizable:
            assert len(forms) == catalog.num_plurals, f"{code} {message.id!r}: plural forms"
        assert not message.fuzzy, (
            f"{code} stale: the English of {message.context} {message.id!r} changed; translate "
            "it again, then remove `#, fuzzy` and the `#|` line (docs/translations.md)"
        )
    assert placeholder_problems(catalog) == [], f"{code} placeholder mismatch"
    assert [(m.id, errors) for m, errors in catalog.check()] == [], "placeholder mismatch"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_text_states_one_status_machine_draft_reviewed_or_certified(code: str) -> None:
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)

    for message in (m for m in catalog if m.id):
        stated = [c for c in message.user_comments if c == DRAFT or _is_checked_comment(c)]
        assert len(stated) == 1, (
            f"{code} {message.context} {message.id!r}: mark it `# {DRAFT}` (a machine draft), "
            "`# reviewed` or `# certified`, once"
        )


def _is_checked_comment(comment: str) -> bool:
    """`# reviewed` or `# certified`, optionally followed by `: who, when`."""
    return comment.split(":", 1)[0].strip().casefold() in ("reviewed", "certified")


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


@pytest.mark.parametrize("code", TRANSLATED)
def test_menus_have_the_same_options_as_english_told_apart(renderer: Renderer, code: str) -> None:
    assert menu_problems(renderer, code, default_flow()) == []


def _polish_catalog_with(tmp_path: Path, changes: dict[tuple[str, str], str]) -> Renderer:
    """A compiled copy of the catalogs with some Polish texts replaced."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    path = locales / "pl" / "LC_MESSAGES" / "frontdoor.po"
    catalog = _read(path, locale="pl")
    for (context, msgid), text in changes.items():
        message = catalog.get(msgid, context=context)
        assert message is not None, msgid
        message.string = text
    with path.open("wb") as handle:
        write_po(handle, catalog)
    i18n.compile_catalogs(locales)
    return Renderer.load(locales, Languages.load(locales))


def test_the_menu_check_fails_when_options_fall_out_of_step(tmp_path: Path) -> None:
    question = default_flow().questions()[0]
    first, second = question.options[:2]
    renderer = _polish_catalog_with(
        tmp_path,
        {
            (f"flow:{question.id}", first.text): "To samo",
            (f"flow:{question.id}", second.text): "to samo",
            ("utter_ask_interpreter_needed", "Yes"): "Tak\n3. Może",
            (
                "utter_ask_interpreter_needed",
                "Would you like an interpreter when you talk to NHS services?",
            ): "Czy potrzebujesz tłumacza?\n1. Tak\n2. Nie\n3. Nie wiem",
        },
    )

    problems = menu_problems(renderer, "pl", default_flow())

    assert f"pl question {question.id}: two options read the same: to samo" in problems
    assert "pl utter_ask_interpreter_needed: an option spans lines" in problems
    assert (
        "pl utter_ask_interpreter_needed: the text has numbered lines that read as extra options"
        in problems
    )
    assert menu_problems(renderer, "cy", default_flow()) == [], "only Polish changed"


def test_the_placeholder_check_fails_on_a_mismatch(tmp_path: Path) -> None:
    catalog = _read(LOCALES / "pl" / "LC_MESSAGES" / "frontdoor.po", locale="pl")
    message = catalog.get("Language: %(language)s", context="utter_read_back")
    assert message is not None
    message.string = "Język: %(jezyk)s"

    assert placeholder_problems(catalog) == [
        "utter_read_back 'Language: %(language)s': placeholders %(jezyk)s, English has %(language)s"
    ]


@pytest.mark.parametrize("code", TRANSLATED)
def test_keywords_are_distinct_within_a_language(code: str) -> None:
    catalog = _read(LOCALES / code / "LC_MESSAGES" / "frontdoor.po", locale=code)

    words = [str(m.string).casefold() for m in catalog if m.id and m.context == "keyword"]
    assert len(words) == len(set(words)), f"{code}: two keywords share a word"


def test_every_catalog_context_is_a_response_and_every_contract_response_exists() -> None:
    template = _read(LOCALES / "frontdoor.pot")

    # Wording any response or the bot may use.
    shared_contexts = {
        "voice",
        "keyword",
        "keyword_mention",
        "separator",
        "sms_code",
        "sms_representative",
        "safety_fallback",
    }
    contexts = {m.context for m in template if m.id and not m.context.startswith("flow:")}
    assert contexts <= set(RESPONSES) | shared_contexts
    assert set(RESPONSES) >= CONTRACT
