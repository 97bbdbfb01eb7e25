"""The speed-ups installed by `python -m bot.server` keep Rasa's behaviour."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

from bot import rasa_speedups

GOOD = {"events": [{"event": "slot", "name": "step", "value": "consent"}], "responses": []}
BAD = {"events": [{"name": "step"}], "responses": "not a list"}


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    from rasa.utils.endpoints import EndpointConfig

    original = (
        RemoteAction._validate_action_result,
        Event.__dict__["resolve_by_type"],
        EndpointConfig.session,
    )
    rasa_speedups.install()
    yield
    (RemoteAction._validate_action_result, Event.resolve_by_type, EndpointConfig.session) = original


def test_a_valid_action_response_passes_and_an_invalid_one_is_refused_as_before() -> None:
    action = RemoteAction("action_flow", None)
    assert action._validate_action_result(GOOD) is True
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        action._validate_action_result(BAD)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(BAD, RemoteAction.action_response_format_spec())


def test_events_resolve_to_the_same_classes_and_unknown_names_still_fail() -> None:
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("nonsense", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nonsense")
    assert Event.from_parameters({"event": "slot", "name": "step", "value": "x"}) == SlotSet(
        "step", "x"
    )


def test_calls_to_an_endpoint_reuse_one_connection_pool_per_event_loop() -> None:
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    async def scenario() -> tuple[list[dict], int]:
        async def answer(request: web.Request) -> web.Response:
            return web.json_response({"peer": request.transport.get_extra_info("peername")[1]})

        app = web.Application()
        app.router.add_post("/webhook", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        replies = [await endpoint.request(json={"n": n}) for n in range(3)]
        async with endpoint.session() as kept:
            await kept.close()
        await runner.cleanup()
        return replies, len({reply["peer"] for reply in replies})

    for _ in range(2):  # a second event loop gets its own pool, not the closed loop's
        replies, client_ports = asyncio.run(scenario())
        assert len(replies) == 3
        assert client_ports == 1, "every call came over the same kept-alive connection"
