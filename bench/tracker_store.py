"""Per-turn cost of sealing the conversation store at rest, sealed vs. in clear, in one run.

A turn as Rasa does it: retrieve the conversation, add a turn's events (the message with its
parse data, the action, slots, the reply), save. The same store classes run twice, once with
the cipher swapped for plain JSON and the number as its own name (what Rasa stored before), in
alternating rounds so machine load hits both alike. SQL (SQLite, the embedded default) always;
Redis when redis-server is installed. Run:
`RASA_TELEMETRY_ENABLED=false PYTHONPATH=. .venv/bot/bin/python -m bench.tracker_store`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import bot.tracker_stores as stores
from tests.support.redis_server import redis_server

DOMAIN = Domain.from_path(Path(__file__).resolve().parents[1] / "bot" / "domain.yml")
WORDS = "my daughter helps me with the computer"


class ClearRing:
    """The number as the conversation's name, as Rasa's own stores keep it."""

    def sender_ref(self, sender: str, key: object = None) -> str:
        return sender

    def sender_refs(self, sender: str) -> list[str]:
        return [sender]


@contextmanager
def in_clear(*stores_: Any) -> Iterator[None]:
    """Swap the cipher for plain JSON in the store module while the block runs."""
    names = ("seal_event", "open_event", "seal_dialogue", "open_dialogue")
    saved = {name: getattr(stores, name) for name in names}
    rings = [store.ring for store in stores_]
    stores.seal_event = lambda ring, sender, event: json.dumps(event)
    stores.open_event = lambda ring, stored: ("", json.loads(stored))
    stores.seal_dialogue = lambda ring, serialised: serialised
    stores.open_dialogue = lambda ring, stored: stored
    for store in stores_:
        store.ring = ClearRing()
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(stores, name, function)
        for store, ring in zip(stores_, rings, strict=True):
            store.ring = ring


async def conversation(store: Any, sender: str, turns: int) -> list[float]:
    """Seconds per turn (retrieve + save) of one conversation."""
    took = []
    for turn in range(turns):
        started = time.perf_counter()
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
        tracker.update(
            UserUttered(f"{WORDS} {turn}", {"intent": {"name": "inform", "confidence": 0.9}})
        )
        tracker.update(ActionExecuted("action_flow"))
        tracker.update(SlotSet("step", f"question_{turn}"))
        tracker.update(SlotSet("answers", {"helper": WORDS, "turn": turn}))
        tracker.update(BotUttered("Does someone help you?", {"buttons": []}))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        took.append(time.perf_counter() - started)
    return took  # fmt: skip


def measure(store: Any, rounds: int, conversations: int, turns: int) -> dict[str, list[float]]:
    """Per-turn seconds, sealed and in clear, alternating rounds."""
    out: dict[str, list[float]] = {"sealed": [], "clear": []}
    numbers = iter(range(10**6))
    for _ in range(rounds):
        for mode in ("sealed", "clear"):
            for _ in range(conversations):
                sender = f"+4477009{next(numbers):05d}"
                if mode == "clear":
                    with in_clear(store):
                        out[mode] += asyncio.run(conversation(store, sender, turns))
                else:
                    out[mode] += asyncio.run(conversation(store, sender, turns))
    return out


def cipher_cpu(turns: int, repeats: int = 200) -> tuple[float, float]:
    """CPU microseconds of the cipher work in one turn, at a conversation of `turns` turns:
    SQL seals the turn's 6 new events and hashes the number; Redis opens the whole sealed
    conversation twice (retrieve, then save's merge), seals it once and hashes the number."""
    from api.conversations.cipher import open_dialogue, seal_dialogue, seal_event
    from api.core.data_keys import keyring_from_environ

    ring = keyring_from_environ()
    tracker = DialogueStateTracker("+447700900001", DOMAIN.slots)
    sql_events: list[dict[str, Any]] = []
    for turn in range(turns):
        start = len(tracker.events)
        tracker.update(UserUttered(f"{WORDS} {turn}", {"intent": {"name": "inform"}}))
        tracker.update(ActionExecuted("action_flow"))
        tracker.update(SlotSet("step", f"question_{turn}"))
        tracker.update(SlotSet("answers", {"helper": WORDS, "turn": turn}))
        tracker.update(BotUttered("Does someone help you?", {"buttons": []}))
        tracker.update(ActionExecuted("action_listen"))
        sql_events = [event.as_dict() for event in list(tracker.events)[start:]]
    serialised = stores.ErasingRedisTrackerStore.serialise_tracker(tracker)
    sealed = seal_dialogue(ring, serialised)
    started = time.process_time()
    for _ in range(repeats):
        ring.sender_ref("+447700900001")
        for event in sql_events:
            seal_event(ring, "+447700900001", event)
    sql = (time.process_time() - started) / repeats
    started = time.process_time()
    for _ in range(repeats):
        ring.sender_ref("+447700900001")
        open_dialogue(ring, sealed)
        open_dialogue(ring, sealed)
        seal_dialogue(ring, serialised)
    redis = (time.process_time() - started) / repeats
    return sql * 1e6, redis * 1e6


def row(name: str, result: dict[str, list[float]]) -> str:
    sealed, clear = (statistics.median(result[m]) * 1000 for m in ("sealed", "clear"))
    mean_s, mean_c = (statistics.fmean(result[m]) * 1000 for m in ("sealed", "clear"))
    ratio = mean_s / mean_c
    return (f"| {name} | {len(result['sealed'])} | {clear:.2f} | {sealed:.2f} | "
            f"{sealed - clear:+.2f} | {mean_c:.2f} | {mean_s:.2f} | {ratio:.2f}× |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=5)
    parser.add_argument("--turns", type=int, default=20, help="turns per conversation")
    args = parser.parse_args()
    sizes = (args.rounds, args.conversations, args.turns)
    lines = ["| store | turns each | p50 ms clear | p50 ms sealed | p50 Δ ms | mean ms clear | "
             "mean ms sealed | mean ratio |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    with tempfile.TemporaryDirectory() as work:
        sql = stores.ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=f"{work}/t.db")
        lines.append(row("SQL (SQLite)", measure(sql, *sizes)))
        try:
            with redis_server(Path(work) / "redis") as url:
                host, port = url.removeprefix("redis://").split("/")[0].split(":")
                red = stores.ErasingRedisTrackerStore(DOMAIN, host=host, port=int(port))
                lines.append(row("Redis", measure(red, *sizes)))
        except BaseException as error:  # pytest.skip without redis-server
            if type(error).__name__ != "Skipped":
                raise
    sql_us, redis_us = cipher_cpu(args.turns)
    lines += ["", f"Cipher CPU per turn at {args.turns} turns: SQL {sql_us:.0f} µs, "
              f"Redis {redis_us:.0f} µs."]  # fmt: skip
    print("\n".join(lines))


if __name__ == "__main__":
    main()
