"""Five Farsi speakers text in, answer the digital section and stop at the next one: the funnel a
provider system reads (FHIR MeasureReport) shows where they stopped, from real conversations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, _numbers
from tests.support.stack import MODEL, Stack, start_stack

FARSI = "16"  # its number in the language menu (locales/languages.yml menu_order)
# hi, Farsi, consent yes, no interpreter, then one answer to each question about phones.
SCRIPT = ["hi", FARSI, "1", "2", "1", "1", "1", "1", "1"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own: the session's stack also holds other tests' callers in Farsi, whose
    small counts would make the suppression rule withhold these five (api/metrics/cells.py)."""
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    running = start_stack(tmp_path_factory.mktemp("measures-stack"))
    yield running
    running.stop()


def _row(report: dict[str, Any], table: str, label: str) -> dict[str, Any]:
    """One row of a table in the MeasureReport, as {column: count or text}."""
    group = next(g for g in report["group"] if g["code"]["coding"][0]["code"] == table)
    stratum = next(s for s in group["stratifier"][0]["stratum"] if s["value"]["text"] == label)
    row: dict[str, Any] = {p["code"]["text"]: p.get("count") for p in stratum["population"]}
    for extension in stratum.get("extension", []):
        parts = {e["url"]: e for e in extension["extension"]}
        row[parts["name"]["valueString"]] = parts["value"].get("valueString")
    return row


def test_the_funnel_shows_the_section_where_farsi_speakers_stop(stack: Stack) -> None:
    for _ in range(5):
        phone = SmsPhone(stack, f"+447700900{next(_numbers):03d}")
        for message in SCRIPT:
            phone.send(message)

    today = datetime.now(UTC).date().isoformat()
    response = provider.get(stack, "/v1/metrics/measure-report", **{"from": today})
    assert response.status_code == 200, response.text
    farsi = _row(response.json(), "funnel_language", "Farsi (fa)")

    assert farsi["First message"] == 5 and farsi["Consent given"] == 5
    assert farsi["Section: Phones and the internet"] == 5
    assert farsi["Section: Communication and information"] == 5
    assert farsi["Section: Reasonable adjustments"] == 0
    assert farsi["Most stop at"] == "Section: Communication and information"
