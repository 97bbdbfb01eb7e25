"""WHO SEES (STOP n, ALLOW n) and WHO READ: which organisations can see the person's needs, stopping
or allowing one of them, and which read the record lately.

The numbers are those of the list last shown (kept in the `organisations` slot), so "STOP 2" means
what the person read; without a list shown, the current one is fetched first. A bare "STOP" is the
carriers' opt-out keyword and never reaches here (bot/channels); "STOP 2" does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from actions.conversation.core import FlowState, Heard, Reply, Step, Turn, question_for

WHO_SEES, WHO_READ = "who_sees", "who_read"
STOP_ORGANISATION, ALLOW_ORGANISATION = "stop_organisation", "allow_organisation"
CHANGES = {"stop": STOP_ORGANISATION, "allow": ALLOW_ORGANISATION}
SEER_FIELDS = ("ods_code", "name", "how", "stopped")
MAX_NUMBER = 99


def numbered_command(text: str, words: dict[str, Iterable[str]]) -> tuple[str, int] | None:
    """("stop" | "allow", n) when the whole message is one of the words and a number, e.g.
    "STOP 2", "stop 2.", "Allow: 3" (words: name → every form accepted, in any case)."""
    match = re.fullmatch(r"\s*(.+?)[\s:#.-]*(\d{1,2})\s*[.!]?\s*", text)
    if not match:
        return None
    said = match.group(1).strip().casefold()
    for name, forms in words.items():
        if said in {form.strip().casefold() for form in forms if form.strip()}:
            return name, int(match.group(2))
    return None


def command(heard: Heard) -> Turn | None:
    """The turn for WHO SEES, WHO READ (keyword or menu), STOP n or ALLOW n, if it was one."""
    for request in (WHO_SEES, WHO_READ):
        if request in (heard.keyword, heard.intent):
            return Turn(request=request)
    if heard.numbered is None:
        return None
    name, number = heard.numbered
    if name not in CHANGES or not 1 <= number <= MAX_NUMBER:
        return None
    return Turn(request=CHANGES[name], number=number)


def then(state: FlowState) -> list[Reply]:
    """The question waiting, if one is (after the assessment, no menu: its numbers would read
    as the organisations')."""
    return [] if state.step in (None, Step.DONE) else [question_for(state)]


def shown(seers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The list as the conversation keeps it (no more than it needs)."""
    return [{field: seer.get(field) for field in SEER_FIELDS} for seer in seers]


def after_who_sees(state: FlowState, seers: list[dict[str, Any]] | None) -> Turn:
    """The numbered list (remembered for STOP n / ALLOW n), then the current question."""
    if seers is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    kept = shown(seers)
    return Turn(
        slots={"organisations": kept},
        replies=[Reply("utter_who_sees", {"organisations": kept}), *then(state)],
    )


def chosen(seers: list[dict[str, Any]], number: int | None) -> dict[str, Any] | None:
    """The organisation numbered `number` in the list shown, if there is one."""
    if number is None or not 1 <= number <= len(seers):
        return None
    return seers[number - 1]


def not_in_list(state: FlowState, seers: list[dict[str, Any]]) -> Turn:
    """A number the list doesn't have: say so and show the list again."""
    kept = shown(seers)
    return Turn(
        slots={"organisations": kept},
        replies=[
            Reply("utter_no_such_organisation", {"count": len(kept)}),
            Reply("utter_who_sees", {"organisations": kept}),
            *then(state),
        ],
    )


def after_change(
    state: FlowState,
    seers: list[dict[str, Any]],
    number: int,
    changed: dict[str, Any] | None,
    stop: bool,
) -> Turn:
    """Say that the organisation stopped (or may see again), or that it couldn't be done."""
    if changed is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    kept = shown(seers)
    kept[number - 1] = {**kept[number - 1], "stopped": stop}
    response = "utter_organisation_stopped" if stop else "utter_organisation_allowed"
    reply = Reply(response, {"name": changed.get("name") or "", "number": number})
    return Turn(slots={"organisations": kept}, replies=[reply, *then(state)])


def after_who_read(state: FlowState, readers: list[dict[str, Any]] | None) -> Turn:
    """Who read the record, and when, then the current question."""
    if readers is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    listed = [
        {"name": r.get("name"), "last_read_at": r.get("last_read_at"), "reads": r.get("reads")}
        for r in readers
    ]
    return Turn(replies=[Reply("utter_who_read", {"readers": listed}), *then(state)])
