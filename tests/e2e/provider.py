"""What a provider system sees of the running stack (the development provider's token)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.stack import Stack


def headers(stack: Stack) -> dict[str, str]:
    """The development provider's bearer token."""
    return {"Authorization": f"Bearer {stack.dev_provider_token}"}


def get(stack: Stack, path: str, token: str | None = "dev", **params: Any) -> httpx.Response:
    """GET a provider route, with the development token, another token, or none."""
    auth = (
        headers(stack)
        if token == "dev"
        else ({"Authorization": f"Bearer {token}"} if token else {})
    )
    return httpx.get(stack.api_url + path, params=params or None, headers=auth, timeout=10)


def people_with_phone(stack: Stack, number: str) -> list[dict[str, Any]]:
    """The people the provider may see with this number (at most one)."""
    response = get(stack, "/v1/people", phone=number)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def person_id(stack: Stack, number: str) -> str:
    """The one visible person with this number."""
    found = people_with_phone(stack, number)
    assert len(found) == 1, found
    return str(found[0]["id"])


def needs(stack: Stack, number: str) -> list[dict[str, Any]]:
    """The current needs of the person with this number."""
    response = get(stack, f"/v1/people/{person_id(stack, number)}/needs")
    assert response.status_code == 200, response.text
    return response.json()["needs"]


def coded_needs(stack: Stack, number: str) -> set[tuple[str, str]]:
    """(kind, code) of each current need."""
    return {(need["kind"], need["code"]["code"]) for need in needs(stack, number)}
