"""Identifiers made where the event happens: UUIDv7 (time-ordered, RFC 9562)."""

from __future__ import annotations

import os
import time
import uuid


def uuid7() -> str:
    """A new UUIDv7 as text: 48-bit milliseconds, then random bits.

    Sortable by creation time, so a register can make ids offline and sync them later
    without collisions or a central counter.
    """
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value &= ~(0xF << 76)
    value |= 0x7 << 76  # version 7
    value &= ~(0x3 << 62)
    value |= 0x2 << 62  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def check_uuid(value: object, *, field: str) -> str:
    """Return ``value`` as canonical UUID text, or raise ``NotFound``-friendly input error."""
    from .errors import InvalidInput

    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise InvalidInput(f"{field}: {str(value)[:60]!r} is not an incident id", field=field)
