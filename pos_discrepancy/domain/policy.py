"""Store policy (the TOML keys of design §5) and the store facts hooks receive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from ..errors import ConfigurationError

TIMEOUT_OUTCOMES = ("honor", "decline")


@dataclass(frozen=True, slots=True)
class Policy:
    """How a store handles discrepancies. Amounts are in the store's currency.

    Defaults favour the waiting customer: small differences are honored at once, a
    manager is asked beyond that, and an unanswered approval honors after two minutes.
    """

    jurisdiction: str | None = None
    auto_honor_max: Decimal = Decimal("1.00")
    auto_honor_max_percent: Decimal = Decimal("0")
    decline_allowed: bool = True
    approval_timeout_seconds: int = 120
    on_approval_timeout: str = "honor"
    manager_override_limit: Decimal = Decimal("50.00")
    #: Keys this module does not know, kept for plugins (e.g. ``[policy.ca_spac]``).
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "[policy]") -> Policy:
        """Build from a TOML table, validating each key; errors name the key."""
        return cls().updated(data, where=where)

    def updated(self, data: Mapping[str, Any], *, where: str) -> Policy:
        """A copy with the keys in ``data`` applied (per-store overrides)."""
        values: dict[str, Any] = {
            "jurisdiction": self.jurisdiction,
            "auto_honor_max": self.auto_honor_max,
            "auto_honor_max_percent": self.auto_honor_max_percent,
            "decline_allowed": self.decline_allowed,
            "approval_timeout_seconds": self.approval_timeout_seconds,
            "on_approval_timeout": self.on_approval_timeout,
            "manager_override_limit": self.manager_override_limit,
        }
        extra = dict(self.extra)
        for key, value in data.items():
            if key in ("auto_honor_max", "auto_honor_max_percent", "manager_override_limit"):
                values[key] = _amount(value, f"{where} {key}")
            elif key == "decline_allowed":
                values[key] = _bool(value, f"{where} {key}")
            elif key == "approval_timeout_seconds":
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise ConfigurationError(
                        f"{where} {key}: must be a whole number >= 1", field=key
                    )
                values[key] = value
            elif key == "on_approval_timeout":
                if value not in TIMEOUT_OUTCOMES:
                    raise ConfigurationError(
                        f'{where} {key}: must be "honor" or "decline", not {value!r}', field=key
                    )
                values[key] = value
            elif key == "jurisdiction":
                if value is not None and (not isinstance(value, str) or not value):
                    raise ConfigurationError(f"{where} {key}: must be a plugin name", field=key)
                values[key] = value or None
            else:
                extra[key] = value
        return Policy(**values, extra=MappingProxyType(extra))


def _amount(value: object, where: str) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, str | int):
        raise ConfigurationError(
            f'{where}: write amounts as strings, e.g. "2.00"', field=where.split()[-1]
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ConfigurationError(
            f"{where}: {value!r} is not an amount", field=where.split()[-1]
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ConfigurationError(f"{where}: must be zero or more", field=where.split()[-1])
    return amount


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{where}: must be true or false", field=where.split()[-1])
    return value


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """The store facts every hook receives as ``store``."""

    code: str
    name: str
    currency: str
    timezone: str = "UTC"
    jurisdiction: str | None = None
    policy: Policy = field(default_factory=Policy)
