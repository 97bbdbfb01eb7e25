"""Score a trained model on held-out examples, per language, and write docs/nlu-report.md.

    .venv/bot/bin/python -m bot.nlu_eval                      # models/current.tar.gz -> the report
    .venv/bot/bin/python -m bot.nlu_eval --model /tmp/m.tar.gz  # a private model: prints only

Held-out sets are found by name, `tests/nlu/held_out_<code>.yml`, one per language code of
locales/languages.yml; they are never used in training. Each example is parsed by the real model;
the predicted intent is the top one (a prediction under the fallback threshold counts as wrong).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.log_utils import configure_structlog
from sklearn.metrics import precision_recall_fscore_support

REPO = Path(__file__).resolve().parent.parent
MODEL = REPO / "models" / "current.tar.gz"
HELD_OUT_DIR = REPO / "tests" / "nlu"
TRAINING_DIR = REPO / "data" / "nlu"
LANGUAGES_FILE = REPO / "locales" / "languages.yml"
REPORT = REPO / "docs" / "nlu-report.md"

# What people type about their needs and requests in the assessment (data/nlu/*_needs.yml).
FREE_TEXT_INTENTS = (
    "impairment_hearing", "impairment_vision", "impairment_mobility", "impairment_learning",
    "no_internet", "basic_phone", "family_helps", "needs_sign_language", "caring_duties",
    "call_me_back", "book_appointment", "cancel_booking",
)  # fmt: skip
# Varieties understood by another language's examples (one model, same words).
SHARES_UNDERSTANDING = {"en@easyread": "en"}
GATE_F1 = 0.85
MIN_EXAMPLES = 4
NEAR_COPY = 0.6  # trigram Jaccard; reported so the held-out sets' difficulty is visible


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent on held-out examples."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class LanguageResult:
    """One language's held-out scores and the examples the model got wrong."""

    code: str
    name: str
    scores: list[IntentScore]
    misses: list[tuple[str, str, str]]  # (text, expected, predicted)
    near_copies: int = 0

    @property
    def lowest_f1(self) -> float:
        return min((s.f1 for s in self.scores), default=0.0)


def launch_languages(path: Path = LANGUAGES_FILE) -> dict[str, str]:
    """Language code -> English name, in menu order."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["languages"]
    entries = sorted(entries, key=lambda e: e.get("menu_order", 999))
    return {e["code"]: e["english_name"] for e in entries}


def held_out_sets(directory: Path = HELD_OUT_DIR) -> dict[str, Path]:
    """Language code -> held-out file for every `held_out_<code>.yml` present, in menu order."""
    found = {p.stem.removeprefix("held_out_"): p for p in sorted(directory.glob("held_out_*.yml"))}
    order = list(launch_languages())
    return dict(sorted(found.items(), key=lambda kv: (order + [kv[0]]).index(kv[0])))


def held_out_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs of a held-out file."""
    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def training_texts(directory: Path = TRAINING_DIR) -> set[str]:
    """Every training example, lower-cased: held-out examples must not repeat them."""
    data = load_data(str(directory))
    return {m.get("text").strip().lower() for m in data.intent_examples}


def trigrams(text: str) -> set[str]:
    padded = f" {' '.join(text.lower().split())} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def near_copies(examples: list[tuple[str, str]], trained: list[set[str]]) -> int:
    """How many held-out texts share >= NEAR_COPY of their trigrams with a training text."""

    def closest(text: str) -> float:
        grams = trigrams(text)
        return max((len(grams & t) / len(grams | t) for t in trained), default=0.0)

    return sum(1 for text, _ in examples if closest(text) >= NEAR_COPY)


def training_counts(directory: Path = TRAINING_DIR) -> dict[str, int]:
    """Language code -> free-text training examples (data/nlu/<code>_needs.yml and <code>.yml)."""
    counts: dict[str, int] = {}
    for path in sorted(directory.glob("*.yml")):
        code = path.stem.removesuffix("_needs")
        examples = load_data(str(path)).intent_examples
        free = sum(1 for m in examples if m.get("intent") in FREE_TEXT_INTENTS)
        counts[code] = counts.get(code, 0) + free
    return counts


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


def evaluate(model: Path = MODEL) -> dict[str, LanguageResult]:
    """Scores per language code, for every held-out set found."""
    agent = Agent.load(str(model))
    names = launch_languages()
    trained = [trigrams(text) for text in training_texts()]
    results = {}
    for code, path in held_out_sets().items():
        examples = held_out_examples(path)
        expected = [intent for _, intent in examples]
        predicted = asyncio.run(predictions(agent, [text for text, _ in examples]))
        misses = [
            (text, want, got)
            for (text, want), got in zip(examples, predicted, strict=True)
            if want != got
        ]
        results[code] = LanguageResult(
            code,
            names.get(code, code),
            scores(expected, predicted),
            misses,
            near_copies(examples, trained),
        )
    return results


