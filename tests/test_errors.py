"""Worded errors (``DiscrepancyError.worded`` / ``counted``): the English message, the
template a page translates, and every template marked for and translated in the catalogs."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pos_discrepancy.errors import N_, Count, FieldNamed, InvalidInput, LockedOut
from pos_discrepancy.i18n import CATALOG_LOCALES, TRANSLATIONS

PACKAGE = Path(__file__).resolve().parents[1] / "pos_discrepancy"
#: The classmethods that keep a template, and which of their arguments are templates.
TEMPLATE_ARGUMENTS = {"worded": (1,), "counted": (1, 2), "saying": (0,)}


def test_worded_keeps_the_english_message_and_the_template() -> None:
    error = InvalidInput.worded("quantity", N_("must be at least %(least)s"), least=1)
    assert error.message == "quantity: must be at least 1"
    assert (error.field, error.template, error.values) == (
        "quantity",
        "must be at least %(least)s",
        {"least": 1},
    )


def test_a_path_leads_the_message_and_the_field_stays() -> None:
    error = InvalidInput.worded("multi_buy", N_("must be more than zero"), path="multi_buy.total")
    assert error.message == "multi_buy.total: must be more than zero"
    assert error.field == "multi_buy"


def test_counted_picks_the_form_and_writes_the_count_with_separators() -> None:
    one, many = N_("%(num)s minute left"), N_("%(num)s minutes left")
    assert LockedOut.counted("manager", one, many, 1).message == "manager: 1 minute left"
    error = LockedOut.counted("manager", one, many, 1250)
    assert error.message == "manager: 1,250 minutes left"
    assert error.template == many and error.values == {"num": 1250}
    assert isinstance(error.values["num"], Count)


def test_a_field_named_value_reads_as_its_words_and_keeps_the_field() -> None:
    value = FieldNamed("tag price", "shelf_price")
    assert f"enter the {value}" == "enter the tag price" and value.field == "shelf_price"


def _module_constants() -> dict[str, list[ast.expr]]:
    """Every module-level ``NAME = value`` of the package, by name."""
    found: dict[str, list[ast.expr]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
    return found


def _is_marked(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _templates(node: ast.expr, constants: dict[str, list[ast.expr]]) -> Iterator[str | None]:
    """The catalog messages ``node`` may be (``None`` for one that is not marked)."""
    if _is_marked(node):
        assert isinstance(node, ast.Call) and isinstance(node.args[0], ast.Constant)
        yield node.args[0].value
    elif isinstance(node, ast.Subscript):  # TABLE[key]: every value of the table
        yield from _templates(node.value, constants)
    elif isinstance(node, ast.Name) and node.id in constants:
        for value in constants[node.id]:
            values = value.values if isinstance(value, ast.Dict) else [value]
            for each in values:
                yield from _templates(each, constants)
    else:
        yield None


def _worded_templates() -> list[tuple[str, int, str | None]]:
    """(file, line, template) for each template a ``worded`` / ``counted`` call keeps."""
    constants = _module_constants()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in TEMPLATE_ARGUMENTS
            ):
                continue
            for index in TEMPLATE_ARGUMENTS[node.func.attr]:
                for template in _templates(node.args[index], constants):
                    found.append((str(path.relative_to(PACKAGE)), node.lineno, template))
    return found


WORDED = _worded_templates()


def test_the_package_words_many_problems() -> None:
    assert len({template for _file, _line, template in WORDED}) > 50


def test_every_worded_template_is_marked_for_the_catalogs() -> None:
    unmarked = [(file, line) for file, line, template in WORDED if template is None]
    assert unmarked == [], "give worded/counted a template marked with N_(...)"


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_every_worded_template_is_in_the_catalog(locale: str) -> None:
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=locale)
    missing = []
    for file, line, template in WORDED:
        message = catalog.get(template) if template else None
        if message is None or not message.string or message.fuzzy:
            missing.append((file, line, template))
        elif locale.split("_")[0] != "en" and message.string == template:
            missing.append((file, line, template))  # left in English
    assert missing == [], f"{locale}: translate these (docs/locales.md, Updating the catalogs)"
