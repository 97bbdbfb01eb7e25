"""Translation status per language: certified, reviewed, machine drafts, stale and missing.

Read from the .po catalogs, with the admin page's published edits when a database is at hand
(`GET /internal/translations/coverage`, the admin page). Statuses: api/translations/status.py.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from api.nlg.safety import is_safety_critical
from api.translations.languages import Languages
from api.translations.status import (
    CERTIFIED,
    DRAFT,
    MISSING,
    REVIEWED,
    STALE,
    TextKey,
    TextState,
    catalog_state,
    english_of,
    restore_previous_ids,
)

DOMAIN = "frontdoor"


def po_path(locales_dir: Path, code: str) -> Path:
    """Where a language's .po catalog lives."""
    return locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locales_dir: Path, code: str) -> Catalog:
    """Parse one language's .po catalog."""
    with po_path(locales_dir, code).open("rb") as handle:
        return restore_previous_ids(read_po(handle, locale=code))


def messages(catalog: Catalog) -> list[Message]:
    """The catalog's messages, without the header and counted (plural) texts, which the admin
    page and the .po round trip don't handle yet (they change with a release)."""
    return [message for message in catalog if message.id and not message.pluralizable]


@dataclass(frozen=True)
class LanguageCoverage:
    """One language's texts by state (each text counts once: stale and missing first)."""

    code: str
    total: int
    translated: int  # certified + reviewed + machine: translated from today's English
    certified: int
    reviewed: int
    machine: int
    stale: int  # translated from English that has changed since
    missing: int  # sent in English
    safety_in_english: int  # safety-critical texts sent in English until checked


def text_states(
    catalog: Catalog, published: Mapping[TextKey, TextState] | None = None
) -> dict[TextKey, TextState]:
    """Every text's state in a language: the published edit if any, else the catalog's."""
    published = published or {}
    return {
        key: published.get(key) or catalog_state(m)
        for m in messages(catalog)
        for key in [(m.context or "", str(m.id))]
    }


def language_coverage(
    code: str,
    catalog: Catalog,
    published: Mapping[TextKey, TextState] | None = None,
    english: Mapping[TextKey, str] | None = None,
) -> LanguageCoverage:
    """Count one language's states; ``english`` holds English edited on the admin page."""
    english = english or {}
    states = text_states(catalog, published)
    labels = Counter(state.label(english_of(key, english)) for key, state in states.items())
    blocked = sum(
        1
        for key, state in states.items()
        if is_safety_critical(*key) and not state.publishable(english_of(key, english))
    )
    return LanguageCoverage(
        code=code,
        total=len(states),
        translated=labels[CERTIFIED] + labels[REVIEWED] + labels[DRAFT],
        certified=labels[CERTIFIED],
        reviewed=labels[REVIEWED],
        machine=labels[DRAFT],
        stale=labels[STALE],
        missing=labels[MISSING],
        safety_in_english=blocked,
    )


def coverage(locales_dir: Path, languages: Languages) -> list[LanguageCoverage]:
    """Coverage of every offered language except English (the source language), in menu order."""
    return [
        language_coverage(code, read_catalog(locales_dir, code))
        for code in languages.codes()
        if code != "en"
    ]


COLUMNS = (
    "total",
    "certified",
    "reviewed",
    "machine",
    "stale",
    "missing",
    "safety_in_english",
)


HEADINGS = {
    "total": "Total",
    "certified": "Certified",
    "reviewed": "Reviewed",
    "machine": "Machine draft",
    "stale": "Stale",
    "missing": "Missing",
    "safety_in_english": "Safety texts in English",
}


def format_table(rows: Sequence[LanguageCoverage]) -> str:
    """A plain-text table, one language a line."""
    lines = [f"{'language':<12}" + "".join(f" {c:>{max(len(c), 5)}}" for c in COLUMNS)]
    for row in rows:
        values = asdict(row)
        lines.append(
            f"{row.code:<12}" + "".join(f" {values[c]:>{max(len(c), 5)}}" for c in COLUMNS)
        )
    return "\n".join(lines)


def format_markdown(rows: Sequence[LanguageCoverage], languages: Languages) -> str:
    """docs/translation-status.md: the same counts as a Markdown table, dated."""
    today = datetime.now(UTC).date().isoformat()
    lines = [
        "# Translation status",
        "",
        f"Generated on {today} from the catalogs in `locales/` by "
        "`.venv/api/bin/python -m api.translations.coverage --markdown > "
        "docs/translation-status.md`. "
        "Edits published on the admin page are not included: see the admin page or "
        "`GET /internal/translations/coverage` for what is sent today.",
        "",
        "Each text counts once. *Machine* drafts need review by a qualified translator; *stale* "
        "texts were translated from English that has changed since; *missing* ones are sent in "
        "English. *Safety in English*: safety-critical texts (consent, DELETE, 999/111 help) "
        "sent in English with an offer of an interpreter call-back until reviewed or "
        "certified (docs/translations.md).",
        "",
        "| Language | " + " | ".join(HEADINGS[c] for c in COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
    ]
    for row in rows:
        language = languages.get(row.code)
        name = f"{language.english_name} (`{row.code}`)" if language else row.code
        values = asdict(row)
        lines.append(f"| {name} | " + " | ".join(str(values[c]) for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m api.translations.coverage [--json | --markdown] [--locales DIR]`: print the

    report."""
    parser = argparse.ArgumentParser(
        prog="python -m api.translations.coverage", description=__doc__
    )
    parser.add_argument("--locales", type=Path, default=Path("locales"))
    output_format = parser.add_mutually_exclusive_group()
    output_format.add_argument("--json", action="store_true", help="JSON instead of a table")
    output_format.add_argument("--markdown", action="store_true", help="docs/translation-status.md")
    args = parser.parse_args(argv)
    languages = Languages.load(args.locales)
    rows = coverage(args.locales, languages)
    if args.json:
        output = json.dumps([asdict(r) for r in rows])
    elif args.markdown:
        output = format_markdown(rows, languages).rstrip("\n")
    else:
        output = format_table(rows)
    print(output)  # noqa: T201 - a command's output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