def summary_table(results: dict[str, LanguageResult]) -> list[str]:
    """One row per launch language: lowest and mean F1 over the free-text intents."""
    lines = [
        "| language | code | training examples | held-out (near copies) | lowest F1 | mean F1 "
        "| gate |",
        "|---|---|---|---|---|---|---|",
    ]
    trained = training_counts()
    for code, name in launch_languages().items():
        if code in SHARES_UNDERSTANDING:
            shared = SHARES_UNDERSTANDING[code]
            lines.append(f"| {name} | `{code}` | — | — | — | — | uses `{shared}` |")
            continue
        result = results.get(code)
        if result is None:
            lines.append(
                f"| {name} | `{code}` | {trained.get(code, 0)} | 0 | — | — | **no held-out set** |"
            )
            continue
        rows = [s for s in result.scores if s.intent in FREE_TEXT_INTENTS]
        mean = sum(s.f1 for s in rows) / len(rows) if rows else 0.0
        missing = set(FREE_TEXT_INTENTS) - {s.intent for s in rows}
        verdict = (
            f"**missing {len(missing)} intents**"
            if missing
            else ("pass" if result.lowest_f1 >= GATE_F1 else "**below 0.85**")
        )
        total = sum(s.support for s in result.scores)
        lines.append(
            f"| {name} | `{code}` | {trained.get(code, 0)} | {total} ({result.near_copies}) "
            f"| {result.lowest_f1:.2f} "
            f"| {mean:.2f} | {verdict} |"
        )
    return lines


def markdown(results: dict[str, LanguageResult], model_name: str = "") -> str:
    """The report page."""
    lines = [
        "# NLU evaluation on held-out examples",
        "",
        "Written by `.venv/bot/bin/python -m bot.nlu_eval` from `tests/nlu/held_out_<code>.yml`,",
        "which are never used in training. One small model understands every language",
        "(`bot/config.yml`: whitespace tokens, with each Chinese character a token of its own",
        "(`bot/nlu_tokenizer.py`); counts of words, word pairs and character n-grams; logistic",
        "regression). The free-text intents choose answers and requests in the assessment",
        "(`docs/assessment.md`).",
        "",
        f"`tests/bot/test_nlu_quality.py` fails if any free-text intent falls below F1 {GATE_F1}",
        "in any launch language (0.9 for English), if a launch language has no held-out set",
        f"with at least {MIN_EXAMPLES} examples of every free-text intent, or if a held-out text",
        "is also a training example. Easy Read English shares English understanding: people",
        "write the same words, so the English examples and scores cover it.",
        "",
        "A prediction under the fallback threshold (`nlu_fallback`) counts as wrong. *Training",
        "examples* are the free-text examples of that language in `data/nlu/`. *Near copies*",
        f"are held-out texts sharing at least {NEAR_COPY:.0%} of their character trigrams with",
        "some training text (a new ending on a trained phrase, say): the more there are, the",
        "easier that language's held-out set.",
        "",
        "Read these scores as optimistic: the held-out sets were written first and never",
        "changed, but training examples were added in rounds after seeing which topics a",
        "language missed (never the held-out sentences: see the near copies). With 4–5",
        "held-out examples per intent one miss is 0.86, so most languages pass by one example;",
        "the drafts in every language but English need review by native speakers.",
    ]
    if model_name:
        lines += ["", f"Model: `{model_name}`."]
    lines += ["", "## Summary", "", *summary_table(results)]
    for code, result in results.items():
        lines += [
            "",
            f"## {result.name} (`{code}`)",
            "",
            "| intent | precision | recall | F1 | examples |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{r.intent}` | {r.precision:.2f} | {r.recall:.2f} | {r.f1:.2f} | {r.support} |"
            for r in result.scores
        ]
        if result.misses:
            lines += ["", "Missed:", ""]
            lines += [f"- “{text}”: `{want}` → `{got}`" for text, want, got in result.misses]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Evaluate; write the report for the shared model (or --report), print it always."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model archive (default models/current.tar.gz)")
    parser.add_argument("--report", type=Path, help="write the report here (default: docs/ "
                        "for the shared model, nowhere for --model)")  # fmt: skip
    args = parser.parse_args(argv)
    configure_structlog(logging.WARNING)  # else every parse is logged to stdout
    model = args.model or MODEL
    report = args.report or (REPORT if args.model is None else None)
    results = evaluate(model)
    page = markdown(results, model.resolve().name)
    if report is not None:
        report.write_text(page, encoding="utf-8")
    print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
