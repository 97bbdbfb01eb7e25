"""Published translations: validated, stored with history, read by the NLG on every instance."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import structlog
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.admin_ui.models import STATUSES, TranslationEdit, TranslationOverride
from api.db import utcnow

PLACEHOLDER = re.compile(r"%\(\w+\)s")
MAX_LENGTH = 1000
OverrideKey = tuple[str, str, str]  # language, context, msgid

log = structlog.get_logger(__name__)


def msg_key(context: str, msgid: str) -> str:
    """A fixed-length key for a message (context and English text)."""
    return hashlib.sha256(f"{context}\x04{msgid}".encode()).hexdigest()


# The action server matches keywords from the compiled catalogs, so they change with a release.
RELEASE_ONLY_CONTEXTS = frozenset({"keyword"})


def validation_errors(english: str, text: str, context: str = "") -> list[str]:
    """Why a translation can't be published: empty, too long, or placeholders unlike the English."""
    errors = []
    if context in RELEASE_ONLY_CONTEXTS:
        errors.append("Keywords are changed in the catalogs with a release, not here.")
    if not text.strip():
        errors.append("The translation is empty.")
    if len(text) > MAX_LENGTH:
        errors.append(f"The translation is longer than {MAX_LENGTH} characters.")
    expected, given = sorted(PLACEHOLDER.findall(english)), sorted(PLACEHOLDER.findall(text))
    if expected != given:
        errors.append(
            f"Placeholders must match the English exactly: {' '.join(expected) or 'none'} "
            f"(found {' '.join(given) or 'none'})."
        )
    elif expected:
        try:
            text % {name[2:-2]: "" for name in expected}
        except (ValueError, TypeError, KeyError):
            errors.append("A % sign must be written %% next to placeholders.")
    return errors


@dataclass(frozen=True)
class Change:
    """A translation to publish: where, what, and who says so."""

    language: str
    context: str
    msgid: str
    text: str | None  # None removes the override (the catalog's text is used again)
    status: str
    by: str
    action: str


def apply_change(*, session: Session, change: Change) -> None:
    """Publish (or remove) one override and record the edit; the caller commits."""
    key = msg_key(change.context, change.msgid)
    current = session.scalar(
        select(TranslationOverride).where(
            TranslationOverride.language == change.language, TranslationOverride.msg_key == key
        )
    )
    if change.status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    session.add(
        TranslationEdit(
            language=change.language,
            msg_key=key,
            context=change.context,
            msgid=change.msgid,
            old_text=current.text if current else None,
            new_text=change.text,
            status=change.status,
            action=change.action,
            edited_by=change.by,
        )
    )
    if change.text is None:
        if current is not None:
            session.delete(current)
        return
    if current is None:
        current = TranslationOverride(
            language=change.language, msg_key=key, context=change.context, msgid=change.msgid
        )
        session.add(current)
    current.text, current.status = change.text, change.status
    current.updated_by, current.updated_at = change.by, utcnow()


def overrides_for(*, session: Session, language: str) -> dict[tuple[str, str], TranslationOverride]:
    """A language's published overrides by (context, msgid)."""
    rows = session.scalars(
        select(TranslationOverride).where(TranslationOverride.language == language)
    )
    return {(row.context, row.msgid): row for row in rows}


def published_statuses(*, session: Session, language: str) -> dict[tuple[str, str], str]:
    """The status (draft or reviewed) of each published override of a language."""
    return {
        key: row.status for key, row in overrides_for(session=session, language=language).items()
    }


def history(*, session: Session, language: str, key: str) -> list[TranslationEdit]:
    """Every edit of one message in one language, newest first."""
    return list(
        session.scalars(
            select(TranslationEdit)
            .where(TranslationEdit.language == language, TranslationEdit.msg_key == key)
            .order_by(TranslationEdit.id.desc())
        )
    )


def clear_all(*, session: Session) -> None:
    """Remove every override (tests and resets); history stays."""
    session.execute(delete(TranslationOverride))


class OverrideCache:
    """Published overrides for the renderer, reloaded whenever any instance records an edit."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        """Keep the session factory; nothing is read until first use."""
        self._session_factory = session_factory
        self._version: int | None = None
        self._texts: dict[OverrideKey, str] = {}
        self._lock = threading.Lock()

    def texts(self) -> Mapping[OverrideKey, str]:
        """(language, context, msgid) → published text, as of the latest edit."""
        try:
            with self._session_factory() as session:
                version = session.scalar(select(func.max(TranslationEdit.id))) or 0
                with self._lock:
                    if version != self._version:
                        rows = session.scalars(select(TranslationOverride))
                        self._texts = {(r.language, r.context, r.msgid): r.text for r in rows}
                        self._version = version
        except SQLAlchemyError as error:
            # The catalogs still answer; a database hiccup must not silence the bot.
            log.warning("translation_overrides_unavailable", error=type(error).__name__)
        return self._texts
