"""The assessment flow: read by the bot at every turn, replaced by admins without retraining."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.audit import record_audit
from api.deps import ServiceDep, SessionDep
from api.flows.model import Flow
from api.flows.store import current_flow, publish_flow

router = APIRouter(prefix="/internal", tags=["flows"])


class FlowOut(BaseModel):
    """The current flow and its fingerprint (changes whenever the flow does)."""

    fingerprint: str
    flow: Flow


@router.get("/flow", response_model=FlowOut, responses={401: {}})
def get_flow(_service: ServiceDep, session: SessionDep) -> Any:
    """The flow the bot asks now."""
    flow = current_flow(session=session)
    return FlowOut(fingerprint=flow.fingerprint(), flow=flow)


@router.put("/flow", response_model=FlowOut, responses={401: {}, 422: {}})
def put_flow(flow: Flow, _service: ServiceDep, session: SessionDep) -> Any:
    """Publish a new flow; every conversation asks it from its next message."""
    publish_flow(session=session, flow=flow, published_by="service")
    record_audit(session=session, action="flow.publish", outcome="ok", fields=["flow"])
    session.commit()
    return FlowOut(fingerprint=flow.fingerprint(), flow=flow)
