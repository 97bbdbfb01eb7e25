"""The NLU tokenizer splits Chinese characters apart and leaves every other script as it was."""

from __future__ import annotations

import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu_tokenizer import HanSplittingTokenizer


def tokens(tokenizer: WhitespaceTokenizer, text: str) -> list[tuple[str, int, int]]:
    return [
        (t.text, t.start, t.end) for t in tokenizer.tokenize(Message(data={"text": text}), "text")
    ]


@pytest.fixture(scope="module")
def han() -> HanSplittingTokenizer:
    return HanSplittingTokenizer(HanSplittingTokenizer.get_default_config())


def test_each_chinese_character_is_a_token_at_its_place(han) -> None:
    text = "你好，我听不见"
    found = tokens(han, text)
    assert [t for t, _, _ in found] == ["你", "好", "我", "听", "不", "见"]
    assert all(text[start:end] == word for word, start, end in found)


def test_chinese_next_to_latin_words_is_kept(han) -> None:
    # Rasa's own whitespace tokenizer drops "我听不见" here (its emoji pattern spans Han).
    assert [t for t, _, _ in tokens(han, "我听不见, please call me")] == [
        "我", "听", "不", "见", "please", "call", "me",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["I can't hear well, call me!", "nie słyszę dobrze", "میں بہرا ہوں", "ami kane shuni na",
     "আমি কানে শুনি না", "ਮੈਂ ਬੋਲਾ ਹਾਂ", "ما بسمع منيح", "Я погано чую", "ምንም ኣይሰምዕን", "🙂"],
)  # fmt: skip
def test_other_scripts_are_tokenized_as_before(han, text: str) -> None:
    plain = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    assert tokens(han, text) == tokens(plain, text)
