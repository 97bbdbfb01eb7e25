"""The channels' fuzz properties (bench/fuzz_properties.py) with a hundred inputs each."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

from bench.fuzz_properties import PROPERTIES


@pytest.mark.parametrize("prop", PROPERTIES, ids=lambda p: p.__name__)
def test_property_holds(prop: Callable[[], None]) -> None:
    settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))(prop)()
