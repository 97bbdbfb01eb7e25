"""Which webhook URLs we will call: HTTPS to public addresses (loopback too in development)."""

from __future__ import annotations

import ipaddress
import socket
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

Resolver = Callable[..., list[tuple[Any, ...]]]
MAX_URL_LENGTH = 2000


class InvalidWebhookURLError(ValueError):
    """A webhook URL we refuse to call; the message says why (safe to show the caller)."""


class MalformedWebhookURLError(InvalidWebhookURLError):
    """A URL that cannot even be sent (bad syntax, control characters): it will never work."""


def _addresses(
    host: str, port: int, resolve: Resolver
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address the host resolves to."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InvalidWebhookURLError("the host does not resolve") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _has_control_or_space(url: str) -> bool:
    """Whether the URL holds a control character or whitespace (httpx cannot send it)."""
    return any(unicodedata.category(c) == "Cc" or c.isspace() for c in url)


def check_webhook_url(
    url: str, *, development: bool, resolve: Resolver = socket.getaddrinfo
) -> str:
    """The URL if we may call it, else raise InvalidWebhookURLError."""
    if len(url) > MAX_URL_LENGTH:
        raise InvalidWebhookURLError("the URL is too long")
    if _has_control_or_space(url):
        raise MalformedWebhookURLError("the URL must not hold spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise MalformedWebhookURLError("the URL is not valid") from exc
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidWebhookURLError("the URL must be https:// with a host")
    if parts.username or parts.password:
        raise InvalidWebhookURLError("the URL must not carry credentials")
    addresses = _addresses(parts.hostname, port, resolve or socket.getaddrinfo)
    if not addresses:
        raise InvalidWebhookURLError("the host does not resolve")
    if development and all(address.is_loopback for address in addresses):
        return url
    if parts.scheme != "https":
        raise InvalidWebhookURLError("the URL must be https://")
    if not all(address.is_global for address in addresses):
        raise InvalidWebhookURLError("the host is a private, loopback or reserved address")
    return url
