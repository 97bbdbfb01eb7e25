"""Export a language as a .po file (catalog plus published edits) and import one, all or nothing.

The exported msgid is today's English (an English edit on the admin page included), each entry's
status is its translator comment, and a stale entry is ``#, fuzzy`` with the English it was
translated from as its previous msgid (``#|``), as Poedit and agencies' tools expect.
An upload whose English is not ours today is refused line by line; nothing is half-applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.admin import ADMIN, TranslationEdit
from api.nlg.safety import is_safety_critical
from api.translations.coverage import messages, read_catalog, text_states
from api.translations.languages import DEFAULT_LANGUAGE
from api.translations.overrides import (
    Change,
    apply_change,
    english_overrides,
    governance_errors,
    published_states,
    validation_errors,
)
from api.translations.status import (
    MISSING,
    TextKey,
    comment_status,
    english_of,
    restore_previous_ids,
    with_status_comment,
    write_catalog,
)

SAFETY_NOTE = (
    "SAFETY-CRITICAL: sent only when reviewed or certified from this English; "
    "otherwise people get the English and an interpreter call-back."
)


class PoImportError(ValueError):
    """A .po upload that can't be applied; every problem with its line number."""

    def __init__(self, errors: list[str]) -> None:
        """Keep the line-numbered problems."""
        super().__init__("; ".join(errors))
        self.errors = errors


def export_po(*, session: Session, locales_dir: Path, language: str) -> bytes:
    """The language as sent today (catalog plus published edits), with statuses, as .po bytes."""
    catalog = read_catalog(locales_dir, language)
    english = english_overrides(session=session)
    states = text_states(catalog, published_states(session=session, language=language))
    for message in messages(catalog):
        key = (message.context or "", str(message.id))
        state, today = states[key], english_of(key, english)
        message.id = today
        message.string = state.text
        message.flags.discard("fuzzy")
        message.previous_id = []
        if state.status != MISSING:
            message.user_comments = with_status_comment(message.user_comments, state.status)
        if state.stale(today):
            message.flags.add("fuzzy")
            message.previous_id = [state.source] if state.source else []
        if is_safety_critical(*key) and SAFETY_NOTE not in message.auto_comments:
            message.auto_comments = [*message.auto_comments, SAFETY_NOTE]
    return write_catalog(catalog)


def _parse(data: bytes, language: str) -> Catalog:
    """Parse an uploaded .po strictly; a syntax error names its line. A file with the wrong
    plural forms fails to parse at its counted texts: the header says why, so say that."""
    try:
        return restore_previous_ids(read_po(BytesIO(data), abort_invalid=True))
    except PoFileError as error:
        try:
            header = _header_errors(read_po(BytesIO(data)), language)
        except (PoFileError, UnicodeDecodeError, ValueError):
            header = []
        raise PoImportError(header or [str(error)]) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise PoImportError([f"line 1: not a readable .po file ({error})"]) from error


def _header_errors(catalog: Catalog, language: str) -> list[str]:
    """The header must be for this language, with this language's plural forms."""
    found = str(catalog.locale) if catalog.locale else None
    if found is None or found.replace("_", "-") != language.replace("_", "-"):
        return [f"line 1: the file is for language {found!r}, not {language!r}"]
    try:
        expected = get_plural(Locale.parse(language.split("@")[0])).num_plurals
    except (UnknownLocaleError, ValueError):
        return []
    if catalog.num_plurals != expected:
        return [f"line 1: Plural-Forms has nplurals={catalog.num_plurals}, expected {expected}"]
    return []


def _former_english(
    session: Session, keys: Iterable[TextKey], english: Mapping[TextKey, str]
) -> dict[TextKey, TextKey]:
    """(context, English that was ours but is not today) → the text's key, to explain a refusal."""
    olds: dict[TextKey, set[str]] = {key: {key[1]} for key in keys}
    edits = session.scalars(
        select(TranslationEdit).where(TranslationEdit.language == DEFAULT_LANGUAGE)
    )
    for edit in edits:
        key = (edit.context, edit.msgid)
        if key in olds:
            olds[key] |= {text for text in (edit.old_text, edit.new_text) if text}
    return {
        (key[0], old): key
        for key, texts in olds.items()
        for old in texts
        if old != english_of(key, english)
    }


def _unknown_text_error(
    where: str,
    context: str,
    msgid: str,
    former: Mapping[TextKey, TextKey],
    english: Mapping[TextKey, str],
) -> str:
    """Why an uploaded entry matches none of our texts today."""
    if (context, msgid) in former:
        now = english_of(former[(context, msgid)], english)
        return (
            f"{where}: the English of this {context} text has changed since the file was made; "
            f"ours now reads {now!r}. Download the file again and translate the new English."
        )
    return (
        f"{where}: no {context} text reads {msgid[:60]!r} today: its English has changed since "
        "the file was made, or it is not ours. Download the file again and translate the new "
        "English."
    )


def import_po(*, session: Session, locales_dir: Path, language: str, data: bytes, by: str) -> int:
    """Publish every changed translation or status of an uploaded .po, or none if any is wrong."""
    uploaded = _parse(data, language)
    errors = _header_errors(uploaded, language)
    ours = read_catalog(locales_dir, language)
    english = english_overrides(session=session)
    states = text_states(ours, published_states(session=session, language=language))
    by_today = {(k[0], english_of(k, english)): k for k in states}
    former = _former_english(session, states, english)
    contexts = {key[0] for key in states}
    changes = []
    for message in messages(uploaded):
        where, context = f"line {message.lineno}", message.context or ""
        key = by_today.get((context, str(message.id)))
        if key is None:
            if context in contexts:
                errors.append(_unknown_text_error(where, context, str(message.id), former, english))
            else:
                errors.append(
                    f"{where}: {context} {str(message.id)[:40]!r} is not a Front Door text"
                )
            continue
        if isinstance(message.string, tuple | list):
            errors.append(f"{where}: plural forms given for a text that has none")
            continue
        text, today, current = message.string or "", english_of(key, english), states[key]
        status = comment_status(message.user_comments)
        if not text:
            continue
        unchanged = text == current.text
        if unchanged and (message.fuzzy or (status, today) == (current.status, current.source)):
            continue
        if message.fuzzy:
            errors.append(
                f"{where}: still marked fuzzy (translated from older English): translate it "
                "from the English given and remove the fuzzy mark"
            )
            continue
        problems = validation_errors(today, text, key[0])
        problems += governance_errors(
            role=ADMIN, language=language, key=key, status=status, source=today, english=today
        )
        errors += [f"{where}: {problem}" for problem in problems]
        changes.append(Change(language, key[0], key[1], text, status, by, "import", source=today))
    if errors:
        raise PoImportError(errors)
    for change in changes:
        apply_change(session=session, change=change)
    return len(changes)
