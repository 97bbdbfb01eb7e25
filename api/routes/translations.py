"""Translation coverage: per language, how much is translated, still a draft, or missing."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import LanguagesDep, ServiceDep, SettingsDep
from api.translations import coverage

router = APIRouter(prefix="/internal/translations", tags=["translations"])


class CoverageRow(BaseModel):
    """One language: messages in total, translated, drafts, missing (shown in English)."""

    code: str
    total: int
    translated: int
    draft: int
    missing: int


@router.get("/coverage", response_model=list[CoverageRow], responses={401: {}})
def get_coverage(_service: ServiceDep, settings: SettingsDep, languages: LanguagesDep) -> Any:
    """Coverage of every offered language but English, from the catalogs."""
    return [asdict(row) for row in coverage(settings.locales_dir, languages)]
