"""The plugin manager: load order, entry points and their switch, the plugins folder, and
the errors that stop a store opening without the rules it believes it has."""

from __future__ import annotations

import textwrap

import pytest

import pos_discrepancy
from pos_discrepancy import ConfigurationError, hookimpl
from pos_discrepancy.plugins import (
    AUTOLOAD_OFF_VARIABLE,
    DEFAULT_PLUGINS,
    describe_plugins,
    make_plugin_manager,
)

DISTLAND_PLUGIN = """
    from pos_discrepancy import hookimpl

    @hookimpl
    def posdisc_jurisdictions():
        return ["distland"]
"""


class Testland:
    @hookimpl
    def posdisc_jurisdictions(self):  # type: ignore[no-untyped-def]
        return ["testland"]


def overcharge(desk):  # type: ignore[no-untyped-def]
    return desk.check(
        store="S001",
        register="R1",
        cashier="C07",
        sku="9788883701122",
        scanned_price="19.95",
        shelf_price="9.98",
    )


def test_hookimpl_is_importable_from_the_package_root() -> None:
    from pos_discrepancy.hookspecs import hookspec

    assert pos_discrepancy.hookimpl.project_name == hookspec.project_name == "posdisc"


def test_defaults_are_registered_first_and_in_one_tuple() -> None:
    pm = make_plugin_manager(plugins=[Testland()])
    names = [name for name, _ in pm.list_name_plugin()]
    assert names[: len(DEFAULT_PLUGINS)] == list(DEFAULT_PLUGINS)
    assert len(names) == len(DEFAULT_PLUGINS) + 1
    listed = {p["name"]: p for p in describe_plugins(pm)}
    assert listed["pos_discrepancy.store.price_file"]["hooks"] == ["posdisc_price_lookup"]
    assert all(listed[name]["built_in"] for name in DEFAULT_PLUGINS)


def test_a_misspelled_hook_fails_loudly() -> None:
    class Typo:
        @hookimpl
        def posdisc_optoins(self, discrepancy):  # type: ignore[no-untyped-def]
            return []

    with pytest.raises(ConfigurationError, match="did you mean posdisc_options") as error:
        make_plugin_manager(plugins=[Typo()])
    assert "posdisc_optoins, which is not a posdisc hook" in error.value.message


def test_a_hook_function_without_hookimpl_is_refused() -> None:
    class Forgetful:
        def posdisc_jurisdictions(self):  # type: ignore[no-untyped-def]
            return ["nowhere"]

    with pytest.raises(ConfigurationError, match="without @hookimpl"):
        make_plugin_manager(plugins=[Forgetful()])


def test_a_hook_asking_for_an_argument_the_hook_lacks_is_refused() -> None:
    class Greedy:
        @hookimpl
        def posdisc_detect(self, claim, customer):  # type: ignore[no-untyped-def]
            return None

    with pytest.raises(ConfigurationError, match="customer"):
        make_plugin_manager(plugins=[Greedy()])


def test_entry_point_autoload_follows_the_switch(installed_plugin, monkeypatch):  # type: ignore[no-untyped-def]
    fake_distribution = installed_plugin("posdisc_distland", DISTLAND_PLUGIN)
    assert fake_distribution not in dict(make_plugin_manager().list_name_plugin())  # tests' default
    assert fake_distribution in dict(make_plugin_manager(load_entrypoints=True).list_name_plugin())

    monkeypatch.delenv(AUTOLOAD_OFF_VARIABLE)
    pm = make_plugin_manager()
    assert fake_distribution in dict(pm.list_name_plugin())
    assert {"name": fake_distribution, "version": "1.0"}.items() <= {
        p["name"]: p for p in describe_plugins(pm)
    }[fake_distribution].items()
    assert fake_distribution not in dict(
        make_plugin_manager(load_entrypoints=False).list_name_plugin()
    )
    monkeypatch.setenv(AUTOLOAD_OFF_VARIABLE, "1")
    assert fake_distribution not in dict(make_plugin_manager().list_name_plugin())


def test_an_entry_point_that_fails_to_import_is_a_configuration_error(installed_plugin):  # type: ignore[no-untyped-def]
    installed_plugin("posdisc_broken", "import no_such_module_here\n")
    with pytest.raises(ConfigurationError, match="no_such_module_here") as error:
        make_plugin_manager(load_entrypoints=True)
    assert AUTOLOAD_OFF_VARIABLE in error.value.message


def test_plugins_folder(store, make_desk, tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "store_plugins"
    folder.mkdir()
    (folder / "round_down.py").write_text(
        textwrap.dedent(
            """
            from pos_discrepancy import hookimpl

            @hookimpl
            def posdisc_jurisdictions():
                return ["folderland"]

            @hookimpl
            def posdisc_adjust_options(options):
                options.remove("decline")
            """
        )
    )
    (folder / "notes.txt").write_text("not a plugin")
    pm = make_plugin_manager(plugins_dir=folder)
    assert "plugins_dir:round_down.py" in dict(pm.list_name_plugin())

    config = tmp_path / "policy.toml"
    config.write_text(f'plugins_dir = "{folder.as_posix()}"\n')
    desk = make_desk(config=str(config))
    assert desk.add_store("S002", name="Side St", currency="USD", jurisdiction="folderland")
    assert [o.action for o in overcharge(desk).options] == ["honor", "escalate"]


def test_plugins_folder_errors_name_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigurationError, match="is not a folder"):
        make_plugin_manager(plugins_dir=tmp_path / "missing")
    (tmp_path / "bad.py").write_text("raise RuntimeError('half-written plugin')\n")
    with pytest.raises(ConfigurationError, match=r"bad\.py failed to load.*half-written"):
        make_plugin_manager(plugins_dir=tmp_path)


def test_the_command_line_reports_a_broken_plugin_without_a_traceback(  # type: ignore[no-untyped-def]
    installed_plugin, monkeypatch, capsys
):
    from pos_discrepancy.cli import main

    installed_plugin("posdisc_broken_cli", "import no_such_module_here\n")
    monkeypatch.delenv(AUTOLOAD_OFF_VARIABLE)
    monkeypatch.setattr("sys.argv", ["posdisc", "--help"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "no_such_module_here" in err and AUTOLOAD_OFF_VARIABLE in err
    assert "Traceback" not in err
