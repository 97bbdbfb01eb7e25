"""The container images hold every module their code imports: a module the image lacks is a
crash at start-up that no test run from the repository would see (bot/ imports a few pure
modules from api/, which the bot image must copy one by one)."""

from __future__ import annotations

import ast
import shlex
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
IMAGES = {
    "bot.Dockerfile": ("bot", "actions"),
    "api.Dockerfile": ("api",),
}


def copied(dockerfile: Path) -> list[str]:
    """The repository paths a Dockerfile COPYs (every source of every COPY line)."""
    sources: list[str] = []
    for line in dockerfile.read_text().splitlines():
        if not line.upper().startswith("COPY "):
            continue
        words = shlex.split(line, comments=True)
        if words:
            sources += [w.rstrip("/") for w in words[1:-1] if not w.startswith("--")]
    return sources


def module_file(name: str) -> Path | None:
    """The repository file of a dotted module name, if it is ours."""
    base = REPO_ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_files(start: list[Path]) -> set[Path]:
    """Every repository file reachable by imports from these files (package __init__s too)."""
    seen: set[Path] = set()
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                for depth in range(1, len(parts) + 1):
                    found = module_file(".".join(parts[:depth]))
                    if found is not None:
                        todo.append(found)
    return seen


@pytest.mark.parametrize(("dockerfile", "roots"), IMAGES.items())
def test_every_module_the_code_imports_is_in_its_image(dockerfile: str, roots: tuple) -> None:
    sources = copied(REPO_ROOT / "deploy" / "containers" / dockerfile)
    start = [path for root in roots for path in (REPO_ROOT / root).rglob("*.py")]
    needed = {path.relative_to(REPO_ROOT).as_posix() for path in imported_files(start)}

    def in_image(path: str) -> bool:
        return any(path == source or path.startswith(source + "/") for source in sources)

    assert sorted(path for path in needed if not in_image(path)) == [], f"{dockerfile} lacks"
    assert ".env.example" in sources, "production refuses the secrets it publishes"


def test_the_check_sees_a_missing_module() -> None:
    start = [REPO_ROOT / "bot" / "tracker_stores.py"]
    assert "api/core/data_keys.py" in {
        p.relative_to(REPO_ROOT).as_posix() for p in imported_files(start)
    }
