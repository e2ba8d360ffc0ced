"""Identifiers made where the event happens: UUIDv7 (time-ordered, RFC 9562)."""

from __future__ import annotations

import os
import threading
import time
import uuid

from .errors import N_, InvalidInput

_lock = threading.Lock()
_last_millis = 0
_last_counter = 0
_COUNTER_BITS = 12  # the 12-bit rand_a field (RFC 9562 §6.2, method 1: a counter)


def uuid7() -> str:
    """A new UUIDv7 as text: 48-bit Unix milliseconds, a 12-bit counter, 62 random bits.

    Ids made by one process sort in the order they were made, even within one
    millisecond (the counter) and if the wall clock steps back (the last millisecond is
    reused), so a register can make ids offline and sync them later without a central
    counter; the random bits keep different registers apart.
    """
    global _last_millis, _last_counter
    now = time.time_ns() // 1_000_000
    with _lock:
        if now > _last_millis:
            millis, counter = now, int.from_bytes(os.urandom(2), "big") >> 5  # 11 bits
        else:
            millis, counter = _last_millis, _last_counter + 1
            if counter >> _COUNTER_BITS:  # 4096 ids in one millisecond: borrow the next
                millis, counter = millis + 1, 0
        _last_millis, _last_counter = millis, counter
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= counter << 64
    value |= 0x2 << 62  # RFC 9562 variant
    value |= int.from_bytes(os.urandom(8), "big") >> 2
    return str(uuid.UUID(int=value))


def check_uuid(value: object, *, field: str) -> str:
    """Return ``value`` (text or ``uuid.UUID``) as canonical lower-case UUID text.

    :raises InvalidInput: naming ``field`` when it is not a UUID at all (an unknown but
        well-formed id is the caller's ``NotFound``).
    """
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and len(value) <= 64:
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            pass
    raise InvalidInput.worded(
        field, N_("%(value)s is not an incident id"), value=repr(str(value)[:60])
    )
