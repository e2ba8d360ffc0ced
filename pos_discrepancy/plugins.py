"""The plugin manager: specs, built-in defaults, entry points, a plugins folder.

Order (as in pluggy's eggsample host and datasette): add the hook specs, register the
built-in default plugins listed in :data:`DEFAULT_PLUGINS`, load setuptools entry points
of the ``posdisc`` group (unless ``POSDISC_DISABLE_PLUGIN_AUTOLOAD`` is set, as tests do),
load ``*.py`` modules from a plugins folder, then ``check_pending()`` so a misspelled
hook name fails loudly at start-up.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path

import pluggy

from . import hookspecs
from .errors import ConfigurationError

#: Built-in behaviour, registered first, each a small module of hook implementations.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "pos_discrepancy.policy.default_detect",
    "pos_discrepancy.policy.default_options",
)

ENTRY_POINT_GROUP = "posdisc"
AUTOLOAD_OFF_VARIABLE = "POSDISC_DISABLE_PLUGIN_AUTOLOAD"


def make_plugin_manager(
    *,
    plugins: Iterable[object] = (),
    plugins_dir: str | os.PathLike[str] | None = None,
    load_entrypoints: bool | None = None,
) -> pluggy.PluginManager:
    """Build a plugin manager with every hook spec and the plugins in force.

    :param plugins: extra plugin objects or modules to register (after the defaults).
    :param plugins_dir: a folder whose ``*.py`` files are loaded as plugins.
    :param load_entrypoints: load ``posdisc`` entry points; by default yes unless
        ``POSDISC_DISABLE_PLUGIN_AUTOLOAD`` is set.
    """
    pm = pluggy.PluginManager("posdisc")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if load_entrypoints is None:
        load_entrypoints = not os.environ.get(AUTOLOAD_OFF_VARIABLE)
    if load_entrypoints:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for plugin in plugins:
        pm.register(plugin)
    if plugins_dir is not None:
        for module in _load_folder(Path(plugins_dir)):
            pm.register(module, name=f"plugins_dir:{module.__name__}")
    pm.check_pending()
    return pm


def _load_folder(folder: Path) -> list[object]:
    if not folder.is_dir():
        raise ConfigurationError(f"plugins_dir: {folder} is not a folder", field="plugins_dir")
    modules = []
    for path in sorted(folder.glob("*.py")):
        name = f"posdisc_plugins_dir_{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def installed_jurisdictions(pm: pluggy.PluginManager) -> set[str]:
    """Every jurisdiction name the registered plugins claim."""
    names: set[str] = set()
    for answer in pm.hook.posdisc_jurisdictions():
        names.update(answer or ())
    return names
