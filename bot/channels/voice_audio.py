"""Recorded prompts' audio under the voice webhook's own public URL, fetched from the API.

Twilio fetches `<Play>` audio from the same public base URL as the webhooks; that URL may lead
only to Rasa (a tunnel to port 5005), so the channel relays the API's `/voice/audio/<name>`.
The name is content-addressed and signed by the API; the relay passes only well-formed names.
"""

from __future__ import annotations

import asyncio
import logging
import re

import aiohttp
from sanic import response
from sanic.response import HTTPResponse

from bot.internal_api.settings import ApiSettings

logger = logging.getLogger(__name__)

AUDIO_NAME = re.compile(r"^[0-9a-f]{64}-[0-9a-f]{32}\.wav$")
API_AUDIO_PATH = "/voice/audio/"
MAX_AUDIO_BYTES = 6_000_000
FOREVER = "public, max-age=31536000, immutable"


async def relay_audio(name: str, settings: ApiSettings | None = None) -> HTTPResponse:
    """The API's audio of this name, or 404 (502 when the API can't be reached)."""
    if not AUDIO_NAME.fullmatch(name):
        return response.text("Not found", status=404)
    settings = settings or ApiSettings.from_env()
    timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(settings.api_url + API_AUDIO_PATH + name) as answer:
                if answer.status != 200:
                    return response.text("Not found", status=404)
                data = await answer.content.read(MAX_AUDIO_BYTES + 1)
    except (aiohttp.ClientError, asyncio.TimeoutError):
        logger.warning("Recorded audio unavailable from the API.")
        return response.text("Audio unavailable", status=502)
    if len(data) > MAX_AUDIO_BYTES:
        return response.text("Not found", status=404)
    return response.raw(data, content_type="audio/wav", headers={"Cache-Control": FOREVER})
