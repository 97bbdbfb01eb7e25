"""Every translated text's status and the English it was translated from (stale when it differs).

In a `.po` catalog (what agencies and Poedit read and write):
- the status is a translator comment: ``# draft: needs review by a qualified translator``
  (a machine draft), ``# reviewed`` or ``# certified`` (optionally ``: who, when``); a text with
  none counts as a machine draft, and with several as the weakest;
- the English it was translated from is the ``msgid``, unless the entry is ``#, fuzzy`` with a
  previous ``#| msgid``: then the English changed since and the previous msgid is the source.
Published edits on the admin page keep the same two facts in their database row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, normalize, read_po, write_po

DRAFT, REVIEWED, CERTIFIED = "draft", "reviewed", "certified"
STATUSES = (DRAFT, REVIEWED, CERTIFIED)  # weakest first
CHECKED = frozenset({REVIEWED, CERTIFIED})
STALE, MISSING = "stale", "missing"
DRAFT_COMMENT = "draft: needs review by a qualified translator"
STATUS_COMMENTS = {DRAFT: DRAFT_COMMENT, REVIEWED: REVIEWED, CERTIFIED: CERTIFIED}
LABELS = {
    DRAFT: "machine draft",
    REVIEWED: "reviewed",
    CERTIFIED: "certified",
    STALE: "stale",
    MISSING: "missing",
}
TextKey = tuple[str, str]  # context, English msgid (the catalog's key)
OverrideKey = tuple[str, str, str]  # language, context, msgid


def restore_previous_ids(catalog: Catalog) -> Catalog:
    """Read each entry's previous msgid (``#|``), which Babel's reader leaves as comments."""
    for message in catalog:
        lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        first, *rest = lines
        if first.startswith("msgid "):
            quoted = [first.removeprefix("msgid ").strip()]
            quoted += [line for line in rest if line.startswith('"')]
            message.previous_id = [denormalize("\n".join(quoted))]
    return catalog


PO_WIDTH = 76


def write_catalog(catalog: Catalog, width: int = PO_WIDTH) -> bytes:
    """A .po file with each previous msgid written as gettext does (Babel wraps long ones wrongly).

    Obsolete entries are left out.
    """
    previous: dict[str, str] = {}
    for number, message in enumerate(m for m in catalog if m.id and m.previous_id):
        token = f"frontdoor-previous-{number}"
        previous[f'#| msgid "{token}"'] = str(message.previous_id[0])
        message.previous_id = [token]
    buffer = BytesIO()
    write_po(buffer, catalog, width=width, ignore_obsolete=True, include_previous=True)
    lines = []
    for line in buffer.getvalue().decode("utf-8").split("\n"):
        if line in previous:
            text = f"msgid {normalize(previous[line], width=width)}"
            lines += [f"#| {part}" for part in text.split("\n")]
        else:
            lines.append(line)
    for message in catalog:  # leave the catalog as it was
        if message.previous_id and str(message.previous_id[0]).startswith("frontdoor-previous-"):
            message.previous_id = [previous[f'#| msgid "{message.previous_id[0]}"']]
    return "\n".join(lines).encode("utf-8")


def _comment_status(comment: str) -> str | None:
    """The status a translator comment states, if it is a status comment."""
    comment = comment.strip()
    if comment == DRAFT_COMMENT:
        return DRAFT
    head = comment.split(":", 1)[0].strip().casefold()
    return head if head in (REVIEWED, CERTIFIED) else None


def comment_status(comments: Iterable[str]) -> str:
    """The status stated by a catalog entry's translator comments (the weakest one stated)."""
    found = {s for s in map(_comment_status, comments) if s}
    return next((s for s in STATUSES if s in found), DRAFT)


def with_status_comment(comments: Iterable[str], status: str) -> list[str]:
    """Translator comments with their status comment replaced by this status's."""
    return [c for c in comments if _comment_status(c) is None] + [STATUS_COMMENTS[status]]


@dataclass(frozen=True)
class TextState:
    """One text in one language: what it says, its status and the English it came from."""

    text: str
    status: str  # draft | reviewed | certified | missing
    source: str | None  # None: not known (a fuzzy entry without its previous msgid)
    published: bool = False  # an admin-page edit in the database

    def stale(self, english: str) -> bool:
        """Translated from other English than today's."""
        return self.status != MISSING and self.source != english

    def label(self, english: str) -> str:
        """missing, stale, or its status."""
        return STALE if self.stale(english) else self.status

    def publishable(self, english: str) -> bool:
        """Checked by a qualified person, from today's English (what safety texts need)."""
        return self.status in CHECKED and self.source == english


MISSING_STATE = TextState("", MISSING, None)


def catalog_state(message: Message) -> TextState:
    """The state of a .po entry."""
    if not isinstance(message.string, str) or not message.string.strip():
        return MISSING_STATE
    source: str | None = str(message.id)
    if message.fuzzy:
        source = str(message.previous_id[0]) if message.previous_id else None
    return TextState(message.string, comment_status(message.user_comments), source)


def english_of(key: TextKey, english_overrides: Mapping[TextKey, str]) -> str:
    """Today's English of a text: an edit published on the admin page, else the catalog's."""
    return english_overrides.get(key, key[1])


class PublishedTexts(dict[OverrideKey, str]):
    """Published admin-page texts by (language, context, msgid), with each one's state."""

    def __init__(
        self, texts: Mapping[OverrideKey, str] = (), states: Mapping[OverrideKey, TextState] = ()
    ) -> None:
        """The texts, and their states (status and source)."""
        super().__init__(texts)
        self.states: dict[OverrideKey, TextState] = dict(states)


@lru_cache(maxsize=64)
def _catalog_states(path: Path, _mtime_ns: int, code: str) -> dict[TextKey, TextState]:
    """Every entry's state in one .po (cached until the file changes)."""
    with path.open("rb") as handle:
        catalog = restore_previous_ids(read_po(handle, locale=code))
    return {(m.context or "", str(m.id)): catalog_state(m) for m in catalog if m.id}


def catalog_states(locales_dir: Path, code: str) -> dict[TextKey, TextState]:
    """A language's catalog states; empty when it has no .po."""
    path = locales_dir / code / "LC_MESSAGES" / "frontdoor.po"
    if not path.is_file():
        return {}
    return _catalog_states(path, path.stat().st_mtime_ns, code)


def current_state(
    code: str, key: TextKey, catalog: Mapping[TextKey, TextState], published: PublishedTexts
) -> TextState:
    """A text's state as sent today: the published edit if any, else the catalog's."""
    return published.states.get((code, *key)) or catalog.get(key, MISSING_STATE)
