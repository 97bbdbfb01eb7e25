"""Published translations: validated, stored with history, read by the NLG on every instance."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.admin import ADMIN, REVIEWER, ROLE_STATUSES, TranslationEdit, TranslationOverride
from api.nlg.safety import is_safety_critical
from api.translations.languages import DEFAULT_LANGUAGE
from api.translations.status import CHECKED, LABELS, STATUSES, PublishedTexts, TextKey, TextState

PLACEHOLDER = re.compile(r"%\(\w+\)s")
MAX_LENGTH = 1000

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


def governance_errors(
    *, role: str, language: str, key: TextKey, status: str, source: str | None, english: str
) -> list[str]:
    """Why this person may not publish this text with this status (roles, staleness, safety).

    ``source`` is the English the translation was made from, ``english`` today's English.
    """
    if status not in STATUSES:
        return [f"Choose a status: {', '.join(LABELS[s] for s in STATUSES)}."]
    errors = []
    if language == DEFAULT_LANGUAGE:
        if role not in (ADMIN, REVIEWER) or status not in CHECKED:
            errors.append(
                "English is the source of every translation: only admins and reviewers change "
                "it, as reviewed or certified."
            )
        return errors
    if status not in ROLE_STATUSES.get(role, ()):
        errors.append(
            f"As a {role} you can publish: "
            f"{', '.join(LABELS[s] for s in ROLE_STATUSES.get(role, ()))}. "
            "A reviewer marks texts reviewed or certified."
        )
    if source != english:
        errors.append(
            "The English of this text has changed since this translation was made. "
            f"It now reads: “{english}”. Check the translation against it."
        )
    if is_safety_critical(*key) and status not in CHECKED:
        errors.append(
            "This text is safety-critical (consent, DELETE, or 999/111 help). It is only sent "
            "once a qualified translator has reviewed or certified it; until then people get "
            "the English and an offer of an interpreter call-back. Ask a reviewer to publish it."
        )
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
    source: str | None = None  # the English it was translated from (None: the msgid)


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
    source = change.source if change.source is not None else change.msgid
    session.add(
        TranslationEdit(
            language=change.language,
            msg_key=key,
            context=change.context,
            msgid=change.msgid,
            old_text=current.text if current else None,
            new_text=change.text,
            status=change.status,
            source=source if change.text is not None else None,
            old_status=current.status if current else None,
            old_source=(current.source or current.msgid) if current else None,
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
    current.text, current.status, current.source = change.text, change.status, source
    current.updated_by, current.updated_at = change.by, utcnow()


def state_of(row: TranslationOverride) -> TextState:
    """A published edit's state: its status and the English it was translated from."""
    return TextState(row.text, row.status, row.source or row.msgid, published=True)


def overrides_for(*, session: Session, language: str) -> dict[tuple[str, str], TranslationOverride]:
    """A language's published overrides by (context, msgid)."""
    rows = session.scalars(
        select(TranslationOverride).where(TranslationOverride.language == language)
    )
    return {(row.context, row.msgid): row for row in rows}


def published_states(*, session: Session, language: str) -> dict[TextKey, TextState]:
    """The state of each published override of a language."""
    return {
        key: state_of(row) for key, row in overrides_for(session=session, language=language).items()
    }


def english_overrides(*, session: Session) -> dict[TextKey, str]:
    """English texts changed on the admin page: today's English for their translations."""
    return {key: row.text for key, row in overrides_for(session=session, language="en").items()}


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
        self._texts = PublishedTexts()
        self._lock = threading.Lock()

    def texts(self) -> PublishedTexts:
        """(language, context, msgid) → published text and its state, as of the latest edit."""
        try:
            with self._session_factory() as session:
                version = session.scalar(select(func.max(TranslationEdit.id))) or 0
                with self._lock:
                    if version != self._version:
                        rows = list(session.scalars(select(TranslationOverride)))
                        keys = [(r.language, r.context, r.msgid) for r in rows]
                        self._texts = PublishedTexts(
                            {k: r.text for k, r in zip(keys, rows, strict=True)},
                            {k: state_of(r) for k, r in zip(keys, rows, strict=True)},
                        )
                        self._version = version
        except SQLAlchemyError as error:
            # The catalogs still answer; a database hiccup must not silence the bot.
            log.warning("translation_overrides_unavailable", error=type(error).__name__)
        return self._texts
