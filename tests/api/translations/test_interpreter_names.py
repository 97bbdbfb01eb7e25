"""The reviewed interpreter-language table: every language named, every offered one recordable."""

from __future__ import annotations

import pytest

from api.core.codes import INTERPRETER_LANGUAGES, interpreter_menu, interpreter_need
from api.core.settings import REPO_ROOT
from api.translations.interpreter_names import interpreter_names
from api.translations.languages import Languages

LANGUAGES = Languages.load(REPO_ROOT / "locales")
ASKED_FOR = (  # issue #20: at least these, besides the offered languages
    "Pashto Dari Amharic Lithuanian Russian Italian French Hindi Malayalam Nepali Sylheti "
    "Cantonese Mandarin Yoruba Twi Tagalog Vietnamese Albanian Latvian Hungarian Bulgarian Czech "
    "Slovak Lingala Swahili Oromo"
).split()


def test_every_interpreter_language_has_its_own_name_and_the_table_no_stray_code() -> None:
    table = interpreter_names()
    assert set(table.native) == set(INTERPRETER_LANGUAGES)
    for language, names in table.names.items():
        assert LANGUAGES.is_offered(language), language
        assert set(names) <= set(INTERPRETER_LANGUAGES), language


def test_the_languages_asked_for_and_bsl_can_be_recorded() -> None:
    displays = {language.display for language in INTERPRETER_LANGUAGES.values()}
    assert set(ASKED_FOR) <= displays
    assert INTERPRETER_LANGUAGES["bfi"].snomed == "204331000000107"


@pytest.mark.parametrize("code", [c for c in LANGUAGES.codes() if not c.startswith("en")])
def test_every_offered_language_is_first_in_its_own_interpreter_menu(code: str) -> None:
    menu = interpreter_menu(code, LANGUAGES.codes())
    assert menu[0] == code
    assert set(menu) == {c for c in LANGUAGES.codes() if not c.startswith("en")} | {"bfi"}
    need = interpreter_need(needed=True, language=code)
    assert need.value_code == code and need.code_system.endswith("snomed.info/sct")
