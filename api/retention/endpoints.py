"""POST /internal/retention: run the retention job once (the scheduler calls it daily)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.conversations.stores import redis_client
from api.core.db import utcnow
from api.core.deps import SessionDep, SettingsDep
from api.retention.service import policy_from, run_retention, tracker_engine

router = APIRouter(prefix="/internal/retention", tags=["internal"])


class RetentionDone(BaseModel):
    """How many of each kind were deleted, and whether Rasa's tracker store was reached."""

    deleted: dict[str, int]
    conversations_checked: bool


@router.post("", response_model=RetentionDone, responses={401: {"description": "Not the service"}})
def run(session: SessionDep, settings: SettingsDep) -> RetentionDone:
    """Delete what is kept past its time (settings FRONTDOOR_KEEP_…), and nothing else."""
    tracker = tracker_engine(settings.rasa_tracker_db)
    redis = redis_client(settings.redis_url)
    try:
        report = run_retention(session=session, policy=policy_from(settings), now=utcnow(),
                               tracker=tracker, redis=redis)  # fmt: skip
    finally:
        if tracker is not None:
            tracker.dispose()
        if redis is not None:
            redis.close()
    return RetentionDone(deleted=report.counts, conversations_checked=tracker is not None)
