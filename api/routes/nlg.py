"""Rasa 3.6 NLG server endpoint: every bot response is rendered here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from api.deps import RendererDep, SessionDep, SettingsDep
from api.flows.store import current_flow
from api.security import tokens_match, unauthorized

router = APIRouter(tags=["nlg"])


class NlgRequest(BaseModel):
    """What Rasa posts: response name, arguments, tracker state and output channel."""

    model_config = ConfigDict(extra="allow")

    response: str = ""
    arguments: dict[str, Any] | None = None
    tracker: dict[str, Any] | None = None
    channel: dict[str, Any] | None = None


class NlgButton(BaseModel):
    """A reply option."""

    title: str
    payload: str


class NlgReply(BaseModel):
    """What Rasa expects back."""

    text: str
    buttons: list[NlgButton]


@router.post("/nlg", response_model=NlgReply, responses={401: {}})
def render_response(
    body: NlgRequest,
    settings: SettingsDep,
    renderer: RendererDep,
    session: SessionDep,
    token: Annotated[str | None, Query()] = None,
) -> dict[str, object]:
    """Render the named response in the conversation's language."""
    if not tokens_match(token, settings.service_token):
        raise unauthorized("A valid token query parameter is required.")
    tracker = body.tracker or {}
    slots = tracker.get("slots") if isinstance(tracker.get("slots"), dict) else {}
    channel = (body.channel or {}).get("name")
    rendered = renderer.render(
        body.response,
        body.arguments or {},
        slots or {},
        channel if isinstance(channel, str) else None,
        flow=current_flow(session=session),
    )
    return rendered.as_json()
