"""Reading the paged phone language menu: which key chooses a language on the page heard."""

from __future__ import annotations

import re
from collections.abc import Iterable


def key_naming(lines: Iterable[str], name: str) -> str | None:
    """The key on this page for the option named `name`: the shortest line naming it ("English"
    is also in "Easy Read English"), its number. None when the page doesn't offer it."""
    naming = sorted((line for line in lines if name in line), key=len)
    found = re.search(r"\d+", naming[0]) if naming else None
    return found.group(0) if found else None
