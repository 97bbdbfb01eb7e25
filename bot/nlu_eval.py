"""Score a trained model on held-out examples, per language, and write docs/nlu-report.md.

    .venv/bot/bin/python -m bot.nlu_eval                      # models/current.tar.gz -> the report
    .venv/bot/bin/python -m bot.nlu_eval --model /tmp/m.tar.gz  # a private model: prints only

Held-out sets are found by name, `tests/nlu/held_out_<code>.yml`, one per language code of
locales/languages.yml; they are never used in training. Each example is parsed by the real model;
the prediction is judged exactly as the conversation acts on free text: the top intent counts only
at or above `FREE_TEXT_CONFIDENCE` (actions/conversation/core.py); below it, it is a miss.
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

from actions.conversation.core import FREE_TEXT_CONFIDENCE

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
ENGLISH_GATE_F1 = 0.9
# (language, intent) cells below the gate today, each listed in docs/nlu-report.md. The gate is
# not lowered for them: they need more training data (written by someone who has not read the
# held-out sets), and tests/bot/test_nlu_quality.py fails when a cell not listed here falls short
# or when a listed one passes (then take it off this list).
KNOWN_SHORT = frozenset(
    {
        ("en", "needs_sign_language"),
        ("pl", "no_internet"),
        ("bn", "impairment_hearing"),
        ("bn", "impairment_learning"),
        ("bn", "needs_sign_language"),
        ("ar", "impairment_vision"),
        ("pa", "impairment_learning"),
        ("tr", "book_appointment"),
        ("tr", "impairment_learning"),
        ("es", "impairment_learning"),
        ("gu", "impairment_learning"),
        ("so", "cancel_booking"),
        ("ta", "impairment_vision"),
        ("uk", "book_appointment"),
        ("zh", "impairment_learning"),
    }
)


def gate_for(code: str) -> float:
    """The F1 every free-text intent of the language must reach."""
    return ENGLISH_GATE_F1 if code == "en" else GATE_F1


def below_gate(code: str, result: LanguageResult) -> dict[str, float]:
    """The language's free-text intents under its gate (unrounded F1)."""
    return {
        s.intent: s.f1
        for s in result.scores
        if s.intent in FREE_TEXT_INTENTS and s.f1 < gate_for(code)
    }


MIN_EXAMPLES = 15
BELOW_THRESHOLD = "(below threshold)"  # what the conversation does with an unsure prediction
NEAR_COPY = 0.6  # trigram Jaccard; reported so the held-out sets' difficulty is visible


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion (sound for small counts and for 0 or 1)."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * ((p * (1 - p) + z * z / (4 * trials)) / trials) ** 0.5
    denominator = 1 + z * z / trials
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent on held-out examples."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int

    @property
    def recall_interval(self) -> tuple[float, float]:
        return wilson_interval(round(self.recall * self.support), self.support)


@dataclass(frozen=True)
class LanguageResult:
    """One language's held-out scores and the examples the model got wrong."""

    code: str
    name: str
    scores: list[IntentScore]
    misses: list[tuple[str, str, str]]  # (text, expected, predicted)
    near_copies: int = 0

    @property
    def examples(self) -> int:
        return sum(s.support for s in self.scores)

    @property
    def accuracy_interval(self) -> tuple[float, float]:
        return wilson_interval(self.examples - len(self.misses), self.examples)

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
    """The intent the conversation would act on for each text: the top one if sure enough."""
    parsed = [await agent.parse_message(text) for text in texts]
    return [judged(p["intent"]["name"], p["intent"].get("confidence") or 0.0) for p in parsed]


