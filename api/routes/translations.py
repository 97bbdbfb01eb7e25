"""Translation coverage: per language, how much is translated, still a draft, or missing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.admin_ui.overrides import published_statuses
from api.deps import LanguagesDep, ServiceDep, SessionDep, SettingsDep
from api.translations import language_coverage, read_catalog

router = APIRouter(prefix="/internal/translations", tags=["translations"])


class CoverageRow(BaseModel):
    """One language: messages in total, translated, drafts, missing (shown in English)."""

    code: str
    total: int
    translated: int
    draft: int
    missing: int


@router.get("/coverage", response_model=list[CoverageRow], responses={401: {}})
def get_coverage(
    _service: ServiceDep, settings: SettingsDep, languages: LanguagesDep, session: SessionDep
) -> Any:
    """Every offered language but English; an edit published on the admin page counts as done."""
    return [
        asdict(
            language_coverage(
                code,
                read_catalog(settings.locales_dir, code),
                published_statuses(session=session, language=code),
            )
        )
        for code in languages.codes()
        if code != "en"
    ]
