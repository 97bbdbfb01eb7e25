"""How each language is heard on a call, per spoken text: recorded, voiced, or in English.

`python -m api.recordings.coverage` prints the table from the database (DATABASE_URL) and the
catalogs; with `--write docs/voice-languages.md` it replaces the table between its markers.
A text counts as recorded when every piece of it has a current, playable recording.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from sqlalchemy.orm import Session

from api.recordings.pieces import SpokenPiece
from api.recordings.service import recordings_of, spoken_pieces, state
from api.translations.languages import Languages
from api.translations.status import CHECKED

BEGIN, END = (
    "<!-- voice-coverage: python -m api.recordings.coverage -->",
    "<!-- /voice-coverage -->",
)


@dataclass(frozen=True)
class VoiceCoverage:
    """One language's spoken texts by how a caller hears them."""

    code: str
    name: str
    texts: int
    recorded: int
    voiced: int
    english: int


def _text_key(piece: SpokenPiece) -> str:
    return piece.piece_id.split("-", 1)[0] if piece.context else piece.piece_id


def voice_coverage(
    *, session: Session, locales_dir: Path, languages: Languages
) -> list[VoiceCoverage]:
    """Every offered language's spoken texts (not numbers or keypad words): recorded, voiced,
    or English (no recording and no voice, or not translated)."""
    found = []
    for language in languages.ordered:
        pieces = [
            p
            for p in spoken_pieces(
                session=session,
                locales_dir=locales_dir,
                languages=languages,
                language=language.code,
            )
            if p.context
        ]
        recordings = recordings_of(session=session, language=language.code)
        recorded = voiced = english = 0
        for _, group in groupby(pieces, key=_text_key):
            parts = list(group)
            states = [state(p, recordings.get(p.piece_id)) for p in parts]
            playable = all(
                s in CHECKED or (s == "draft" and not p.safety)
                for s, p in zip(states, parts, strict=True)
            )
            if parts[0].words and playable:
                recorded += 1
            elif language.voice.say_voice and parts[0].sent and parts[0].words:
                voiced += 1
            else:
                english += 1
        total = recorded + voiced + english
        found.append(
            VoiceCoverage(language.code, language.english_name, total, recorded, voiced, english)
        )
    return found


def markdown(rows: Sequence[VoiceCoverage]) -> str:
    """The table as docs/voice-languages.md shows it."""
    lines = [
        "| Language | spoken texts | recorded | voiced by Twilio | in English |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.name} (`{r.code}`) | {r.texts} | {r.recorded} | {r.voiced} | {r.english} |"
        for r in rows
    ]
    return "\n".join(lines)


def replaced(document: str, table: str) -> str:
    """The document with the table between the markers replaced."""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{BEGIN}\n{table}\n{END}", document)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table, or write it into a document."""
    from api.core.db import make_engine, make_session_factory
    from api.core.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m api.recordings.coverage")
    parser.add_argument("--write", type=Path, help="replace the table in this Markdown file")
    args = parser.parse_args(argv)
    settings = Settings()
    languages = Languages.load(settings.locales_dir)
    with make_session_factory(make_engine(settings.database_url))() as session:
        rows = voice_coverage(
            session=session, locales_dir=settings.locales_dir, languages=languages
        )
    table = markdown(rows)
    if args.write:
        args.write.write_text(replaced(args.write.read_text(encoding="utf-8"), table), "utf-8")
    else:
        sys.stdout.write(table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
