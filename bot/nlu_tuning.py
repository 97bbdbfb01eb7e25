"""Choose the intent classifier's C by cross-validation on the training data alone.

    .venv/bot/bin/python -m bot.nlu_tuning

The held-out sets (tests/nlu/) are never read here, so the choice cannot be fitted to them.
Features mirror bot/config.yml (word 1-2 grams and character 2-4 grams, Han characters apart);
each fold is scored as the conversation acts: a free-text intent counts only at
FREE_TEXT_CONFIDENCE or more.
"""

from __future__ import annotations

import re
import sys

import numpy as np
from rasa.shared.nlu.training_data.loading import load_data
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from actions.conversation.core import FREE_TEXT_CONFIDENCE
from bot.nlu_eval import FREE_TEXT_INTENTS, TRAINING_DIR

CANDIDATES = (1.0, 3.0, 10.0, 30.0, 100.0)
HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def prepared(text: str) -> str:
    return HAN.sub(r" \1 ", text.lower())


def judged_accuracy(texts: list[str], intents: np.ndarray, c: float, folds: int = 5) -> float:
    """Share of free-text examples the conversation would act on rightly, over the folds."""
    right = total = 0
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, intents):
        words = CountVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b")
        chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4))
        train_texts, test_texts = [texts[i] for i in train], [texts[i] for i in test]
        x_train = hstack([words.fit_transform(train_texts), chars.fit_transform(train_texts)])
        x_test = hstack([words.transform(test_texts), chars.transform(test_texts)])
        model = LogisticRegression(C=c, max_iter=400, class_weight="balanced")
        probabilities = model.fit(x_train.tocsr(), intents[train]).predict_proba(x_test.tocsr())
        top = model.classes_[probabilities.argmax(axis=1)]
        acted = np.where(probabilities.max(axis=1) >= FREE_TEXT_CONFIDENCE, top, "")
        free = np.isin(intents[test], FREE_TEXT_INTENTS)
        right += int((acted[free] == intents[test][free]).sum())
        total += int(free.sum())
    return right / total


def main() -> int:
    examples = load_data(str(TRAINING_DIR)).intent_examples
    texts = [prepared(m.get("text")) for m in examples]
    intents = np.array([m.get("intent") for m in examples])
    for c in CANDIDATES:
        print(f"C={c:g}: judged accuracy {judged_accuracy(texts, intents, c):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
