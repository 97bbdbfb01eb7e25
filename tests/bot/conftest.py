"""Fixtures shared by the bot tests: a real Redis where a feature uses Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.redis_server import redis_server


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port (tests/support/redis_server.py)."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
