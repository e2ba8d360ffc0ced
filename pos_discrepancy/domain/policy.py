"""Store policy (the TOML keys of design §5) and the store facts hooks receive."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from ..errors import ConfigurationError, InvalidInput
from ..money import MAX_AMOUNT, parse_decimal

TIMEOUT_OUTCOMES = ("honor", "decline")
#: Policy amounts have no currency yet: allow the most decimal places any currency has.
MAX_PLACES = 3
#: An approval nobody answers within a day is not waiting at a register any more.
MAX_TIMEOUT = 86_400
#: The most a register's clock may be ahead of the server's that a store may tolerate.
MAX_CLOCK_AHEAD = 86_400


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
    #: How far (seconds) a synced event's time may be ahead of the server's clock before
    #: the server quarantines it as implausible (a register's clock set wrong).
    max_clock_ahead_seconds: int = 300
    #: Keys this module does not know, kept for plugins (e.g. ``[policy.ca_spac]``).
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "[policy]") -> Policy:
        """Build from a TOML table, validating each key; errors name the key."""
        return cls().updated(data, where=where)

    def updated(self, data: Mapping[str, Any], *, where: str) -> Policy:
        """A copy with the keys in ``data`` applied (per-store overrides).

        Keys this module does not know are kept in ``extra`` for plugins (a sub-table
        such as ``[policy.ca_spac]``, or a plain key such as ``bonus_max``) — unless the
        key looks like a misspelt policy key (``auto_honour_max``), which is refused so a
        typo cannot silently leave the default in force.

        :raises ConfigurationError: naming the key (``field``) and ``where`` it was found.
        """
        values: dict[str, Any] = {
            "jurisdiction": self.jurisdiction,
            "auto_honor_max": self.auto_honor_max,
            "auto_honor_max_percent": self.auto_honor_max_percent,
            "decline_allowed": self.decline_allowed,
            "approval_timeout_seconds": self.approval_timeout_seconds,
            "on_approval_timeout": self.on_approval_timeout,
            "manager_override_limit": self.manager_override_limit,
            "max_clock_ahead_seconds": self.max_clock_ahead_seconds,
        }
        extra = dict(self.extra)
        for key, value in data.items():
            if key in values:
                values[key] = _PARSERS[key](value, f"{where} {key}", key)
            elif isinstance(value, Mapping):
                extra[key] = MappingProxyType(dict(value))
            else:
                close = difflib.get_close_matches(str(key), POLICY_KEYS, n=1, cutoff=0.75)
                if close:
                    raise ConfigurationError(
                        f"{where} {key}: is not a policy key; did you mean {close[0]}? "
                        f"(policy keys: {', '.join(POLICY_KEYS)})",
                        field=str(key),
                    )
                extra[key] = value
        return Policy(**values, extra=MappingProxyType(extra))


def _amount(value: object, where: str, key: str) -> Decimal:
    """A money limit: a decimal string such as "2.00" (or a whole number), never a float."""
    if isinstance(value, float):
        raise ConfigurationError(
            f'{where}: write amounts as strings, e.g. {key} = "2.00" (a TOML float is binary '
            "and may not hold the amount exactly)",
            field=key,
        )
    try:
        return parse_decimal(value, field=key, max_places=MAX_PLACES, maximum=MAX_AMOUNT)
    except InvalidInput as error:
        raise ConfigurationError(
            f'{where}: {_reason(error, key)}; write an amount such as {key} = "2.00"', field=key
        ) from None


def _percent(value: object, where: str, key: str) -> Decimal:
    """A percentage from 0 to 100: a string such as "2.5" or a whole number."""
    if isinstance(value, float):
        raise ConfigurationError(
            f'{where}: write the percentage as a string or a whole number, e.g. {key} = "2.5" '
            f"or {key} = 5 (a TOML float is binary and may not hold it exactly)",
            field=key,
        )
    try:
        percent = parse_decimal(value, field=key, max_places=4)
    except InvalidInput as error:
        raise ConfigurationError(
            f'{where}: {_reason(error, key)}; write a percentage such as {key} = "2.5"',
            field=key,
        ) from None
    if percent > 100:
        raise ConfigurationError(f"{where}: must be from 0 to 100, not {percent}", field=key)
    return percent


def _reason(error: InvalidInput, key: str) -> str:
    """The money parser's explanation without its own field prefix."""
    return error.message.removeprefix(f"{key}: ")


def _bool(value: object, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(
            f"{where}: must be true or false (without quotes), not {value!r}", field=key
        )
    return value


def _seconds(value: object, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TIMEOUT:
        raise ConfigurationError(
            f"{where}: must be a whole number of seconds from 1 to {MAX_TIMEOUT}, not {value!r}",
            field=key,
        )
    return value


def _tolerance(value: object, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CLOCK_AHEAD:
        raise ConfigurationError(
            f"{where}: must be a whole number of seconds from 0 to {MAX_CLOCK_AHEAD}, "
            f"not {value!r}",
            field=key,
        )
    return value


def _outcome(value: object, where: str, key: str) -> str:
    if not isinstance(value, str) or value not in TIMEOUT_OUTCOMES:
        raise ConfigurationError(f'{where}: must be "honor" or "decline", not {value!r}', field=key)
    return value


def _jurisdiction(value: object, where: str, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(
            f'{where}: must be the name of a jurisdiction plugin, e.g. {key} = "ca_spac"',
            field=key,
        )
    return value.strip()


_PARSERS: dict[str, Callable[[object, str, str], Any]] = {
    "jurisdiction": _jurisdiction,
    "auto_honor_max": _amount,
    "auto_honor_max_percent": _percent,
    "decline_allowed": _bool,
    "approval_timeout_seconds": _seconds,
    "on_approval_timeout": _outcome,
    "manager_override_limit": _amount,
    "max_clock_ahead_seconds": _tolerance,
}
#: The ``[policy]`` keys of design §5.
POLICY_KEYS = tuple(_PARSERS)


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """The store facts every hook receives as ``store``."""

    code: str
    name: str
    currency: str
    timezone: str = "UTC"
    jurisdiction: str | None = None
    policy: Policy = field(default_factory=Policy)
    #: The store's language and formats, a Babel locale name (``en_US``, ``fr_CA``).
    locale: str = "en_US"
