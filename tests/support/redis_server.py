"""A throwaway redis-server on a free loopback port, persisting to a folder (so tests can read
its files), for tests in either environment."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support import system
from tests.support.stack import free_port


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Run redis-server with its append-only file in `folder`; yields its URL (db 0)."""
    binary = shutil.which("redis-server")
    if binary is None:
        system.missing("redis-server", "redis-server")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=15)


def dump_every_key(url: str) -> bytes:
    """Every key and every value, as stored (not DUMP, which compresses), in every database."""
    import redis

    out = b""
    for db in range(16):
        client = redis.Redis.from_url(url.rsplit("/", 1)[0] + f"/{db}")
        for key in client.scan_iter(count=1000):
            out += key + b"\n" + repr(_value(client, key)).encode() + b"\n"
        client.close()
    return out


def _value(client: object, key: bytes) -> object:
    kind = client.type(key)  # type: ignore[attr-defined]
    read = {
        b"string": lambda: client.get(key),  # type: ignore[attr-defined]
        b"hash": lambda: client.hgetall(key),  # type: ignore[attr-defined]
        b"list": lambda: client.lrange(key, 0, -1),  # type: ignore[attr-defined]
        b"set": lambda: client.smembers(key),  # type: ignore[attr-defined]
        b"zset": lambda: client.zrange(key, 0, -1),  # type: ignore[attr-defined]
    }
    return read.get(kind, lambda: kind)()
