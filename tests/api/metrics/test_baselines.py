"""Population baselines: the ONS TS024 layout as uploaded, and the built-in England and Wales."""

from __future__ import annotations

import pytest

from api.metrics.baselines import (
    TOTAL,
    BaselineError,
    default_baseline,
    language_of,
    parse,
)
from api.metrics.reach import wilson
from tests.api.metrics.seed import AREA, HEADER, TS024


def test_an_uploaded_table_counts_languages_and_leaves_out_subtotals_and_under_threes() -> None:
    [area] = parse(TS024, "test")

    assert area.area_code == AREA and area.area_name == "Testshire"
    assert area.residents == {TOTAL: 10_000, "en": 8_000, "pl": 1_000, "so": 1_000}
    assert area.share("so") == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("Other European language (EU): Polish", "pl"),
        ("South Asian language: Panjabi", "pa"),
        ("West or Central Asian language: Persian or Farsi", "fa"),
        ("East Asian language: Cantonese Chinese", "zh"),
        ("East Asian language: All other Chinese", "zh"),
        ("Bengali (with Sylheti and Chatgaya)", "bn"),
        ("Welsh or Cymraeg (in England only)", "cy"),
        ("Other European language (EU): Italian", "other"),
    ],
)
def test_categories_map_to_offered_languages(category: str, code: str) -> None:
    assert language_of(category) == code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("language,count\npl,5\n", "TS024 layout"),
        (HEADER + "E1,Here,1,Polish,many\n", "whole number"),
        (HEADER + "E1,Here,1,Polish\n", "5 columns"),
        (HEADER, "no rows"),
    ],
)
def test_a_table_not_in_the_layout_gets_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(BaselineError, match=message):
        parse(text, "test")


def test_the_built_in_baseline_is_the_published_england_and_wales_figures() -> None:
    england_and_wales = default_baseline()

    assert england_and_wales.area_code == "K04000001"
    assert england_and_wales.share("pl") == pytest.approx(0.011, abs=0.0005)  # 1.1 %
    assert england_and_wales.share("ro") == pytest.approx(0.008, abs=0.0005)  # 0.8 %
    assert england_and_wales.share("ur") == pytest.approx(0.005, abs=0.0005)  # 0.5 %
    assert england_and_wales.share("so") is None, "no built-in figure: upload the area's table"


def test_the_wilson_interval() -> None:
    low, high = wilson(5, 200)  # a known answer: 2.5 % of 200

    assert (round(low, 4), round(high, 4)) == (0.0107, 0.0572)
    assert wilson(0, 0) == (0.0, 1.0)
