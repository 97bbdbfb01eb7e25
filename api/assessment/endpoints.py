"""The assessment flow: read by the bot at every turn, replaced by admins without retraining."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from api.assessment.model import Flow
from api.assessment.store import current_flow, publish_flow
from api.core.audit import record_audit
from api.core.codes import INTERPRETER_LANGUAGES
from api.core.deps import SessionDep
from api.nlg.keywords import english_keywords
from api.translations.interpreter_names import DEFAULT_LOCALES, interpreter_names
from api.translations.languages import Languages

internal = APIRouter(tags=["flows"])  # the action server
admin = APIRouter(tags=["flows"])  # admins, with the admin token


def typed_interpreter_names() -> dict[str, list[str]]:
    """Every interpreter language's names a person may write or say, in any offered language."""
    offered = Languages.load(DEFAULT_LOCALES).codes()
    table = interpreter_names()
    return {code: table.typed(code, offered) for code in INTERPRETER_LANGUAGES}


_TYPED_NAMES = typed_interpreter_names()


class FlowOut(BaseModel):
    """The current flow and its fingerprint (changes whenever the flow does), with what the bot
    reads from here only: the interpreter languages that can be recorded, the names people call
    them, and the keywords a person can send at any point (name → English; translated in the
    catalogs)."""

    fingerprint: str
    flow: Flow
    interpreter_languages: list[str] = list(INTERPRETER_LANGUAGES)
    interpreter_names: dict[str, list[str]] = _TYPED_NAMES
    keywords: dict[str, str] = english_keywords()


def _current(session: SessionDep) -> FlowOut:
    flow = current_flow(session=session)
    return FlowOut(fingerprint=flow.fingerprint(), flow=flow)


# The interpreter languages, their names and the keywords are code and files read at start:
# their part of the ETag is computed once.
_EXTRAS_TAG = hashlib.sha256(
    json.dumps(
        [list(INTERPRETER_LANGUAGES), _TYPED_NAMES, english_keywords()], sort_keys=True
    ).encode()
).hexdigest()[:16]


def served_tag(flow: Flow) -> str:
    """The ETag of what GET /internal/flow serves: the flow, interpreter menu and keywords."""
    return f'"{flow.fingerprint()}.{_EXTRAS_TAG}"'


def _publish(session: SessionDep, flow: Flow, published_by: str) -> FlowOut:
    publish_flow(session=session, flow=flow, published_by=published_by)
    record_audit(session=session, action="flow.publish", outcome="ok", fields=["flow"])
    session.commit()
    return FlowOut(fingerprint=flow.fingerprint(), flow=flow)


@internal.get("/internal/flow", response_model=FlowOut, responses={304: {}, 401: {}})
def get_flow(session: SessionDep, request: Request, response: Response) -> Any:
    """The flow the bot asks now, checked at every turn: 304 while the bot's copy is current."""
    flow = current_flow(session=session)
    etag = served_tag(flow)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return FlowOut(fingerprint=flow.fingerprint(), flow=flow)


@internal.put("/internal/flow", response_model=FlowOut, responses={401: {}, 422: {}})
def put_flow(flow: Flow, session: SessionDep) -> Any:
    """Publish a new flow from a trusted service (deployment tooling)."""
    return _publish(session, flow, "service")


@admin.get("/admin/flow", response_model=FlowOut, responses={401: {}})
def admin_get_flow(session: SessionDep) -> Any:
    """The flow asked now, to edit (sections, questions, options and their codes)."""
    return _current(session)


@admin.put("/admin/flow", response_model=FlowOut, responses={401: {}, 422: {}})
def admin_put_flow(flow: Flow, session: SessionDep) -> Any:
    """Publish a new flow: every conversation asks it from its next message, no retraining."""
    return _publish(session, flow, "admin")
