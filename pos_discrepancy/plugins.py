"""The plugin manager: hook specs, built-in defaults, entry points, a plugins folder.

:func:`make_plugin_manager` builds it in this order (as pluggy's eggsample host and
datasette do):

1. add the hook specs of :mod:`pos_discrepancy.hookspecs`;
2. register the built-in plugins listed in :data:`DEFAULT_PLUGINS`;
3. load the setuptools entry points of the ``posdisc`` group, unless
   ``POSDISC_DISABLE_PLUGIN_AUTOLOAD`` is set (the tests set it, as pytest's
   ``PYTEST_DISABLE_PLUGIN_AUTOLOAD`` does);
4. load every ``*.py`` file of the plugins folder (``plugins_dir`` in the policy file);
5. register plugins passed by the caller (``connect(plugins=[...])``);
6. ``check_pending()``: an implementation of a hook that does not exist (a misspelled
   name) stops start-up with a :class:`~pos_discrepancy.errors.ConfigurationError`.

Implementations of one hook are called most recently registered first, so every plugin
runs before the built-in defaults it may override.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from .errors import ConfigurationError

#: Built-in behaviour, registered first, each a small module of hook implementations.
#: ``price_file`` answers ``posdisc_price_lookup`` from the imported price file (it reads
#: the database through the ``context`` argument, so it needs no state of its own).
DEFAULT_PLUGINS: tuple[str, ...] = (
    "pos_discrepancy.store.price_file",
    "pos_discrepancy.policy.default_detect",
    "pos_discrepancy.policy.default_options",
)

log = logging.getLogger(__name__)

PROJECT_NAME = "posdisc"
ENTRY_POINT_GROUP = "posdisc"
AUTOLOAD_OFF_VARIABLE = "POSDISC_DISABLE_PLUGIN_AUTOLOAD"
HOOK_PREFIX = "posdisc_"


class PosdiscPluginManager(pluggy.PluginManager):
    """A pluggy manager that refuses ``posdisc_*`` functions missing ``@hookimpl``.

    Without the marker pluggy would silently ignore such a function; a store would then
    run without the rule it believes it installed.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        """The ``@hookimpl`` options of ``plugin.name``; refuse unmarked hook functions."""
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(HOOK_PREFIX):
            candidate = getattr(plugin, name, None)
            if callable(candidate) and not isinstance(candidate, type):
                raise ConfigurationError(
                    f"plugins: {_plugin_label(plugin)} defines {name} without "
                    "@hookimpl; add `from pos_discrepancy import hookimpl` and decorate it",
                    field="plugins",
                )
        return opts


def make_plugin_manager(
    *,
    plugins: Iterable[object] = (),
    plugins_dir: str | os.PathLike[str] | None = None,
    load_entrypoints: bool | None = None,
) -> pluggy.PluginManager:
    """Build a plugin manager with every hook spec and the plugins in force.

    :param plugins: extra plugin objects or modules, registered last (so called first).
    :param plugins_dir: a folder whose ``*.py`` files are loaded as plugins.
    :param load_entrypoints: load ``posdisc`` entry points; by default yes, unless
        ``POSDISC_DISABLE_PLUGIN_AUTOLOAD`` is set to a non-empty value.
    :return: the plugin manager, validated.
    :raises ConfigurationError: a plugin fails to load, implements a hook with
        arguments the hook does not have, or implements a hook that does not exist.
    """
    pm = PosdiscPluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        _register(pm, importlib.import_module(name), name=name)
    if load_entrypoints is None:
        load_entrypoints = not os.environ.get(AUTOLOAD_OFF_VARIABLE)
    if load_entrypoints:
        _load_entrypoints(pm)
    if plugins_dir is not None:
        for module in load_plugins_dir(plugins_dir):
            _register(pm, module, name=f"plugins_dir:{Path(module.__file__ or '').name}")
    for plugin in plugins:
        _register(pm, plugin, name=_caller_plugin_name(pm, plugin))
    _check_pending(pm)
    return pm


def _caller_plugin_name(pm: pluggy.PluginManager, plugin: object) -> str:
    """A stable name for a plugin passed by the caller: its ``posdisc_name``, else its
    module's or class's dotted name (a subscriber's cursor is kept under this name)."""
    base = getattr(plugin, "posdisc_name", None)
    if not isinstance(base, str) or not base:
        kind = plugin if isinstance(plugin, type | ModuleType) else type(plugin)
        base = f"{kind.__module__}.{kind.__qualname__}" if isinstance(kind, type) else kind.__name__
    name, count = base, 1
    while pm.has_plugin(name):
        count += 1
        name = f"{base}#{count}"
    return name


