"""Where the current flow comes from: the latest admin version, else the shipped default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessment.model import Flow
from api.models.assessment import FlowVersion

DEFAULT_FLOW_FILE = Path(__file__).with_name("default.yml")


@lru_cache(maxsize=1)
def default_flow() -> Flow:
    """The flow shipped with Front Door (api/assessment/default.yml)."""
    return Flow.model_validate(yaml.safe_load(DEFAULT_FLOW_FILE.read_text(encoding="utf-8")))


_parsed_by_fingerprint: dict[str, Flow] = {}


def current_flow(*, session: Session) -> Flow:
    """The newest published flow, or the default when none has been published."""
    latest = session.execute(
        select(FlowVersion.id, FlowVersion.fingerprint).order_by(FlowVersion.id.desc()).limit(1)
    ).first()
    if latest is None:
        return default_flow()
    # Parsed once per distinct flow (the fingerprint is its content), whatever the database.
    if latest.fingerprint not in _parsed_by_fingerprint:
        version = session.get(FlowVersion, latest.id)
        assert version is not None
        _parsed_by_fingerprint[latest.fingerprint] = Flow.model_validate(version.definition)
    return _parsed_by_fingerprint[latest.fingerprint]


def publish_flow(*, session: Session, flow: Flow, published_by: str) -> FlowVersion:
    """Make `flow` the one asked from the next message on."""
    version = FlowVersion(
        fingerprint=flow.fingerprint(),
        definition=flow.model_dump(mode="json"),
        published_by=published_by,
    )
    session.add(version)
    session.flush()
    return version
