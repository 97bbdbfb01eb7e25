"""Telling people about needs a provider recorded: on each scheduler pass, claim each one due and
have Rasa start the turn that asks the person (by SMS, in their language, through the same flow,
catalogs and bot/outbound.py as every other turn we start); a turn that didn't start is released.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.transport import InternalApi

logger = logging.getLogger(__name__)
INTENT = "provider_need_due"


async def tell_due(api: InternalApi, trigger: Callable[[str, str], Awaitable[bool]]) -> int:
    """Ask everyone with a provider-recorded need waiting; how many were asked."""
    try:
        due = (await api.request("GET", "/internal/provider-needs/due")).get("items") or []
    except ApiUnavailable as error:
        logger.warning("Could not see which provider needs are due: %s", type(error).__name__)
        return 0
    told = 0
    for item in due:
        claim = f"/internal/provider-needs/{item['id']}/claim"
        try:
            await api.exchange("POST", claim)
        except ApiUnavailable:  # told by another pass just now, or the API went away
            continue
        if await trigger(str(item["phone"]), INTENT):
            told += 1
            continue
        try:
            await api.exchange("DELETE", claim)
        except ApiUnavailable:
            logger.warning("Could not release a provider need's claim; it is retried later.")
    return told
