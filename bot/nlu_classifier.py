"""Rasa's logistic-regression intent classifier with its regularisation strength configurable.

Rasa 3.6 fixes scikit-learn's C at 1.0. With some fifty intents in nineteen languages that spreads
the probability thinly, so sentences the model ranks right still fall under the conversation's
FREE_TEXT_CONFIDENCE and are not acted on. C is chosen by cross-validation on the training data
alone (`python -m bot.nlu_tuning`), never on the held-out sets (docs/nlu-report.md).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier whose `C` comes from bot/config.yml."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))
