"""Speed-ups for Rasa 3.6 that keep its behaviour: installed by `python -m bot.server`.

Profiling a webhook turn (py-spy, docs/performance.md) showed Rasa spending a third of its CPU
time in `jsonschema.validate` on each action server response, most of it checking the *schema*
itself again on every call. Here the schema is checked once and its validator reused; responses
are still validated exactly as before. Reading events back (tracker store, action results) spent
most of its time in `Event.resolve_by_type`, which walks every Event subclass per event: the
lookup is now remembered per type name. And Rasa opened a new HTTP connection pool for every call
to the action server; each endpoint now keeps one per event loop (connections kept alive).
"""

from __future__ import annotations

import asyncio
import functools
from types import TracebackType
from typing import Any

import aiohttp
import jsonschema
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

_resolve_event_type = Event.resolve_by_type
_new_endpoint_session = EndpointConfig.session
# endpoint id -> (the event loop, its session); a session only ever serves its own loop.
_kept_sessions: dict[int, tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}


@functools.cache
def action_response_validator() -> Any:
    """A validator of action server responses, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """What `RemoteAction._validate_action_result` does, without re-checking the schema."""
    error = best_match(action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


@functools.cache
def event_type_named(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type`, remembered (the Event subclasses don't change while running)."""
    return _resolve_event_type(type_name, default)


class KeptSession:
    """`async with endpoint.session() as session:` that leaves the pool open for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        return None


def kept_session(endpoint: EndpointConfig) -> Any:
    """The endpoint's session for the running event loop (made on first use); outside a loop,
    a new one, as Rasa does."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _new_endpoint_session(endpoint)
    kept_loop, session = _kept_sessions.get(id(endpoint), (None, None))
    if session is None or session.closed or kept_loop is not loop:
        session = _new_endpoint_session(endpoint)
        _kept_sessions[id(endpoint)] = (loop, session)
    return KeptSession(session)


def install() -> None:
    """Put the remembered lookups in place of Rasa's per-call work (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(event_type_named)  # type: ignore[method-assign]
    EndpointConfig.session = kept_session  # type: ignore[method-assign]
