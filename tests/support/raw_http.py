"""Half-sent HTTP requests over a raw socket: does the server answer before the body is all sent?"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def _status_of(sock: socket.socket) -> int | None:
    """The status code of the response, or None if none came before the socket's timeout."""
    try:
        head = sock.recv(4096)
    except (TimeoutError, ConnectionResetError):
        return None
    if not head.startswith(b"HTTP/1.1 "):
        return None
    return int(head.split(b" ", 2)[1])


def _connect(base_url: str, timeout: float) -> socket.socket:
    """A socket connected to the server behind base_url (loopback only)."""
    parts = urlsplit(base_url)
    assert parts.hostname == "127.0.0.1"
    sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
    sock.settimeout(timeout)
    return sock


def status_for_declared_length(
    base_url: str, path: str, length: int, *, content_type: str, timeout: float = 10.0
) -> int | None:
    """Send only the head of a POST declaring `length` body bytes; the status the server answers
    with while the body is still owed (None if it waited for the body)."""
    with _connect(base_url, timeout) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\n\r\n"
        )
        sock.sendall(head.encode("ascii"))
        return _status_of(sock)


def status_for_chunked(
    base_url: str, path: str, total: int, *, content_type: str, timeout: float = 10.0
) -> int | None:
    """Stream `total` bytes as chunks (no Content-Length) without ending the body; the status
    the server answers with before the end (None if it waited for more)."""
    chunk = b"a" * 16384
    with _connect(base_url, timeout) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        sock.sendall(head.encode("ascii"))
        sent = 0
        try:
            while sent < total:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: its answer is waiting
        return _status_of(sock)
