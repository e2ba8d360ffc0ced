"""``domain/`` and ``money.py`` stay pure: no I/O, nothing of ours outside them (design §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pos_discrepancy

PACKAGE = Path(pos_discrepancy.__file__).parent
PURE_FILES = sorted([PACKAGE / "money.py", *(PACKAGE / "domain").glob("*.py")])
#: Standard-library modules pure code may use: none of them does I/O.
ALLOWED_STDLIB = {
    "__future__",
    "collections",
    "collections.abc",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "enum",
    "hashlib",
    "types",
    "typing",
}
#: What a relative import may reach, by the importing file's folder.
ALLOWED_RELATIVE = {
    "pos_discrepancy": {"errors"},
    "domain": {
        "audit_sample",
        "claim",
        "discrepancy",
        "incident",
        "options",
        "policy",
        "whatif",
        "whatif_totals",
        "wording",
        "numbers",
    },
}
#: Third-party modules pure code may use: Babel's number formatting only reads the CLDR
#: data it ships (money is formatted for people with it).
ALLOWED_THIRD_PARTY = {"babel.numbers"}
BUILTINS_WITH_IO = {"open", "print", "input", "exec", "eval", "__import__", "breakpoint"}


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((0, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or ""))
    return found


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pure_module_imports_only_pure_things(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for level, module in _imports(tree):
        if level == 0:
            allowed = ALLOWED_STDLIB | (ALLOWED_THIRD_PARTY if path.name == "money.py" else set())
            assert module in allowed, f"{path.name} imports {module}"
        elif path.parent.name == "domain" and level == 1:
            assert module in ALLOWED_RELATIVE["domain"], f"{path.name} imports .{module}"
        elif path.parent.name == "domain" and level == 2:
            assert module in {"errors", "money"}, f"{path.name} imports ..{module}"
        else:
            assert level == 1 and module in ALLOWED_RELATIVE["pos_discrepancy"], (
                f"{path.name} imports {'.' * level}{module}"
            )


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pure_module_calls_no_io_builtins(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & BUILTINS_WITH_IO, f"{path.name} calls {calls & BUILTINS_WITH_IO}"


def test_the_purity_check_sees_every_domain_module() -> None:
    names = {p.name for p in PURE_FILES}
    assert {"money.py", "claim.py", "discrepancy.py", "incident.py", "options.py"} <= names
    assert {"policy.py", "__init__.py"} <= names