def judged(intent: str, confidence: float) -> str:
    """As the conversation decides: below FREE_TEXT_CONFIDENCE it does not act on the intent."""
    return intent if confidence >= FREE_TEXT_CONFIDENCE else BELOW_THRESHOLD


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
        "| language | code | training examples | held-out (near copies) | accuracy (95 % interval) "
        "| lowest F1 | mean F1 | gate |",
        "|---|---|---|---|---|---|---|---|",
    ]
    trained = training_counts()
    for code, name in launch_languages().items():
        if code in SHARES_UNDERSTANDING:
            shared = SHARES_UNDERSTANDING[code]
            lines.append(f"| {name} | `{code}` | — | — | — | — | — | uses `{shared}` |")
            continue
        result = results.get(code)
        if result is None:
            lines.append(
                f"| {name} | `{code}` | {trained.get(code, 0)} | 0 | — | — | — "
                "| **no held-out set** |"
            )
            continue
        rows = [s for s in result.scores if s.intent in FREE_TEXT_INTENTS]
        mean = sum(s.f1 for s in rows) / len(rows) if rows else 0.0
        missing = set(FREE_TEXT_INTENTS) - {s.intent for s in rows}
        short = below_gate(code, result)
        verdict = (
            f"**missing {len(missing)} intents**"
            if missing
            else (
                "pass"
                if not short
                else f"**below {gate_for(code)}**: " + ", ".join(f"`{i}`" for i in sorted(short))
            )
        )
        low, high = result.accuracy_interval
        accuracy = 1 - len(result.misses) / result.examples if result.examples else 0.0
        lines.append(
            f"| {name} | `{code}` | {trained.get(code, 0)} | {result.examples} "
            f"({result.near_copies}) | {accuracy:.2f} ({low:.2f}–{high:.2f}) "
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
        f"in any launch language ({ENGLISH_GATE_F1} for English), except the {len(KNOWN_SHORT)}",
        "cells short today (`KNOWN_SHORT` in `bot/nlu_eval.py`, marked in the summary below; the",
        "test also fails when one of them passes, so the list only shrinks: they are not passed",
        "by a lower bar, they need more training data), if a launch language has no held-out set",
        f"with at least {MIN_EXAMPLES} examples of every free-text intent, or if a held-out text",
        "is also a training example. Easy Read English shares English understanding: people",
        "write the same words, so the English examples and scores cover it.",
        "",
        "A prediction is judged as the conversation acts on free text: the top intent",
        f"counts only at confidence {FREE_TEXT_CONFIDENCE} or more (`FREE_TEXT_CONFIDENCE`);",
        "below it is a miss, shown as `(below threshold)`. Intervals are 95 % Wilson score",
        "intervals. *Training examples* are the free-text examples of that language in",
        "`data/nlu/`. *Near copies*",
        f"are held-out texts sharing at least {NEAR_COPY:.0%} of their character trigrams with",
        "some training text (a new ending on a trained phrase, say): the more there are, the",
        "easier that language's held-out set.",
        "",
        "How the held-out sets were made: the first 4–5 examples per intent were written",
        f"before training; the sets were then extended to at least {MIN_EXAMPLES} per intent",
        "and language, written without looking at the training data, and fixed before any",
        "training was added for what they showed (never the held-out sentences themselves:",
        "see the near copies).",
        "The classifier's C was chosen by cross-validation on the training data alone",
        "(`python -m bot.nlu_tuning`), and the training examples added since were written",
        "after the held-out sets were fixed, by an engineer who did not read them (only",
        "these per-intent scores).",
        "The drafts in every language but English need review by native speakers.",
    ]
    if model_name:
        lines += ["", f"Model: `{model_name}`."]
    lines += ["", "## Summary", "", *summary_table(results)]
    for code, result in results.items():
        lines += [
            "",
            f"## {result.name} (`{code}`)",
            "",
            "| intent | precision | recall (95 % interval) | F1 | examples |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{r.intent}` | {r.precision:.2f} | {r.recall:.2f} "
            f"({r.recall_interval[0]:.2f}–{r.recall_interval[1]:.2f}) | {r.f1:.2f} | {r.support} |"
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
