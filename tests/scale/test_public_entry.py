"""The public entry point (the balancer Twilio and providers reach) serves only public routes.

Rasa's HTTP API (`--enable-api`, for the scheduler) and the API's `/internal` and `/nlg` (for the
action server and Rasa) are refused there even with the right token, in every spelling of the path.
"""

from __future__ import annotations

import httpx
import pytest

from deploy.local import ScaledStack
from tests.scale.conftest import Phone

SPELLINGS = [
    "/conversations/{n}/tracker",
    "//conversations/{n}/tracker",
    "/webhooks/../conversations/{n}/tracker",
    "/webhooks/twilio_sms/../../conversations/{n}/tracker",
    "/%63onversations/{n}/tracker",
]


def raw_get(base_url: str, path: str, **kwargs: object) -> httpx.Response:
    """GET a path exactly as written (httpx would otherwise tidy `..` and `//` away)."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        request = client.build_request("GET", base_url, **kwargs)
        request.url = request.url.copy_with(raw_path=path.encode())
        return client.send(request)


def test_rasas_http_api_answers_the_scheduler_directly(scaled: ScaledStack, phone: Phone):
    """The control: Rasa's API is on and the token right, so the refusals below mean something."""
    phone.send("Hello")
    token = scaled.env["RASA_API_TOKEN"]
    for instance in ("rasa1", "rasa2"):
        direct = httpx.get(
            f"{scaled.url_of(instance)}/conversations/{phone.number}/tracker",
            params={"token": token},
            timeout=10,
        )
        assert direct.status_code == 200, direct.text


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_rasas_http_api_is_refused_through_the_public_entry(
    scaled: ScaledStack, phone: Phone, spelling: str
):
    phone.send("Hello")
    path = spelling.format(n=phone.number.replace("+", "%2B"))

    public = raw_get(scaled.webhook_url, f"{path}?token={scaled.env['RASA_API_TOKEN']}")

    assert public.status_code in (400, 403, 404), public.text
    assert phone.number not in public.text and "events" not in public.text


@pytest.mark.parametrize("path", ["/status", "/version", "/model", "/domain"])
def test_the_rest_of_rasas_api_is_refused_through_the_public_entry(scaled: ScaledStack, path: str):
    public = raw_get(scaled.webhook_url, f"{path}?token={scaled.env['RASA_API_TOKEN']}")

    assert public.status_code in (400, 403, 404), public.text


@pytest.mark.parametrize("path", ["/internal/people/held", "//internal/people/held", "/nlg"])
def test_the_apis_internal_routes_are_refused_through_the_public_entry(
    scaled: ScaledStack, phone: Phone, path: str
):
    service = {"Authorization": f"Bearer {scaled.env['FRONTDOOR_SERVICE_TOKEN']}"}

    public = raw_get(scaled.webhook_url, f"{path}?phone=%2B447700900001", headers=service)

    assert public.status_code in (400, 403, 404), public.text
    assert '"held":' not in public.text


def test_providers_and_twilio_still_get_through_the_public_entry(scaled: ScaledStack, phone: Phone):
    reply, _instance = phone.send("Hello")
    assert "1. English" in reply
    provider = {"Authorization": f"Bearer {scaled.env['DEV_PROVIDER_TOKEN']}"}
    people = httpx.get(
        f"{scaled.webhook_url}/v1/people",
        params={"phone": phone.number},
        headers=provider,
        timeout=10,
    )
    assert people.status_code == 200, people.text
