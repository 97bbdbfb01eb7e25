"""Catalog maintenance with Babel: extract, update and compile (one definition of the flags).

Updating marks translations *stale* when their English changed: the old translation is kept,
``#, fuzzy``, with the English it was made from as its previous msgid (``#|``); see
api/translations/status.py. Fuzzy entries are not compiled, so until someone translates the new
English again, the English is sent.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from difflib import SequenceMatcher
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from api.core.settings import REPO_ROOT
from api.translations.status import restore_previous_ids, write_catalog

DOMAIN = "frontdoor"
PROJECT = "Front Door"
BUGS_ADDRESS = "https://github.com/front-door/front-door/issues"
COPYRIGHT = "Front Door contributors"


def extract_args(output: Path, root: Path = REPO_ROOT) -> list[str]:
    """pybabel arguments that extract every response text to a .pot file."""
    return [
        "pybabel",
        "-q",
        "extract",
        "-F",
        str(root / "locales" / "babel.cfg"),
        "--no-default-keywords",
        "-k",
        "P_:1c,2",
        "-k",
        "NP_:1c,2,3",
        "--add-comments=TRANSLATORS:",
        "--add-location=file",
        "--sort-by-file",
        "--project",
        PROJECT,
        "--version",
        "0.1.0",
        "--copyright-holder",
        COPYRIGHT,
        "--msgid-bugs-address",
        BUGS_ADDRESS,
        "-o",
        str(output),
        "api/nlg",
        "api/assessment",
    ]


def _run(args: list[str]) -> None:
    """Run a pybabel command in-process."""
    CommandLineInterface().run(args)


def extract(output: Path, root: Path = REPO_ROOT) -> None:
    """Extract the template catalog (run from the repository root)."""
    _run(extract_args(output, root))


# A changed text keeps its translation (as stale) when the old and new English are this alike,
# or when it is the only text that changed in its context.
STALE_SIMILARITY = 0.4
Key = tuple[str | None, str]


def _key(message: Message) -> Key:
    """A message's context and English."""
    return message.context, str(message.id)


def _source_of(message: Message) -> list[str]:
    """The English a translation was made from, as a previous msgid."""
    if message.fuzzy and message.previous_id:
        return [str(i) for i in message.previous_id]
    return [str(message.id)]


def _carry_stale(catalog: Catalog, previous: Mapping[Key, list[str]]) -> int:
    """Keep translations whose English changed, marked stale; returns how many were carried."""
    for message in catalog:
        if message.id and message.fuzzy and not message.previous_id and _key(message) in previous:
            message.previous_id = previous[_key(message)]
    added: dict[str | None, list[Message]] = defaultdict(list)
    for message in catalog:
        if message.id and isinstance(message.id, str) and not message.string:
            added[message.context].append(message)
    removed: dict[str | None, list[Message]] = defaultdict(list)
    for old in catalog.obsolete.values():
        if isinstance(old.string, str) and old.string.strip():
            removed[old.context].append(old)
    carried = 0
    for context, new_messages in added.items():
        olds = removed.get(context, [])
        only_pair = len(olds) == 1 == len(new_messages)
        pairs = sorted(
            (
                (SequenceMatcher(None, str(old.id), str(new.id)).ratio(), i, j)
                for i, new in enumerate(new_messages)
                for j, old in enumerate(olds)
            ),
            reverse=True,
        )
        used_new: set[int] = set()
        used_old: set[int] = set()
        for ratio, i, j in pairs:
            if i in used_new or j in used_old or (ratio < STALE_SIMILARITY and not only_pair):
                continue
            new, old = new_messages[i], olds[j]
            new.string, new.user_comments = old.string, list(old.user_comments)
            new.flags.add("fuzzy")
            new.previous_id = _source_of(old)
            used_new.add(i)
            used_old.add(j)
            carried += 1
    return carried


def update_catalog(template_path: Path, path: Path, code: str) -> int:
    """Merge the template into one .po, keeping stale translations; returns how many went stale."""
    with template_path.open("rb") as handle:
        template = read_po(handle)  # read afresh: Catalog.update adopts its new messages
    with path.open("rb") as handle:
        catalog = restore_previous_ids(read_po(handle, locale=code, domain=DOMAIN))
    previous = {_key(m): _source_of(m) for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, no_fuzzy_matching=True)
    carried = _carry_stale(catalog, previous)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(write_catalog(catalog))
    os.replace(temporary, path)
    return carried


def update(locales_dir: Path) -> dict[str, int]:
    """Merge the template into every language's .po (keeps translator comments and stale texts).

    Returns, per language, how many translations went stale (their English changed).
    """
    template = locales_dir / f"{DOMAIN}.pot"
    return {
        path.parent.parent.name: update_catalog(template, path, path.parent.parent.name)
        for path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    }


def compile_catalogs(locales_dir: Path) -> None:
    """Compile every .po to the .mo the NLG endpoint reads."""
    _run(["pybabel", "-q", "compile", "-D", DOMAIN, "-d", str(locales_dir), "--statistics"])
