"""Every lock file pins registry releases with their hashes: what any fresh machine can install.

A lock line that names a local file, a path or a URL installs only on the machine that wrote it
(a `pip freeze` once pinned a wheel in /tmp and broke every new clone while CI stayed green).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCK_FILES = sorted((REPO_ROOT / "requirements").glob("*.lock"))

REGISTRY_PIN = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9_,.-]+\])?==[A-Za-z0-9_.!+-]+(\s*;\s*[^\\]+)?$"
)
HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}$")


def requirements(text: str) -> list[tuple[int, str]]:
    """(first line number, requirement with its options) for each entry, continuations joined."""
    entries: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line and not current:
            continue
        if not current:
            start = number
        current.append(line.removesuffix("\\").strip())
        if not line.endswith("\\"):
            entries.append((start, " ".join(part for part in current if part)))
            current = []
    if current:
        entries.append((start, " ".join(current)))
    return entries


def problems(text: str) -> list[str]:
    """Each entry that is not a registry release pinned with at least one sha256 hash, named."""
    found = []
    for number, entry in requirements(text):
        requirement, *options = entry.split(" --")
        options = ["--" + option for option in options]
        if not REGISTRY_PIN.match(requirement.strip()):
            found.append(f"line {number}: not a registry release pinned with ==: {requirement}")
        elif not options or not all(HASH.match(option) for option in options):
            found.append(f"line {number}: {requirement.split()[0]} has no sha256 hash")
    return found


def test_every_project_lock_file_is_checked() -> None:
    assert {path.name for path in LOCK_FILES} >= {"bot.lock", "api.lock", "tools.lock"}


@pytest.mark.parametrize("lock", LOCK_FILES, ids=lambda path: path.name)
def test_lock_pins_registry_releases_with_hashes(lock: Path) -> None:
    text = lock.read_text(encoding="utf-8")
    assert requirements(text), f"{lock.name} pins nothing"
    assert problems(text) == [], f"{lock.name} cannot be installed on a fresh machine"


GOOD = (
    "babel==2.18.0 \\\n    --hash=sha256:" + "a" * 64 + " \\\n    --hash=sha256:" + "b" * 64 + "\n"
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "lingua-language-detector @ file:///tmp/ll/lingua-2.1.1.whl#sha256=" + "d" * 64,
            "registry",
        ),
        ("lingua @ https://example.org/lingua-2.1.1.whl", "registry"),
        ("-e ./bot", "registry"),
        ("./wheels/lingua-2.1.1-py3-none-any.whl", "registry"),
        ("git+https://github.com/pemistahl/lingua-py", "registry"),
        ("lingua-language-detector>=2.1", "registry"),
        ("lingua-language-detector==2.1.1", "hash"),
        ("lingua-language-detector==2.1.1 \\\n    --hash=md5:0123", "hash"),
    ],
)
def test_a_lock_line_that_a_fresh_machine_cannot_install_is_named(line: str, reason: str) -> None:
    found = problems(GOOD + line + "\n")
    assert len(found) == 1 and found[0].startswith("line 4:") and reason in found[0]


def test_markers_and_extras_are_registry_pins() -> None:
    text = "uvicorn[standard]==0.40.0 ; sys_platform != 'win32' \\\n    --hash=sha256:" + "c" * 64
    assert problems(GOOD + text + "\n") == []
