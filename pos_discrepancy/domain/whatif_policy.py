"""The other policy a what-if replays under: the store's own, with some keys set.

Settings arrive as typed values (Python) or as text (``--set auto_honor_max=15.00``, a
form, a query string); text is read as the policy file would hold the value. Each key
and value is checked by the policy's own parsers, so a refusal reads as it would for the
policy file, and names the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import N_, ConfigurationError, InvalidInput
from .policy import POLICY_KEYS, Policy

#: Policy keys a what-if does not take as settings: the jurisdiction is given apart, and
#: ``max_clock_ahead_seconds`` only concerns sync, never what happens at the till.
NOT_SETTINGS = ("jurisdiction", "max_clock_ahead_seconds")
#: The policy keys a what-if may set: those that change what happens at the till.
WHATIF_KEYS = tuple(key for key in POLICY_KEYS if key not in NOT_SETTINGS)
_FLAGS = ("decline_allowed",)
_WHOLE = ("approval_timeout_seconds",)
_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")
#: The jurisdiction word that means "no jurisdiction plugin".
NO_JURISDICTION = "none"


def parse_assignments(items: Iterable[str], *, field: str = "set") -> dict[str, str]:
    """``["auto_honor_max=15.00", ...]`` as ``{key: text}``; a key may come once.

    :raises InvalidInput: (``field``) an item without ``=``, or a key given twice.
    """
    settings: dict[str, str] = {}
    for item in items:
        key, sep, value = str(item).partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInput.worded(
                field,
                N_("%(value)s should read KEY=VALUE, e.g. auto_honor_max=15.00"),
                value=repr(str(item)[:40]),
            )
        if key in settings:
            raise InvalidInput.worded(key, N_("given twice; give each setting once"))
        settings[key] = value.strip()
    return settings


def what_if_policy(
    current: Policy, settings: Mapping[str, Any], jurisdiction: str | None
) -> Policy:
    """``current`` with ``settings`` applied and, unless ``None``, another jurisdiction
    (:data:`NO_JURISDICTION` or blank: none). Does not check that the plugin exists.

    :raises InvalidInput: naming the key that is unknown (listing the valid ones) or the
        value that is wrong.
    """
    values: dict[str, Any] = {}
    for key, value in settings.items():
        if key == "jurisdiction":
            raise InvalidInput.worded(
                "jurisdiction",
                N_("give it as the what-if's jurisdiction (--jurisdiction), not as a setting"),
            )
        if key not in WHATIF_KEYS:
            raise InvalidInput.worded(
                str(key)[:40],
                N_("is not a what-if setting; the settings are %(keys)s (and the jurisdiction)"),
                keys=", ".join(WHATIF_KEYS),
            )
        values[key] = _typed(key, value)
    if jurisdiction is not None:
        name = jurisdiction.strip()
        values["jurisdiction"] = None if name.lower() in ("", NO_JURISDICTION) else name
    try:
        return current.updated(values, where="")
    except ConfigurationError as error:  # the policy file's words; here it is bad input
        raise InvalidInput(error.message.strip(), field=error.field) from None


def _typed(key: str, value: Any) -> Any:
    """A text value as the policy file would hold it (``true``, ``120``); else as given."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if key in _FLAGS:
        if text.lower() in _TRUE + _FALSE:
            return text.lower() in _TRUE
        raise InvalidInput.worded(
            key, N_("must be true or false, not %(value)s"), value=repr(text[:40])
        )
    if key in _WHOLE and text.isascii() and text.isdigit():
        return int(text)
    return text
