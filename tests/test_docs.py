"""The docs keep up with the code: every hook documented and tested, every policy key explained.

Model: datasette's tests/test_docs.py.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pos_discrepancy import hookspecs
from pos_discrepancy.domain import Policy
from pos_discrepancy.plugins import DEFAULT_PLUGINS

ROOT = Path(__file__).resolve().parent.parent
PLUGINS_MD = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
CONCEPTS_MD = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
TEST_PLUGINS = (ROOT / "tests" / "test_plugins.py").read_text(encoding="utf-8")

HOOKS = sorted(
    (name, function)
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("posdisc_")
)
#: The policy keys of design.md §5 (a contract: add, never rename or remove).
DESIGN_POLICY_KEYS = (
    "jurisdiction",
    "auto_honor_max",
    "auto_honor_max_percent",
    "decline_allowed",
    "approval_timeout_seconds",
    "on_approval_timeout",
    "manager_override_limit",
)


def signature(function: object) -> str:
    """``posdisc_options(discrepancy, policy, store)``: the def line's name and arguments."""
    parameters = inspect.signature(function).parameters  # type: ignore[arg-type]
    return f"{function.__name__}({', '.join(parameters)})"  # type: ignore[attr-defined]


def section(name: str) -> str:
    """The text of the ``### name(...)`` section of docs/plugins.md."""
    match = re.search(rf"^### {name}\(.*?(?=^##)", PLUGINS_MD + "\n## end", re.M | re.S)
    assert match, f"docs/plugins.md has no section for {name}"
    return match.group(0)


def test_the_hooks_of_design_section_4_exist() -> None:
    assert {name for name, _ in HOOKS} >= {
        "posdisc_price_lookup",
        "posdisc_detect",
        "posdisc_options",
        "posdisc_adjust_options",
        "posdisc_incident_event",
        "posdisc_report_sections",
        "posdisc_register_cli",
        "posdisc_register_blueprints",
        "posdisc_jurisdictions",
    }


@pytest.mark.parametrize(("name", "hook"), HOOKS, ids=[name for name, _ in HOOKS])
def test_every_hook_is_documented_with_its_signature(name, hook) -> None:  # type: ignore[no-untyped-def]
    assert f"### {signature(hook)}\n" in PLUGINS_MD
    text = section(name)
    assert "```python" in text, f"{name}: give an example implementation"
    assert "**Returns**" in text and "May" in text
    firstresult = hook.posdisc_spec.get("firstresult", False)
    assert ("*firstresult.*" in text) is firstresult


@pytest.mark.parametrize(("name", "hook"), HOOKS, ids=[name for name, _ in HOOKS])
def test_every_hook_has_a_reference_docstring(name, hook) -> None:  # type: ignore[no-untyped-def]
    doc = inspect.getdoc(hook) or ""
    for parameter in inspect.signature(hook).parameters:
        assert f":param {parameter}:" in doc, f"{name}: document {parameter}"
    assert ":return:" in doc and "May not" in doc, name
    assert all(
        parameter in hook.__annotations__ for parameter in inspect.signature(hook).parameters
    ), f"{name}: type every argument"
    assert "return" in hook.__annotations__, f"{name}: type the result"


@pytest.mark.parametrize(("name", "hook"), HOOKS, ids=[name for name, _ in HOOKS])
def test_every_hook_has_a_test(name, hook) -> None:  # type: ignore[no-untyped-def]
    assert re.search(rf"^def test_hook_{name}\(", TEST_PLUGINS, re.M), (
        f"tests/test_plugins.py needs test_hook_{name}"
    )


def test_no_documented_hook_is_missing_from_hookspecs() -> None:
    documented = set(re.findall(r"^### (posdisc_\w+)\(", PLUGINS_MD, re.M))
    assert documented == {name for name, _ in HOOKS}


def test_the_built_in_plugins_are_listed() -> None:
    for name in DEFAULT_PLUGINS:
        assert f"`{name}`" in PLUGINS_MD


