"""The TOML policy file (``POSDISC_CONFIG``): ``[policy]`` and ``[stores.<code>.policy]``.

A file looks like this (every key optional; design §5)::

    plugins_dir = "plugins"            # relative to this file

    [policy]
    jurisdiction = "ca_spac"
    auto_honor_max = "2.00"            # amounts as strings: TOML floats are binary
    auto_honor_max_percent = "2.5"     # or a whole number: 5
    decline_allowed = true
    approval_timeout_seconds = 120
    on_approval_timeout = "honor"      # or "decline"
    manager_override_limit = "50.00"
    max_clock_ahead_seconds = 300      # synced events further ahead are quarantined

    [stores.S002.policy]               # this store only; the rest comes from [policy]
    decline_allowed = false

    [plugins.webhooks]                 # a plugin's own settings (see docs/plugins.md)
    url = "https://example.invalid/hook"
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

Anything else at the top level, or in ``[stores.<code>]`` besides ``policy``, is refused
with a ``ConfigurationError`` naming it, as is every bad value. Each ``[plugins.<name>]``
table is handed to the plugins at start-up (hook ``posdisc_configure``), which refuse
bad keys; a table no installed plugin reads is refused too.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .domain import Policy
from .errors import ConfigurationError, InvalidInput
from .inputs import check_code

CONFIG_VARIABLE = "POSDISC_CONFIG"
#: What the top level of the file may hold.
SECTIONS = ("policy", "stores", "plugins_dir", "plugins")


@dataclass(frozen=True)
class Settings:
    """The parsed policy file: chain-wide policy, per-store overrides, a plugins folder."""

    policy: Policy = field(default_factory=Policy)
    #: The full policy of each store the file names (``[policy]`` plus its overrides).
    store_policies: Mapping[str, Policy] = field(default_factory=dict)
    plugins_dir: str | None = None
    #: The keys each ``[stores.<code>.policy]`` sets, as written (validated).
    store_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Each ``[plugins.<name>]`` table, as written (the plugins validate their own).
    plugin_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def policy_for(self, store_code: str, store_jurisdiction: str | None = None) -> Policy:
        """The policy in force at ``store_code``.

        The jurisdiction comes from, most specific first: the store's own
        ``[stores.<code>.policy]`` in the file, the store's ``jurisdiction`` (set with
        ``add_store``), then the file's ``[policy]``.
        """
        overrides = self.store_overrides.get(store_code, {})
        if store_jurisdiction and "jurisdiction" not in overrides:
            where = f"[stores.{store_code}.policy]"
            return self.policy.updated(
                {**overrides, "jurisdiction": store_jurisdiction}, where=where
            )
        return self.store_policies.get(store_code, self.policy)

    def jurisdictions(self) -> set[str]:
        """Every jurisdiction the file names."""
        names = {p.jurisdiction for p in (self.policy, *self.store_policies.values())}
        return {n for n in names if n}


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read ``path`` (default ``POSDISC_CONFIG``); built-in defaults when there is none.

    A relative ``plugins_dir`` is taken relative to the file's folder.

    :raises ConfigurationError: the file is missing, not TOML, or holds a bad key or value.
    """
    path = path or os.environ.get(CONFIG_VARIABLE)
    if not path:
        return Settings()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"config: {path} does not exist", field="config") from None
    except IsADirectoryError:
        raise ConfigurationError(
            f"config: {path} is a folder, not a file", field="config"
        ) from None
    except UnicodeDecodeError:
        raise ConfigurationError(f"config: {path} is not UTF-8 text", field="config") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(
            f"config: {path} is not valid TOML: {error}", field="config"
        ) from None
    settings = settings_from_mapping(data)
    if settings.plugins_dir is not None and not Path(settings.plugins_dir).is_absolute():
        folder = Path(path).resolve().parent / settings.plugins_dir
        settings = dataclasses.replace(settings, plugins_dir=str(folder))
    return settings


def settings_from_mapping(data: Mapping[str, Any]) -> Settings:
    """Build settings from an already parsed TOML document.

    :raises ConfigurationError: naming the section or key that is wrong.
    """
    unknown = sorted(str(key) for key in data if key not in SECTIONS)
    if unknown:
        named = "an unknown section or key" if len(unknown) == 1 else "unknown sections or keys"
        raise ConfigurationError(
            f"config: {named} {', '.join(unknown)}; use only [policy], "
            "[stores.<code>.policy], [plugins.<name>] and plugins_dir",
            field=unknown[0],
        )
    base = Policy.from_mapping(_table(data.get("policy", {}), "[policy]"))
    stores: dict[str, Policy] = {}
    overrides: dict[str, Mapping[str, Any]] = {}
    for code, table in _table(data.get("stores", {}), "[stores]").items():
        where = f"[stores.{code}]"
        try:
            check_code(code, field="store")
        except InvalidInput as error:
            raise ConfigurationError(f"config: {where}: {error.message}", field="stores") from None
        store_table = _table(table, where)
        extra_keys = sorted(str(key) for key in store_table if key != "policy")
        if extra_keys:
            raise ConfigurationError(
                f"config: {where} may hold only a policy table ([stores.{code}.policy]), "
                f"not {', '.join(extra_keys)}",
                field=extra_keys[0],
            )
        override = _table(store_table.get("policy", {}), f"[stores.{code}.policy]")
        stores[code] = base.updated(override, where=f"[stores.{code}.policy]")
        overrides[code] = dict(override)
    plugins_dir = data.get("plugins_dir")
    if plugins_dir is not None and (not isinstance(plugins_dir, str) or not plugins_dir.strip()):
        raise ConfigurationError(
            'config: plugins_dir must be a folder path, e.g. plugins_dir = "plugins"',
            field="plugins_dir",
        )
    plugin_settings = {
        str(name): dict(_table(table, f"[plugins.{name}]"))
        for name, table in _table(data.get("plugins", {}), "[plugins]").items()
    }
    return Settings(
        policy=base,
        store_policies=stores,
        plugins_dir=plugins_dir,
        store_overrides=overrides,
        plugin_settings=plugin_settings,
    )


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"config: {where} must be a table", field="config")
    return value
