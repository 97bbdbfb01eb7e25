"""The bot's API for measures: a conversation reached a step (no phone number, no id)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.core.db import utcnow
from api.core.deps import SessionDep, SettingsDep
from api.models.metrics import MeasureStep
from api.people.schemas import Channel, LanguageCode

router = APIRouter(prefix="/internal/measures", tags=["internal"])
STEP = (
    r"^(first_contact|language_confirmed|consent|saved|booked|attended|feedback"
    r"|section:[a-z][a-z0-9_]{0,40})$"
)
AREA = r"^[A-Z][0-9A-Z]{0,15}$"  # a GSS area code, e.g. E08000025


class StepIn(BaseModel):
    """A step reached: which, in which language, on which channel, how long after the start."""

    step: Annotated[str, Field(pattern=STEP)]
    language: LanguageCode
    channel: Channel
    seconds: Annotated[int, Field(ge=0, le=90 * 24 * 3600)] = 0
    area_code: Annotated[str | None, Field(pattern=AREA)] = None
    organisation_id: Annotated[int | None, Field(ge=1)] = None


@router.post("/steps", status_code=204, responses={401: {}, 422: {}})
def record_step(body: StepIn, session: SessionDep, settings: SettingsDep) -> None:
    """Count one step (the bot sends each step once per conversation), in the deployment's
    area unless the step names one."""
    step = MeasureStep(**body.model_dump(), at=utcnow())
    step.area_code = body.area_code or settings.area_code or None
    session.add(step)
    session.commit()
