"""The layers of design §2, checked on the source: no import circle, faces only call the desk.

The import graph counts every import (module level, inside functions, and under
``TYPE_CHECKING``): a circle there is a circle for a reader too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pos_discrepancy"
FACES = ("web", "cli")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module of ours that ``name`` imports (a submodule, else its package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            if len(subs) < len(node.names) and target in MODULES:
                yield target
            yield from subs


GRAPH = {name: set(_imports(name, path)) - {name} for name, path in MODULES.items()}


def _circles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in GRAPH[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return circles


def test_the_import_graph_has_no_circle() -> None:
    assert _circles() == []


def test_the_checker_finds_a_circle_when_there_is_one() -> None:
    GRAPH["pos_discrepancy.money"].add("pos_discrepancy.desk")
    try:
        assert any("pos_discrepancy.desk" in circle for circle in _circles())
    finally:
        GRAPH["pos_discrepancy.money"].discard("pos_discrepancy.desk")


@pytest.mark.parametrize("face", FACES)
def test_faces_import_nothing_from_store_or_service(face: str) -> None:
    inner = ("pos_discrepancy.store", "pos_discrepancy.service")
    offenders = {
        (module, target)
        for module, targets in GRAPH.items()
        if module.startswith(f"pos_discrepancy.{face}")
        for target in targets
        if target.startswith(inner)
    }
    assert offenders == set()


@pytest.mark.parametrize("face", FACES)
def test_faces_open_no_transaction(face: str) -> None:
    calls = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in (PACKAGE / face).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("transaction", "reading", "engine")
    ]
    assert calls == []


def test_only_the_faces_and_the_root_import_the_desk() -> None:
    importers = {m for m, targets in GRAPH.items() if "pos_discrepancy.desk" in targets}
    allowed = {"pos_discrepancy"}
    assert {
        m
        for m in importers
        if m not in allowed and not m.startswith(("pos_discrepancy.web", "pos_discrepancy.cli"))
    } == set()


def test_domain_imports_only_domain_money_and_errors() -> None:
    allowed = ("pos_discrepancy.domain", "pos_discrepancy.money", "pos_discrepancy.errors")
    for module, targets in GRAPH.items():
        if module.startswith("pos_discrepancy.domain"):
            assert {t for t in targets if not t.startswith(allowed)} == set(), module


def test_schemas_reach_nothing_of_the_desk_or_the_faces() -> None:
    seen, todo = set(), ["pos_discrepancy.schemas"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(GRAPH[module])
    faces = ("pos_discrepancy.web", "pos_discrepancy.cli", "pos_discrepancy.desk")
    assert {m for m in seen if m.startswith(faces)} == set()
