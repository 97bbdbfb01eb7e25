"""The one HTTP transport to the internal API: the service token, the timeout and the mapping of
failures to errors.py, for async callers (aiohttp, one kept-alive pool per event loop) and for
the blocking ones that run in a worker thread (bot/outbound.py, through urllib)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any, TypeVar

import aiohttp

from bot.internal_api.errors import ApiTimeout, ApiUnavailable, refusal
from bot.internal_api.settings import DEFAULT_TIMEOUT_SECONDS, ApiSettings

Api = TypeVar("Api", bound="InternalApi")


KEEP_IDLE_SECONDS = 4.0  # below uvicorn's default --timeout-keep-alive of 5 s


class InternalApi:
    """Requests to the API with the service token; ApiUnavailable (or a subclass) on failure.

    Given an aiohttp session, it uses that (and its timeout) and leaves closing it to the owner;
    otherwise it keeps its own session for the running event loop, or (keep_alive=False) opens
    and closes one per request.
    """

    def __init__(
        self,
        base_url: str,
        service_token: str,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        session: aiohttp.ClientSession | None = None,
        keep_alive: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_seconds = timeout_seconds
        self._auth = {"Authorization": f"Bearer {service_token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._shared = session
        self._session: aiohttp.ClientSession | None = None
        self._keep_alive = keep_alive

    @classmethod
    def from_settings(
        cls: type[Api], settings: ApiSettings, session: aiohttp.ClientSession | None = None
    ) -> Api:
        return cls(settings.api_url, settings.service_token, settings.timeout_seconds, session)

    @classmethod
    def from_env(cls: type[Api]) -> Api:
        """API_URL and FRONTDOOR_SERVICE_TOKEN (settings.py)."""
        return cls.from_settings(ApiSettings.from_env())

    def _client(self) -> aiohttp.ClientSession:
        """The session of the running event loop: connections are reused between turns."""
        if self._shared is not None:
            return self._shared
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session.loop is not loop:
            # Idle connections are dropped before uvicorn's own 5 s keep-alive ends: one it had
            # closed, reused, fails the turn ("Can not write request body").
            connector = aiohttp.TCPConnector(keepalive_timeout=KEEP_IDLE_SECONDS)
            self._session = aiohttp.ClientSession(timeout=self._timeout, connector=connector)
        return self._session

    async def close(self) -> None:
        """Close the kept-alive connections (not those of a session it was given)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def request(
        self, method: str, path: str, json_body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The JSON object the API answered ({} for anything else)."""
        body = (await self.exchange(method, path, json_body))[1]
        return body if isinstance(body, dict) else {}

    async def exchange(
        self,
        method: str,
        path: str,
        json_body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any, str | None]:
        """Status, JSON body and ETag of one request; ApiUnavailable for failures (not 304)."""
        if self._shared is None and not self._keep_alive:
            async with aiohttp.ClientSession(timeout=self._timeout) as session:
                return await self._exchange_on(session, method, path, json_body, headers)
        return await self._exchange_on(self._client(), method, path, json_body, headers)

    async def _exchange_on(
        self,
        session: aiohttp.ClientSession,
        method: str,
        path: str,
        json_body: dict[str, Any] | None,
        headers: dict[str, str] | None,
    ) -> tuple[int, Any, str | None]:
        url = f"{self.base_url}{path}"
        status: int | None = None
        try:
            async with session.request(
                method, url, json=json_body, headers={**self._auth, **(headers or {})}
            ) as response:
                status = response.status
                body = await response.json(content_type=None)
                if status >= 300 and status != 304:
                    raise refusal(status, body.get("title") if isinstance(body, dict) else None)
        except (asyncio.TimeoutError, TimeoutError) as error:  # two classes on Python 3.10
            waited = (session.timeout or self._timeout).total
            raise ApiTimeout(f"no answer within {waited} s") from error
        except (aiohttp.ClientError, ValueError) as error:
            failed = status if status is not None and status >= 300 else None
            # The class only: an aiohttp message can carry the URL, and with it a phone number.
            raise ApiUnavailable(f"{path.split('?')[0]}: {type(error).__name__}", failed) from error
        return status, body, response.headers.get("ETag")

    async def wait_until_up(self, seconds: float) -> bool:
        """Wait quietly until the API answers its health check (it starts alongside us)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while asyncio.get_running_loop().time() < deadline:
            try:
                async with self._client().get(f"{self.base_url}/health") as response:
                    if response.status == 200:
                        return True
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
        return False

    def call(self, method: str, path: str, json_body: dict[str, Any] | None = None) -> Any:
        """The same request, blocking (for code already running in a worker thread)."""
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            data=json.dumps(json_body).encode() if json_body is not None else None,
            headers={**self._auth, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise refusal(error.code, _title(error)) from error
        except TimeoutError as error:  # socket.timeout is TimeoutError from Python 3.10
            raise ApiTimeout(f"no answer within {self.timeout_seconds} s") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ApiUnavailable(f"{path}: {type(error).__name__}") from error


def _title(error: urllib.error.HTTPError) -> object:
    try:
        body = json.loads(error.read() or b"null")
    except (OSError, ValueError):
        return None
    return body.get("title") if isinstance(body, dict) else None
