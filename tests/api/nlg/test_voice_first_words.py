"""The seconds-to-first-words table in docs/voice-languages.md is the one the menu gives today."""

from __future__ import annotations

from pathlib import Path

from bench import voice_first_words


def test_the_documented_table_is_computed_from_todays_menu(compiled_locales: Path) -> None:
    documented = voice_first_words.DOC.read_text(encoding="utf-8")
    block = documented.split(voice_first_words.START)[1].split(voice_first_words.END)[0]
    assert block.strip() == voice_first_words.table(compiled_locales), (
        "run `.venv/api/bin/python -m bench.voice_first_words --write`"
    )


def test_a_language_on_a_later_page_waits_for_the_pages_before_it(compiled_locales: Path) -> None:
    rows = voice_first_words.table(compiled_locales).splitlines()[2:]
    seconds = [float(row.split("|")[3]) for row in rows]
    pages = [int(row.split("|")[2]) for row in rows]
    assert seconds == sorted(seconds) and pages == sorted(pages)
    assert pages[0] == 1 and seconds[0] < 5  # English, straight after the short greeting
