"""The TOML policy file (``POSDISC_CONFIG``): ``[policy]`` and ``[stores.<code>.policy]``."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .domain import Policy
from .errors import ConfigurationError

CONFIG_VARIABLE = "POSDISC_CONFIG"


@dataclass(frozen=True)
class Settings:
    """The parsed policy file: chain-wide policy, per-store overrides, a plugins folder."""

    policy: Policy = field(default_factory=Policy)
    store_policies: Mapping[str, Policy] = field(default_factory=dict)
    plugins_dir: str | None = None

    def policy_for(self, store_code: str, store_jurisdiction: str | None = None) -> Policy:
        """The policy in force at ``store_code``.

        The store's own ``jurisdiction`` (set with ``add_store``) applies unless the file
        names one for that store.
        """
        policy = self.store_policies.get(store_code)
        if policy is not None:
            return policy
        if store_jurisdiction and not self.policy.jurisdiction:
            return self.policy.updated({"jurisdiction": store_jurisdiction}, where="store")
        return self.policy

    def jurisdictions(self) -> set[str]:
        """Every jurisdiction the file names."""
        names = {p.jurisdiction for p in (self.policy, *self.store_policies.values())}
        return {n for n in names if n}


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read ``path`` (default ``POSDISC_CONFIG``); built-in defaults when there is none."""
    path = path or os.environ.get(CONFIG_VARIABLE)
    if not path:
        return Settings()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"config: {path} does not exist", field="config") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(
            f"config: {path} is not valid TOML: {error}", field="config"
        ) from None
    return settings_from_mapping(data)


def settings_from_mapping(data: Mapping[str, Any]) -> Settings:
    """Build settings from an already parsed TOML document."""
    unknown = set(data) - {"policy", "stores", "plugins_dir"}
    if unknown:
        raise ConfigurationError(
            f"config: unknown section(s) {', '.join(sorted(unknown))}; expected [policy], "
            "[stores.<code>.policy] and plugins_dir",
            field="config",
        )
    base = Policy.from_mapping(_table(data.get("policy", {}), "[policy]"))
    stores: dict[str, Policy] = {}
    for code, table in _table(data.get("stores", {}), "[stores]").items():
        overrides = _table(
            _table(table, f"[stores.{code}]").get("policy", {}), f"[stores.{code}.policy]"
        )
        stores[code] = base.updated(overrides, where=f"[stores.{code}.policy]")
    plugins_dir = data.get("plugins_dir")
    if plugins_dir is not None and not isinstance(plugins_dir, str):
        raise ConfigurationError("config: plugins_dir must be a path", field="plugins_dir")
    return Settings(policy=base, store_policies=stores, plugins_dir=plugins_dir)


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"config: {where} must be a table", field="config")
    return value
