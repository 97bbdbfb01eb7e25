"""Score the trained model on held-out examples and write docs/nlu-report.md.

    .venv/bot/bin/python -m bot.nlu_eval      # after `make test` or `make run` trained the model

The examples in tests/nlu/ are never used in training. Each is parsed by the real model; the
predicted intent is the top one (a prediction under the fallback threshold counts as wrong).
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import precision_recall_fscore_support

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "models" / "current.tar.gz"
HELD_OUT = {
    "English": REPO / "tests/nlu/held_out_en.yml",
    "Polish": REPO / "tests/nlu/held_out_pl.yml",
}
REPORT = REPO / "docs" / "nlu-report.md"


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent on held-out examples."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int


def held_out_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs of a held-out file."""
    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def predictions(agent: Agent, texts: list[str]) -> list[str]:
    """The model's top intent for each text."""
    parsed = [await agent.parse_message(text) for text in texts]
    return [p["intent"]["name"] for p in parsed]


def scores(expected: list[str], predicted: list[str]) -> list[IntentScore]:
    """Per-intent scores for the intents that have held-out examples."""
    labels = sorted(set(expected))
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=labels, zero_division=0
    )
    return [
        IntentScore(label, float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    ]


def evaluate(model: Path = MODEL) -> dict[str, list[IntentScore]]:
    """Scores per language of the held-out sets."""
    agent = Agent.load(str(model))
    results = {}
    for language, path in HELD_OUT.items():
        examples = held_out_examples(path)
        predicted = asyncio.run(predictions(agent, [text for text, _ in examples]))
        results[language] = scores([intent for _, intent in examples], predicted)
    return results


def markdown(results: dict[str, list[IntentScore]]) -> str:
    """The report page."""
    lines = [
        "# NLU evaluation on held-out examples",
        "",
        "Written by `.venv/bot/bin/python -m bot.nlu_eval` from the examples in `tests/nlu/`,",
        "which are never used in training. The free-text intents choose answers in the",
        "assessment (`docs/assessment.md`); `tests/bot/test_nlu_quality.py` fails if any English",
        "one falls below F1 0.9.",
    ]
    for language, rows in results.items():
        lines += ["", f"## {language}", "", "| intent | precision | recall | F1 | examples |"]
        lines.append("|---|---|---|---|---|")
        lines += [
            f"| `{r.intent}` | {r.precision:.2f} | {r.recall:.2f} | {r.f1:.2f} | {r.support} |"
            for r in rows
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Evaluate and write docs/nlu-report.md."""
    results = evaluate()
    REPORT.write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
