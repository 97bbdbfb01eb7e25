"""System programs some tests need (Chromium, Redis, HAProxy, PostgreSQL): missing means failing.

`make test` installs them (scripts/system-packages), so a test that finds one missing fails with
what to do, never skips: a skipped test would let CI pass without testing what it claims.
"""

from __future__ import annotations

import pytest

INSTALLED_BY = "`make test` installs it (scripts/system-packages), or: apt-get install"


def missing(program: str, package: str) -> None:
    """Fail the test that needs PROGRAM, naming the package that provides it."""
    pytest.fail(f"{program} is not installed: {INSTALLED_BY} {package}", pytrace=False)
