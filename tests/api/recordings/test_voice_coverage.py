"""docs/voice-languages.md shows the coverage table the data gives (no recordings shipped)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.core.settings import REPO_ROOT
from api.recordings.coverage import markdown, replaced, voice_coverage
from api.translations.languages import Languages

DOC = REPO_ROOT / "docs" / "voice-languages.md"


def test_the_documented_table_is_the_generated_one(session: Session) -> None:
    locales = REPO_ROOT / "locales"
    rows = voice_coverage(session=session, locales_dir=locales, languages=Languages.load(locales))
    document = DOC.read_text(encoding="utf-8")
    assert replaced(document, markdown(rows)) == document, (
        "run: python -m api.recordings.coverage --write docs/voice-languages.md"
    )
    by_code = {row.code: row for row in rows}
    assert by_code["so"].english == by_code["so"].texts and by_code["so"].recorded == 0
    assert by_code["en"].voiced == by_code["en"].texts
