"""The prompts an admin page lists: English source, a language's text, its status and source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

from api.models.admin import TranslationOverride
from api.nlg.safety import is_safety_critical
from api.translations.coverage import messages, read_catalog, text_states
from api.translations.measure import sms_segments, spoken_seconds
from api.translations.overrides import english_overrides, msg_key, overrides_for, published_states
from api.translations.status import LABELS, REVIEWED, TextState, english_of


@dataclass(frozen=True)
class Prompt:
    """One text in one language as the page shows it."""

    key: str
    context: str
    msgid: str  # the catalog's English, the text's key
    english: str  # today's English (an English edit on this page, else the msgid)
    text: str
    status: str  # missing | stale | draft | reviewed | certified
    source: str | None  # the English the text was translated from
    published: bool  # an admin edit overrides the catalog
    safety: bool  # safety-critical: sent only when reviewed or certified and not stale
    sent: bool  # what people get in this language is this text (not the English fallback)

    @property
    def label(self) -> str:
        """The status in words ("machine draft")."""
        return LABELS.get(self.status, self.status)

    @property
    def segments(self) -> str:
        """SMS segments and encoding of the shown text."""
        count, encoding = sms_segments(self.text or self.english)
        return f"{count} × {encoding}"

    @property
    def seconds(self) -> int:
        """Rough spoken length of the shown text."""
        return spoken_seconds(self.text or self.english)


def _prompt(key: tuple[str, str], state: TextState, english: str, language: str) -> Prompt:
    """A row of the page from a text's state."""
    safety = is_safety_critical(*key)
    label = state.label(english)
    sent = language == "en" or (
        state.publishable(english) if safety else label not in ("missing", "stale")
    )
    return Prompt(
        key=msg_key(*key),
        context=key[0],
        msgid=key[1],
        english=english,
        text=state.text,
        status=label,
        source=state.source,
        published=state.published,
        safety=safety,
        sent=sent,
    )


def prompts(*, session: Session, locales_dir: Path, language: str) -> list[Prompt]:
    """Every text of a language, in catalog order, with published edits applied."""
    english = english_overrides(session=session)
    published = published_states(session=session, language=language)
    if language == "en":
        with (locales_dir / "frontdoor.pot").open("rb") as handle:
            template = read_po(handle)
        keys = [(m.context or "", str(m.id)) for m in messages(template)]
        # English is the source: always "from today's English", reviewed unless edited.
        states = {
            k: TextState(
                english_of(k, english),
                published[k].status if k in published else REVIEWED,
                english_of(k, english),
                published=k in published,
            )
            for k in keys
        }
    else:
        states = text_states(read_catalog(locales_dir, language), published)
    return [_prompt(k, s, english_of(k, english), language) for k, s in states.items()]


def find_prompt(*, session: Session, locales_dir: Path, language: str, key: str) -> Prompt | None:
    """One prompt by its key."""
    found = prompts(session=session, locales_dir=locales_dir, language=language)
    return next((p for p in found if p.key == key), None)


def orphaned(*, session: Session, rows: list[Prompt], language: str) -> list[TranslationOverride]:
    """Published edits for English the service no longer uses (its English changed in the code).

    They are never sent; the page lists them so a translator can redo them for the new English.
    """
    current = {(row.context, row.msgid) for row in rows}
    published = overrides_for(session=session, language=language)
    return [row for key, row in published.items() if key not in current]
