"""Reading rows for verification as the driver returns them (issue 13).

SQLAlchemy's type processing (timestamps parsed and made UTC-aware, booleans, dates)
cost verify more than its checks. Verify therefore reads columns raw and decides on raw
values wherever a raw comparison is at least as strict as the typed one: equal raw
values are equal typed values, and a time in the one text form SQLAlchemy writes has
one isoformat. Whatever is not certain from the raw value goes the slow way, through
the typed value (:func:`typed`), so nothing verify detects is decided differently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Connection, type_coerce
from sqlalchemy.sql.elements import Label
from sqlalchemy.types import NullType

#: ``canonical_json`` of a string (the C encoder; the same text ``json.dumps`` gives
#: with ``ensure_ascii=False``).
encode_text: Callable[[str], str] = json.encoder.encode_basestring


def raw(column: Column[Any], name: str | None = None) -> Label[Any]:
    """``column`` read without type processing, labelled ``name`` (its own by default)."""
    return type_coerce(column, NullType()).label(name or column.name)


def typed(connection: Connection, column: Column[Any]) -> Callable[[Any], Any]:
    """The function turning a raw value of ``column`` into the value SQLAlchemy reads."""
    process = column.type.result_processor(connection.dialect, None)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


def utc_isoformat(value: Any) -> str | None:
    """The isoformat of a raw ``UTCDateTime`` value as read typed (UTC-aware), or
    ``None`` when that is not certain from the raw value (then read it typed).

    SQLite keeps the text SQLAlchemy writes (``2026-12-02 10:00:00.123456``, UTC); only
    that exact form is taken. PostgreSQL's driver returns an aware datetime.
    """
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        if moment.tzinfo is not None or moment.isoformat(" ", "microseconds") != value:
            return None
        return moment.isoformat() + "+00:00"
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    return None


def raw_date(value: Any) -> date | None:
    """A raw ``Date`` value as read typed, or ``None`` when not certain (read it typed)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day if day.isoformat() == value else None
    return None


@lru_cache(maxsize=4096)  # prices repeat: a hit costs a tenth of the formatting
def minor_text(minor: int, digits: int) -> str:
    """``minor`` units as decimal text with ``digits`` places (``-0.50``, ``500``)."""
    if digits == 0:
        return str(minor)
    whole, part = divmod(abs(minor), 10**digits)
    return f"{'-' if minor < 0 else ''}{whole}.{part:0{digits}d}"


__all__ = ["encode_text", "minor_text", "raw", "raw_date", "typed", "utc_isoformat"]
