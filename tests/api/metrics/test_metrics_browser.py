"""The dashboard page in a real headless Chromium: it parses, draws its charts, is screenshotted.

Set FRONTDOOR_UPDATE_SCREENSHOT=1 to refresh the committed docs/images/dashboard.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.core.settings import DEV_ADMIN_TOKEN, REPO_ROOT
from tests.api.conftest import bearer
from tests.api.metrics.test_metrics import population  # noqa: F401 - fixture
from tests.support import system

__all__ = ["population"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = REPO_ROOT / "docs" / "images" / "dashboard.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _chromium_installed() -> None:
    if CHROMIUM is None:
        system.missing("chromium", "chromium")


def _chromium(*args: str) -> str:
    """Run headless Chromium with these arguments; its standard output."""
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    result = subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout


def test_dashboard_renders_in_chromium(
    client: TestClient,
    population: Any,
    tmp_path: Path,  # noqa: F811
) -> None:
    html = client.get("/dashboard", headers=bearer(DEV_ADMIN_TOKEN)).text
    page = tmp_path / "dashboard.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "dashboard.png"

    dom = _chromium("--dump-dom", page.as_uri())
    _chromium(f"--screenshot={shot}", "--window-size=900,1300", page.as_uri())

    assert dom.count("<svg") == 3 and dom.count("<rect") >= 9
    assert "Who is reaching care" in dom and "&lt;5" in dom
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
    if os.environ.get("FRONTDOOR_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(data)
