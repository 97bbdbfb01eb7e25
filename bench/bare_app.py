"""A bare FastAPI endpoint: the provider benchmark's baseline (no auth, audit or database)."""

from __future__ import annotations

from fastapi import FastAPI

BODY = {
    "person_id": "00000000-0000-0000-0000-000000000000",
    "language": {"code": "en", "display": "English"},
    "consent": {"status": "active", "language": "en"},
    "needs": [
        {"kind": "interpreter", "code": {"system": "fd", "code": "interpreter-not-needed"}},
        {"kind": "device", "code": {"system": "fd", "code": "device-basic-mobile"}},
    ],
}


def create_app() -> FastAPI:
    """One GET route returning a fixed needs-shaped document."""
    app = FastAPI()

    @app.get("/v1/people/{person_id}/needs")
    async def needs(person_id: str) -> dict:
        return {**BODY, "person_id": person_id}

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok"}

    return app