def load_plugins_dir(folder: str | os.PathLike[str]) -> list[ModuleType]:
    """Import every ``*.py`` file of ``folder`` (sorted by name) as a plugin module.

    :raises ConfigurationError: the folder does not exist or a file fails to import.
    """
    path = Path(folder)
    if not path.is_dir():
        raise ConfigurationError(f"plugins_dir: {path} is not a folder", field="plugins_dir")
    modules = []
    for file in sorted(path.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"posdisc_plugins_dir.{file.stem}", file)
        if spec is None or spec.loader is None:  # pragma: no cover - .py files always load
            raise ConfigurationError(f"plugins_dir: cannot load {file}", field="plugins_dir")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            raise ConfigurationError(
                f"plugins_dir: {file} failed to load: {type(error).__name__}: {error}",
                field="plugins_dir",
            ) from error
        modules.append(module)
    return modules


def configure_plugins(
    pm: pluggy.PluginManager, plugin_settings: Mapping[str, Mapping[str, Any]]
) -> None:
    """Hand each plugin its ``[plugins.<name>]`` table (hook ``posdisc_configure``).

    :raises ConfigurationError: a plugin refused its table (naming the key), or a table
        names no installed plugin that reads it.
    """
    claimed: set[str] = set()
    for names in pm.hook.posdisc_configure(plugin_settings=plugin_settings):
        claimed.update(names or ())
    unread = sorted(set(plugin_settings) - claimed)
    if unread:
        raise ConfigurationError(
            f"config: [plugins.{unread[0]}]: no installed plugin reads it "
            f"(installed: {', '.join(sorted(claimed)) or 'none that take settings'})",
            field=f"plugins.{unread[0]}",
        )


def call_each(hook: pluggy.HookCaller, **kwargs: Any) -> int:
    """Call every implementation of ``hook`` on its own; log failures instead of raising.

    For notification hooks (``posdisc_incident_event``): a plain hook call stops at the
    first exception, so one broken notifier would silence the others. Implementations
    run in the usual order (most recently registered first); wrappers are not supported
    here and are skipped. Returns how many implementations failed.
    """
    failures = 0
    for impl in reversed(hook.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function(*(kwargs[name] for name in impl.argnames))
        except Exception:
            failures += 1
            log.exception("%s failed in %s", hook.name, _plugin_label(impl.plugin))
    return failures


def describe_plugins(pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """Name, hooks and (for installed packages) version of every plugin, for listings."""
    versions = {id(plugin): dist.version for plugin, dist in pm.list_plugin_distinfo()}
    return [
        {
            "name": name,
            "hooks": sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()),
            "version": versions.get(id(plugin)),
            "built_in": name in DEFAULT_PLUGINS,
        }
        for name, plugin in pm.list_name_plugin()
        if plugin is not None
    ]


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None = None) -> None:
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise ConfigurationError(
            f"plugins: {_plugin_label(plugin)} is not a valid posdisc plugin: {error}",
            field="plugins",
        ) from error


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    try:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except ConfigurationError:
        raise
    except Exception as error:
        raise ConfigurationError(
            f"plugins: an installed plugin ({ENTRY_POINT_GROUP!r} entry point) failed to "
            f"load: {type(error).__name__}: {error}. Uninstall or fix it, or set "
            f"{AUTOLOAD_OFF_VARIABLE}=1 to start without installed plugins",
            field="plugins",
        ) from error


def _check_pending(pm: pluggy.PluginManager) -> None:
    known = [name for name in dir(hookspecs) if name.startswith(HOOK_PREFIX)]
    for name in dir(pm.hook):
        caller = getattr(pm.hook, name)
        if name.startswith("_") or not isinstance(caller, pluggy.HookCaller):
            continue
        if caller.spec is not None:
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ConfigurationError(
                f"plugins: {_plugin_label(impl.plugin)} implements {name}, which is not a "
                f"posdisc hook{hint} (hooks are listed in docs/plugins.md)",
                field="plugins",
            )
    pm.check_pending()  # anything the loop above did not explain


def _plugin_label(plugin: object) -> str:
    name = getattr(plugin, "__name__", None) or type(plugin).__name__
    file = getattr(plugin, "__file__", None)
    return f"plugin {name!r}" + (f" ({file})" if file else "")
