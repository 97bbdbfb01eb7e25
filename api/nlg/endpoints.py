"""Rendering replies: Rasa's NLG server protocol, and one call per turn for the action server.

The action server sends a turn's replies to `/internal/render` in one request and hands Rasa the
finished text, so Rasa makes no NLG call per reply (each of which carried the whole tracker).
`/nlg` stays for responses Rasa renders itself.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.assessment.store import current_flow
from api.core.deps import RendererDep, SessionDep, SettingsDep
from api.core.security import tokens_match, unauthorized
from api.nlg.render import LANGUAGE_MENU
from api.nlg.voice_wording import VOICE_CHANNEL
from api.people.language_demand import language_demand
from api.translations.review import record_sends, sent_contexts


def _demand(session: SessionDep, response: str, channel: str | None) -> dict[str, int] | None:
    """People per language, read only for the language menu on a call (which it orders)."""
    if response == LANGUAGE_MENU and channel == VOICE_CHANNEL:
        return language_demand(session=session)
    return None


router = APIRouter(tags=["nlg"])  # Rasa: its NLG calls carry the token as a query parameter
internal = APIRouter(tags=["nlg"])  # the action server, with the service token


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
    name = (body.channel or {}).get("name")
    channel = name if isinstance(name, str) else None
    arguments = body.arguments or {}
    rendered = renderer.render(
        body.response,
        arguments,
        slots or {},
        channel,
        flow=current_flow(session=session),
        demand=_demand(session, body.response, channel),
    )
    language = renderer.resolve_language(arguments, slots or {}).code
    record_sends(session, language, sent_contexts(body.response, arguments, channel))
    return rendered.as_json()


class ReplyToRender(BaseModel):
    """One reply of a turn: the response name and its arguments."""

    response: str = Field(max_length=200)
    arguments: dict[str, Any] = Field(default_factory=dict)


class TurnToRender(BaseModel):
    """A turn's replies, with the conversation's slots and channel (Rasa's output channel name)."""

    replies: list[ReplyToRender] = Field(max_length=20)
    slots: dict[str, Any] = Field(default_factory=dict)
    channel: str | None = Field(default=None, max_length=64)


class RenderedTurn(BaseModel):
    """The replies rendered, in order."""

    messages: list[NlgReply]


@internal.post("/internal/render", response_model=RenderedTurn, responses={401: {}, 422: {}})
def render_turn(
    body: TurnToRender, renderer: RendererDep, session: SessionDep
) -> dict[str, object]:
    """Render every reply of one turn, in the conversation's language and channel."""
    flow = current_flow(session=session)
    messages = [
        renderer.render(
            reply.response,
            reply.arguments,
            body.slots,
            body.channel,
            flow=flow,
            demand=_demand(session, reply.response, body.channel),
        )
        for reply in body.replies
    ]
    for reply in body.replies:
        language = renderer.resolve_language(reply.arguments, body.slots).code
        record_sends(
            session, language, sent_contexts(reply.response, reply.arguments, body.channel)
        )
    return {"messages": [message.as_json() for message in messages]}
