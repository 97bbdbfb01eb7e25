"""Headless Chromium (Playwright) for the admin page tests: a page, and screenshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.support import system

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def chromium_page(width: int = 1280, height: int = 900, args: Sequence[str] = ()) -> Iterator[Page]:
    """A fresh headless Chromium page of this size (with extra command-line switches)."""
    if not Path(CHROMIUM).exists():
        system.missing(CHROMIUM, "chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", *args])
        yield browser.new_page(viewport={"width": width, "height": height})
        browser.close()


def shoot(page: Page, tmp_path: Path, name: str) -> None:
    """Save a screenshot (into docs/ when FRONTDOOR_SCREENSHOTS asks to refresh them)."""
    folder = Path(os.environ.get("FRONTDOOR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)
