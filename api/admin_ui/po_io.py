"""Export a language as a .po file (catalog plus published edits) and import one, all or nothing."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, write_po
from sqlalchemy.orm import Session

from api.admin_ui.models import DRAFT, REVIEWED
from api.admin_ui.overrides import Change, apply_change, overrides_for, validation_errors
from api.translations import DRAFT_COMMENT, messages, read_catalog


class PoImportError(ValueError):
    """A .po upload that can't be applied; every problem with its line number."""

    def __init__(self, errors: list[str]) -> None:
        """Keep the line-numbered problems."""
        super().__init__("; ".join(errors))
        self.errors = errors


def export_po(*, session: Session, locales_dir: Path, language: str) -> bytes:
    """The language's catalog with every published edit applied, as .po bytes."""
    catalog = read_catalog(locales_dir, language)
    published = overrides_for(session=session, language=language)
    for message in messages(catalog):
        override = published.get((message.context or "", str(message.id)))
        if override is None:
            continue
        message.string = override.text
        comments = [c for c in message.user_comments if c != DRAFT_COMMENT]
        message.user_comments = comments + ([DRAFT_COMMENT] if override.status == DRAFT else [])
    buffer = BytesIO()
    write_po(buffer, catalog, width=76, ignore_obsolete=True)
    return buffer.getvalue()


def _parse(data: bytes) -> Catalog:
    """Parse an uploaded .po strictly; a syntax error names its line."""
    try:
        return read_po(BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        raise PoImportError([str(error)]) from error
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


def import_po(*, session: Session, locales_dir: Path, language: str, data: bytes, by: str) -> int:
    """Publish every changed translation of an uploaded .po, or none if any line is wrong."""
    uploaded = _parse(data)
    errors = _header_errors(uploaded, language)
    template = {
        (m.context or "", str(m.id)): m for m in messages(read_catalog(locales_dir, language))
    }
    published = overrides_for(session=session, language=language)
    changes = []
    for message in messages(uploaded):
        key = (message.context or "", str(message.id))
        where = f"line {message.lineno}"
        if key not in template:
            errors.append(
                f"{where}: {message.context} {str(message.id)[:40]!r} is not a Front Door text"
            )
            continue
        if isinstance(message.string, tuple | list):
            errors.append(f"{where}: plural forms given for a text that has none")
            continue
        text = message.string or ""
        if not text:
            continue
        current = published[key].text if key in published else template[key].string
        if text == current:
            continue
        errors += [f"{where}: {problem}" for problem in validation_errors(key[1], text, key[0])]
        status = DRAFT if message.fuzzy or DRAFT_COMMENT in message.user_comments else REVIEWED
        changes.append(Change(language, key[0], key[1], text, status, by, "import"))
    if errors:
        raise PoImportError(errors)
    for change in changes:
        apply_change(session=session, change=change)
    return len(changes)
