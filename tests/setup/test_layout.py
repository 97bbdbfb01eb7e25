"""The layout of issue #16 holds: one home per concept, no import cycle, no route module
importing another (see "Where things live" in docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
API_TOP = {"__init__.py", "app.py", "cli.py"}  # the only modules directly in api/
NOT_PACKAGES = {"migrations", "__pycache__"}


def modules(package: str) -> dict[str, Path]:
    """Dotted name -> file, for every module under a top-level package."""
    found = {}
    for path in sorted((REPO / package).rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        if NOT_PACKAGES & set(rel.parts):
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported (not those inside functions or TYPE_CHECKING)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            found += _module_level_imports(node.body) + _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += _module_level_imports(block)
    return found


def imported(node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The modules of `known` an import statement loads by name."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names} & known
    if node.level or not node.module:
        return set()
    subs = {f"{node.module}.{alias.name}" for alias in node.names} & known
    plain = any(f"{node.module}.{alias.name}" not in known for alias in node.names)
    return subs | ({node.module} & known if plain else set())


def import_graph(package: str) -> dict[str, set[str]]:
    mods = modules(package)
    known = set(mods)
    graph = {}
    for name, path in mods.items():
        body = ast.parse(path.read_text(encoding="utf-8")).body
        edges: set[str] = set()
        for node in _module_level_imports(body):
            edges |= imported(node, known)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def route_modules() -> set[str]:
    """Modules that declare a router at module level (`x = APIRouter(...)`)."""
    found = set()
    for name, path in modules("api").items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            value = getattr(node, "value", None)
            func = getattr(value, "func", None)
            if isinstance(node, ast.Assign | ast.AnnAssign) and (
                getattr(func, "id", None) == "APIRouter"
                or getattr(func, "attr", None) == "APIRouter"
            ):
                found.add(name)
    return found


def environment_reads(source: str, names: set[str]) -> bool:
    """Whether code reads one of these environment variables (`.get("X")`, `getenv("X")`,
    `environ["X"]`); naming it in a docstring or a list of required secrets is not reading it."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("get", "getenv"):
            key = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript):
            key = node.slice
        else:
            continue
        if isinstance(key, ast.Constant) and key.value in names:
            return True
    return False


def test_only_app_and_cli_sit_directly_in_api() -> None:
    loose = sorted(p.name for p in (REPO / "api").glob("*.py") if p.name not in API_TOP)
    assert loose == [], f"give these modules a home in a domain package or api/core: {loose}"


def test_every_folder_in_api_is_a_package() -> None:
    folders = [
        p.relative_to(REPO).as_posix()
        for p in (REPO / "api").rglob("*")
        if p.is_dir() and any(p.glob("*.py")) and not NOT_PACKAGES & set(p.parts)
    ]
    assert [f for f in folders if not (REPO / f / "__init__.py").exists()] == []


def test_api_modules_import_no_cycle() -> None:
    assert cycles(import_graph("api")) == []


def test_actions_modules_import_no_cycle() -> None:
    assert cycles(import_graph("actions")) == []


def test_bot_modules_import_no_cycle() -> None:
    assert cycles(import_graph("bot")) == []


def test_one_module_of_actions_and_bot_reads_where_the_api_is() -> None:
    names = {"API_URL", "FRONTDOOR_SERVICE_TOKEN"}
    readers = sorted(
        name
        for package in ("actions", "bot")
        for name, path in modules(package).items()
        if environment_reads(path.read_text(encoding="utf-8"), names)
    )
    assert readers == ["bot.internal_api.settings"]


def test_no_route_module_imports_another() -> None:
    routes = route_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules("api").items():
        if name in routes:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            statements = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
            graph[name] = set().union(*(imported(n, routes) for n in statements)) - {name}
    assert {k: sorted(v) for k, v in graph.items() if v} == {}


def test_the_checks_see_a_cycle_and_a_route_module() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert "api.app" not in route_modules()
    assert any(name.endswith("endpoints") for name in route_modules())
    assert environment_reads('os.environ.get("API_URL", "x")', {"API_URL"})
    assert environment_reads('environ["API_URL"]', {"API_URL"})
    assert not environment_reads('"""API_URL"""\nrequired = ("API_URL",)', {"API_URL"})
