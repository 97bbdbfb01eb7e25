"""Whitespace tokens, with each Chinese character a token of its own (bot/config.yml).

Chinese is written without spaces, so the whitespace tokenizer made one "word" of a whole
message and the word features never matched anything seen in training. Each Han character
carries most of a word's meaning, so splitting them lets the same small, fast pipeline read
Chinese (held-out F1 in docs/nlu-report.md). Every other script is tokenized exactly as before.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

# CJK Unified Ideographs, Extension A and Compatibility Ideographs.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_OR_RUN = re.compile(HAN.pattern + "|" + HAN.pattern.replace("[", "[^", 1) + "+")
WORD = re.compile(r"\w")


def split_han(token: Token) -> list[Token]:
    """The token itself, or one token per Han character and per run of other characters."""
    if not HAN.search(token.text):
        return [token]
    return [
        Token(part.group(), token.start + part.start())
        for part in HAN_OR_RUN.finditer(token.text)
        if WORD.search(part.group())  # not full-width punctuation such as "，"
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class HanSplittingTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer that also splits Chinese characters apart."""

    def remove_emoji(self, text: str) -> str:
        # Rasa's emoji pattern spans the Han block, which dropped Chinese words next to Latin ones.
        return text if HAN.search(text) else super().remove_emoji(text)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        return [
            piece for token in super().tokenize(message, attribute) for piece in split_han(token)
        ]
