"""Every table and store has an erasure rule and a retention rule (api/retention/rules.py), and the
rules work: a person recorded everywhere leaves nothing after DELETE, nor after retention."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import api
from api.core.db import utcnow
from api.core.settings import REPO_ROOT
from api.models.tables import Base
from api.retention.rules import STORES, TABLES, Exempt
from api.retention.service import RetentionPolicy, run_retention
from tests.api.footprint import Footprint, make_footprint, rows_naming


def _import_every_api_module() -> None:
    """Every model registers its table on import; the migrations' env runs Alembic instead."""
    for module in pkgutil.walk_packages(api.__path__, "api."):
        if not module.name.startswith("api.migrations"):
            importlib.import_module(module.name)


def _stated(value: str | Exempt) -> bool:
    return bool(value.reason.strip() if isinstance(value, Exempt) else value.strip())


def test_every_table_has_an_erasure_rule_and_a_retention_rule() -> None:
    _import_every_api_module()
    tables = set(Base.metadata.tables)

    missing = sorted(tables - set(TABLES))
    assert not missing, (
        f"tables with no erasure or retention rule in api/retention/rules.py: {missing}"
    )
    assert not sorted(set(TABLES) - tables), "rules for tables that no longer exist"
    for name, rule in TABLES.items():
        assert _stated(rule.erasure) and _stated(rule.retention), name


def _store_classes() -> set[str]:
    """Classes in bot/ that keep replies (`reply_once`) or conversations (a tracker store)."""
    found: set[str] = set()
    for path in (REPO_ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases}
            methods = {
                n.name for n in node.body if isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef)
            }
            if "Protocol" in bases:
                continue
            if "reply_once" in methods or any(b.endswith("TrackerStore") for b in bases):
                found.add(node.name)
    return found


def test_every_store_has_an_erasure_rule_and_a_retention_rule() -> None:
    stores = _store_classes()

    assert {"ReplyCache", "RedisReplyCache"} <= stores, "the scan finds the reply caches"
    missing = sorted(stores - set(STORES))
    assert not missing, (
        f"stores with no erasure or retention rule in api/retention/rules.py: {missing}"
    )
    for name, rule in STORES.items():
        assert isinstance(rule.erasure, str) and isinstance(rule.retention, str), name


def _left_behind(session: Session, person: Footprint) -> dict[str, list[str]]:
    """Rows that still name the person, except a bare id where a rule keeps one."""
    keeps_id = {name for name, rule in TABLES.items() if rule.keeps_erased_id}
    only_id = f"[{person.person_id!r}]:"
    left = {
        table: [row for row in rows if table not in keeps_id or not row.startswith(only_id)]
        for table, rows in rows_naming(session, person).items()
    }
    return {table: rows for table, rows in left.items() if rows}


def test_delete_leaves_nothing_about_the_person_in_any_table(
    client: TestClient, session: Session, create_provider: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person = make_footprint(client, session, create_provider, service_headers)
    before = rows_naming(session, person)
    personal = {name for name, rule in TABLES.items() if not isinstance(rule.erasure, Exempt)}
    assert personal <= set(before), f"recorded everywhere first: {sorted(personal - set(before))}"

    erased = client.delete(
        "/internal/people", params={"phone": person.phone}, headers=service_headers
    )
    assert erased.json() == {"erased": True}

    assert _left_behind(session, person) == {}


def test_retention_leaves_nothing_about_a_person_who_withdrew_long_ago(
    client: TestClient, session: Session, create_provider: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person = make_footprint(client, session, create_provider, service_headers)
    withdrawn = client.post(f"/internal/people/{person.person_id}/consent/withdraw",
                            headers=service_headers)  # fmt: skip
    assert withdrawn.status_code == 200, withdrawn.text

    run_retention(session=session, policy=RetentionPolicy(), now=utcnow() + timedelta(days=400))

    assert _left_behind(session, person) == {}
