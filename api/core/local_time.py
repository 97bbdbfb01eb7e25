"""The service's one time zone: the dates and times we promise are England's (Europe/London).

Plain zoneinfo, no other import, so the bot env can import it too if it ever needs the zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

UK_ZONE = ZoneInfo("Europe/London")
