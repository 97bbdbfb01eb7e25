"""Translation status per language: read from the .po catalogs (what falls back to English)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from api.languages import Languages

DOMAIN = "frontdoor"
DRAFT_COMMENT = "draft: needs review by a qualified translator"


def po_path(locales_dir: Path, code: str) -> Path:
    """Where a language's .po catalog lives."""
    return locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locales_dir: Path, code: str) -> Catalog:
    """Parse one language's .po catalog."""
    with po_path(locales_dir, code).open("rb") as handle:
        return read_po(handle, locale=code)


def messages(catalog: Catalog) -> list[Message]:
    """The catalog's messages, without the header."""
    return [message for message in catalog if message.id]


def status_of(message: Message) -> str:
    """'missing' (English is shown), 'draft' (needs review) or 'reviewed'."""
    if not isinstance(message.string, str) or not message.string.strip() or message.fuzzy:
        return "missing"
    return "draft" if DRAFT_COMMENT in message.user_comments else "reviewed"


@dataclass(frozen=True)
class LanguageCoverage:
    """How much of one language is translated, and how much is still a draft."""

    code: str
    total: int
    translated: int
    draft: int
    missing: int


def language_coverage(
    code: str, catalog: Catalog, published: Mapping[tuple[str, str], str] | None = None
) -> LanguageCoverage:
    """Count one catalog's statuses; an edit published on the admin page counts with its status."""
    published = published or {}
    statuses = [
        published.get((m.context or "", str(m.id))) or status_of(m) for m in messages(catalog)
    ]
    missing = statuses.count("missing")
    return LanguageCoverage(
        code=code,
        total=len(statuses),
        translated=len(statuses) - missing,
        draft=statuses.count("draft"),
        missing=missing,
    )


def coverage(locales_dir: Path, languages: Languages) -> list[LanguageCoverage]:
    """Coverage of every offered language except English (the source language), in menu order."""
    return [
        language_coverage(code, read_catalog(locales_dir, code))
        for code in languages.codes()
        if code != "en"
    ]


def format_table(rows: Sequence[LanguageCoverage]) -> str:
    """A plain-text table: language, total, translated, draft, missing."""
    lines = [f"{'language':<12} {'total':>5} {'translated':>10} {'draft':>5} {'missing':>7}"]
    lines += [
        f"{r.code:<12} {r.total:>5} {r.translated:>10} {r.draft:>5} {r.missing:>7}" for r in rows
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m api.translations [--json] [--locales DIR]`: print the coverage report."""
    parser = argparse.ArgumentParser(prog="python -m api.translations", description=__doc__)
    parser.add_argument("--locales", type=Path, default=Path("locales"))
    parser.add_argument("--json", action="store_true", help="JSON instead of a table")
    args = parser.parse_args(argv)
    rows = coverage(args.locales, Languages.load(args.locales))
    output = json.dumps([asdict(r) for r in rows]) if args.json else format_table(rows)
    print(output)  # noqa: T201 - a command's output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