def test_the_loading_contract_is_documented() -> None:
    for needle in (
        "POSDISC_DISABLE_PLUGIN_AUTOLOAD",
        "[project.entry-points.posdisc]",
        "plugins_dir",
        "check_pending()",
    ):
        assert needle in PLUGINS_MD


@pytest.mark.parametrize("document", ["plugins.md", "concepts.md"])
def test_python_examples_parse(document: str) -> None:
    text = (ROOT / "docs" / document).read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        ast.parse(block)


def test_design_policy_keys_are_policy_fields() -> None:
    fields = {f.name for f in dataclasses.fields(Policy)} - {"extra"}
    assert fields >= set(DESIGN_POLICY_KEYS)


@pytest.mark.parametrize(
    "field", [f for f in dataclasses.fields(Policy) if f.name != "extra"], ids=lambda f: f.name
)
def test_every_policy_key_is_explained_with_its_default(field) -> None:  # type: ignore[no-untyped-def]
    row = re.search(rf"^\| `{field.name}` \|(.*)$", CONCEPTS_MD, re.M)
    assert row, f"docs/concepts.md: add {field.name} to the policy key table"
    if field.default is None or isinstance(field.default, bool):
        default = str(field.default).lower()
    elif isinstance(field.default, Decimal):
        default = f'`"{field.default}"`'  # amounts are written as strings
    else:
        default = f"`{field.default}`"
    assert str(default) in row.group(1), f"{field.name}: state its default {default}"
    assert re.search(rf"^{field.name} = ", CONCEPTS_MD, re.M), (
        f"docs/concepts.md: show {field.name} in a TOML example"
    )


def test_concepts_show_per_store_overrides_and_the_states() -> None:
    assert "[stores." in CONCEPTS_MD and ".policy]" in CONCEPTS_MD
    for state in ("detected", "awaiting_approval", "honored", "declined", "signage_fixed"):
        assert f"`{state}`" in CONCEPTS_MD
    for cause in (
        "sale_ended_tag_left_up",
        "wrong_location",
        "price_file_error",
        "missing_tag",
        "other",
    ):
        assert f"`{cause}`" in CONCEPTS_MD


def test_the_toml_example_is_a_valid_policy_file() -> None:
    import tomllib

    from pos_discrepancy.config import settings_from_mapping

    [example] = re.findall(r"```toml\n(.*?)```", CONCEPTS_MD, re.S)
    settings = settings_from_mapping(tomllib.loads(example))
    main_st, outlet, other = (settings.policy_for(code) for code in ("S001", "S017", "S002"))
    assert (main_st.auto_honor_max, main_st.decline_allowed) == (Decimal("10.00"), False)
    assert (outlet.jurisdiction, outlet.on_approval_timeout) == ("us-oh", "decline")
    assert (other.jurisdiction, other.auto_honor_max) == ("us-mi", Decimal("2.00"))
    assert other.extra["loyalty"]["member_discount_percent"] == "10"


@pytest.mark.parametrize(("name", "hook"), HOOKS, ids=[name for name, _ in HOOKS])
def test_every_hook_example_is_a_valid_plugin(name, hook) -> None:  # type: ignore[no-untyped-def]
    import types

    from pos_discrepancy.plugins import make_plugin_manager

    [example] = re.findall(r"```python\n(.*?)```", section(name), re.S)
    module = types.ModuleType(f"docs_example_{name}")
    exec(compile(example, f"docs/plugins.md ({name})", "exec"), module.__dict__)
    pm = make_plugin_manager(plugins=[module])
    assert [impl.plugin for impl in getattr(pm.hook, name).get_hookimpls()][-1] is module


def test_every_hook_annotation_names_a_real_type() -> None:
    """The annotations (imported under TYPE_CHECKING) resolve, so they cannot go stale."""
    import typing

    tree = ast.parse(Path(hookspecs.__file__).read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    imports = ast.unparse(ast.Module(body=guarded.body, type_ignores=[]))
    namespace = dict(vars(hookspecs))
    exec(imports.replace("from .", "from pos_discrepancy."), namespace)
    for name, hook in HOOKS:
        hints = typing.get_type_hints(hook, namespace)
        assert set(hints) == {*inspect.signature(hook).parameters, "return"}, name
