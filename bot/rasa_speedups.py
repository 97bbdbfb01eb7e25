"""Speed-ups for Rasa 3.6 that keep its behaviour: installed by `python -m bot.server`.

Profiling a webhook turn (py-spy, docs/performance.md) showed Rasa spending a third of its CPU
time in `jsonschema.validate` on each action server response, most of it checking the *schema*
itself again on every call. Here the schema is checked once and its validator reused; responses
are still validated exactly as before. Reading events back (tracker store, action results) spent
most of its time in `Event.resolve_by_type`, which walks every Event subclass per event: the
lookup is now remembered per type name.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

_resolve_event_type = Event.resolve_by_type


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


def install() -> None:
    """Put the remembered lookups in place of Rasa's per-call work (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(event_type_named)  # type: ignore[method-assign]
