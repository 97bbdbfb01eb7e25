"""Review made easy: what a qualified reviewer of a language checks first, and a packet to do it.

Order: safety-critical texts first (they go out in English until checked), then by how often each
text is sent in that language (the `text_sends` log the renderer keeps), then catalog order. The
admin page lists a language's texts in this order, in batches, with how many of the logged
messages would go out reviewed once each batch is done. A packet per language (CSV, for a
reviewer or an agency) has the English, the current draft, an empty back-translation column and
where each text appears.

`python -m api.translations.review <language> [--batch 10] [--locales DIR]` writes the packet
(with the log of the database the settings name).
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import structlog
from babel.messages.pofile import read_po
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from api.core.db import make_engine, make_session_factory
from api.core.settings import Settings
from api.models.text_sends import TextSend
from api.translations.prompts import Prompt, prompts
from api.translations.status import CHECKED

log = structlog.get_logger(__name__)
BATCH_SIZE = 10
PACKET_COLUMNS = (
    "order",
    "batch",
    "safety_critical",
    "status",
    "context",
    "where",
    "english",
    "current_draft",
    "back_translation",
    "sends",
)


def sent_contexts(response: str, arguments: Mapping[str, object], channel: str | None) -> list[str]:
    """The text contexts one rendered response sends: its own, a flow question's, the call's."""
    contexts = [response]
    question = arguments.get("question_id")
    if response == "utter_ask_question" and isinstance(question, str) and question:
        contexts.append(f"flow:{question}"[:200])
    if channel == "twilio_voice":
        contexts.append("voice")
    return contexts


def record_sends(session: Session, language: str, contexts: Iterable[str]) -> None:
    """Count one send of each context in a language; a failure is logged, never raised (the
    reply matters more than the count)."""
    try:
        for context in contexts:
            key = {"language": language[:32], "context": context[:200]}
            bumped = session.execute(
                update(TextSend)
                .where(TextSend.language == key["language"], TextSend.context == key["context"])
                .values(sends=TextSend.sends + 1)
            )
            if not getattr(bumped, "rowcount", 0):
                session.add(TextSend(**key, sends=1))
                session.flush()
        session.commit()
    except (IntegrityError, SQLAlchemyError):  # a concurrent first send, or the database is away
        session.rollback()
        log.warning("text_sends_not_counted", language=language[:16])


def sends_by_context(session: Session, language: str) -> dict[str, int]:
    """How often each text context was sent in a language."""
    rows = session.execute(
        select(TextSend.context, TextSend.sends).where(TextSend.language == language)
    )
    return {str(context): int(sends) for context, sends in rows.all()}


@dataclass(frozen=True)
class ReviewItem:
    """One text in review order."""

    order: int
    batch: int
    prompt: Prompt
    sends: int
    where: str

    @property
    def reviewed(self) -> bool:
        """Already checked by a qualified person, from today's English."""
        return self.prompt.status in CHECKED


@dataclass(frozen=True)
class Batch:
    """A batch of texts to review, and what reviewing it (and those before) achieves."""

    number: int
    items: list[ReviewItem]
    sends_reviewed_after: int  # logged messages whose text would then be reviewed
    sends_total: int

    @property
    def share_after(self) -> int:
        """Per cent of logged messages that would go out reviewed after this batch."""
        return round(100 * self.sends_reviewed_after / self.sends_total) if self.sends_total else 0


def review_order(
    prompts: Sequence[Prompt],
    sends: Mapping[str, int],
    where: Mapping[tuple[str, str], str] | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[ReviewItem]:
    """Safety-critical first, then the most sent, then catalog order; numbered and batched."""
    where = where or {}
    ranked = sorted(
        enumerate(prompts),
        key=lambda pair: (not pair[1].safety, -sends.get(pair[1].context, 0), pair[0]),
    )
    return [
        ReviewItem(
            order=number,
            batch=(number - 1) // batch_size + 1,
            prompt=prompt,
            sends=sends.get(prompt.context, 0),
            where=where.get((prompt.context, prompt.msgid), prompt.context),
        )
        for number, (_, prompt) in enumerate(ranked, start=1)
    ]


def batches(items: Sequence[ReviewItem]) -> list[Batch]:
    """The items in their batches, each with the logged messages reviewed once it is done.

    A message counts as reviewed when every text of its context is reviewed (a response is sent
    whole)."""
    by_context: dict[str, list[ReviewItem]] = {}
    for item in items:
        by_context.setdefault(item.prompt.context, []).append(item)
    sends = {context: group[0].sends for context, group in by_context.items()}
    total = sum(sends.values())
    done: set[tuple[str, str]] = {(i.prompt.context, i.prompt.msgid) for i in items if i.reviewed}
    result = []
    for number in sorted({item.batch for item in items}):
        members = [item for item in items if item.batch == number]
        done |= {(i.prompt.context, i.prompt.msgid) for i in members}
        covered = sum(
            sends[context]
            for context, group in by_context.items()
            if all((i.prompt.context, i.prompt.msgid) in done for i in group)
        )
        result.append(Batch(number, members, covered, total))
    return result


def locations(template: Path) -> dict[tuple[str, str], str]:
    """Where each text appears: its context and the source files the .pot names."""
    with template.open("rb") as handle:
        catalog = read_po(handle)
    return {
        (m.context or "", str(m.id)): " ".join(
            [m.context or "", *sorted({path for path, _line in m.locations})]
        ).strip()
        for m in catalog
        if m.id and isinstance(m.id, str)
    }


def packet_csv(items: Sequence[ReviewItem]) -> str:
    """The review packet: one row per text in review order, a back-translation column to fill."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PACKET_COLUMNS)
    for item in items:
        prompt = item.prompt
        writer.writerow(
            [
                item.order,
                item.batch,
                "yes" if prompt.safety else "no",
                prompt.status,
                prompt.context,
                item.where,
                prompt.english,
                prompt.text,
                "",
                item.sends,
            ]
        )
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Write a language's review packet (CSV) to standard output."""
    parser = argparse.ArgumentParser(prog="python -m api.translations.review", description=__doc__)
    parser.add_argument("language")
    parser.add_argument("--locales", type=Path, default=Path("locales"))
    parser.add_argument("--batch", type=int, default=BATCH_SIZE)
    args = parser.parse_args(argv)
    factory = make_session_factory(make_engine(Settings().database_url))
    with factory() as session:
        rows = prompts(session=session, locales_dir=args.locales, language=args.language)
        sends = sends_by_context(session, args.language)
    where = locations(args.locales / "frontdoor.pot")
    items = review_order(rows, sends, where, batch_size=max(1, args.batch))
    print(packet_csv(items), end="")  # noqa: T201 - a command's output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
