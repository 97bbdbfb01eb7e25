"""The prompts an admin page lists: English source, a language's text and its status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

from api.admin_ui.measure import sms_segments, spoken_seconds
from api.admin_ui.overrides import msg_key, overrides_for
from api.translations import messages, read_catalog, status_of


@dataclass(frozen=True)
class Prompt:
    """One text in one language as the page shows it."""

    key: str
    context: str
    english: str
    text: str
    status: str  # missing | draft | reviewed
    published: bool  # an admin edit overrides the catalog

    @property
    def segments(self) -> str:
        """SMS segments and encoding of the shown text."""
        count, encoding = sms_segments(self.text or self.english)
        return f"{count} × {encoding}"

    @property
    def seconds(self) -> int:
        """Rough spoken length of the shown text."""
        return spoken_seconds(self.text or self.english)


def prompts(*, session: Session, locales_dir: Path, language: str) -> list[Prompt]:
    """Every text of a language, in catalog order, with published edits applied."""
    published = overrides_for(session=session, language=language)
    if language == "en":
        with (locales_dir / "frontdoor.pot").open("rb") as handle:
            catalog = read_po(handle)
    else:
        catalog = read_catalog(locales_dir, language)
    rows = []
    for message in messages(catalog):
        context, english = message.context or "", str(message.id)
        override = published.get((context, english))
        if override is not None:
            text, status = override.text, override.status
        elif language == "en":
            text, status = english, "reviewed"
        else:
            text, status = str(message.string or ""), status_of(message)
        rows.append(
            Prompt(msg_key(context, english), context, english, text, status, override is not None)
        )
    return rows


def find_prompt(*, session: Session, locales_dir: Path, language: str, key: str) -> Prompt | None:
    """One prompt by its key."""
    found = prompts(session=session, locales_dir=locales_dir, language=language)
    return next((p for p in found if p.key == key), None)
