"""Reading one JSON object of a sync batch field by field, each error naming its path.

``Fields(value, "incidents[3].incident")`` refuses a non-object; ``take(name, check)``
runs ``check(value, field=path)`` on the member (``incidents[3].incident.sku``) and
``done()`` refuses members nobody took, so a misspelt field is a 422, not ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..errors import InvalidInput
from ..money import Money

Check = Callable[..., Any]
_WORD = re.compile(r"[a-z][a-z0-9_]{0,31}")
#: Amounts at or above this (in major units) are not plausible at a register.
MONEY_LIMIT = Decimal(10) ** 12


class Fields:
    """The members of one JSON object at ``path``."""

    def __init__(self, value: object, path: str) -> None:
        if not isinstance(value, dict):
            raise InvalidInput(f"{path}: must be an object", field=path)
        self.value = value
        self.path = path
        self._taken: set[str] = set()

    def field(self, name: str) -> str:
        """The path of member ``name``."""
        return f"{self.path}.{name}" if self.path else name

    def take(self, name: str, check: Check, *, optional: bool = False, **options: Any) -> Any:
        """``check(member, field=path, **options)``; a missing member is refused unless
        ``optional`` (then ``None``, as is a ``null`` optional member)."""
        self._taken.add(name)
        if name not in self.value:
            if optional:
                return None
            raise InvalidInput(f"{self.field(name)}: required", field=self.field(name))
        value = self.value[name]
        if value is None and optional:
            return None
        return check(value, field=self.field(name), **options)

    def done(self) -> None:
        """Refuse members that were not taken."""
        for name in self.value:
            if name not in self._taken:
                field = self.field(str(name))
                raise InvalidInput(f"{field}: unknown field", field=field)


def items(value: object, *, field: str, least: int = 0, most: int = 100_000) -> list[Any]:
    """A JSON array of ``least`` to ``most`` items."""
    if not isinstance(value, list):
        raise InvalidInput(f"{field}: must be an array", field=field)
    if not least <= len(value) <= most:
        raise InvalidInput(f"{field}: must hold {least} to {most} items", field=field)
    return value


def word(value: object, *, field: str) -> str:
    """A lower-case name such as an event kind or an action (``signage_fixed``)."""
    if not isinstance(value, str) or not _WORD.fullmatch(value):
        raise InvalidInput(
            f"{field}: {str(value)[:40]!r} must be a lower-case name (a-z, 0-9, _)", field=field
        )
    return value


def integer(value: object, *, field: str, least: int = 1, most: int = 2**62) -> int:
    """A whole JSON number from ``least`` to ``most``."""
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise InvalidInput(f"{field}: must be a whole number from {least}", field=field)
    return value


def moment(value: object, *, field: str) -> datetime:
    """An ISO 8601 time with its UTC offset (``2026-11-25T15:00:00+00:00``)."""
    if isinstance(value, str) and len(value) <= 40:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            return parsed
    raise InvalidInput(
        f"{field}: {str(value)[:40]!r} is not a time with its UTC offset", field=field
    )


def obj(value: object, *, field: str) -> dict[str, Any]:
    """Any JSON object."""
    if not isinstance(value, dict):
        raise InvalidInput(f"{field}: must be an object", field=field)
    return value


def minor_units(value: object, *, field: str, currency: str) -> int:
    """A decimal amount (text, or a JSON number read exactly) as integer minor units."""
    return Money.parse(value, currency, field=field, allow_negative=True, maximum=MONEY_LIMIT).minor
