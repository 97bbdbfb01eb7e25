"""Translation coverage: per language, texts certified, reviewed, machine drafts, stale, missing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.core.deps import LanguagesDep, SessionDep, SettingsDep
from api.translations.coverage import language_coverage, read_catalog
from api.translations.overrides import english_overrides, published_states

router = APIRouter(prefix="/internal/translations", tags=["translations"])


class CoverageRow(BaseModel):
    """One language's texts by state; each text counts once."""

    code: str
    total: int
    translated: int
    certified: int
    reviewed: int
    machine: int
    stale: int
    missing: int
    safety_in_english: int


@router.get("/coverage", response_model=list[CoverageRow], responses={401: {}})
def get_coverage(settings: SettingsDep, languages: LanguagesDep, session: SessionDep) -> Any:
    """Every offered language but English, as sent today (edits on the admin page included)."""
    english = english_overrides(session=session)
    return [
        asdict(
            language_coverage(
                code,
                read_catalog(settings.locales_dir, code),
                published_states(session=session, language=code),
                english,
            )
        )
        for code in languages.codes()
        if code != "en"
    ]
