"""Validation of the plain values callers send: codes, quantities, notes, dates, enums.

Each function returns the clean value or raises ``InvalidInput`` naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from .errors import N_, FieldNamed, InvalidInput
from .words import missing, named

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_QUANTITY = 9999
E = TypeVar("E", bound=StrEnum)

# Control characters (Cc) have no place in a note, and lone surrogates (Cs) cannot even
# be stored as UTF-8.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})


def check_code(value: object, *, field: str) -> str:
    """A store, register, staff or cashier code: 1–32 ASCII letters, digits, ``_ . -``,
    starting with a letter or digit; surrounding spaces are dropped.

    Codes are identities that compare case-insensitively (a badge typed ``m03`` is
    ``M03``), so the clean code is upper-case.
    """
    if not isinstance(value, str) or not value.strip():
        raise missing(field)
    code = value.strip()
    if not _CODE.fullmatch(code):
        raise InvalidInput.worded(
            field, N_("%(code)s must be 1–32 letters or digits (also _ . -)"), code=repr(code[:40])
        )
    return code.upper()


def check_quantity(value: object, *, field: str = "quantity") -> int:
    """A whole number of units, 1 to 9999 (an ``int``, or its ASCII digits as text)."""
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 6:
            value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput.worded(
            field, N_("must be a whole number of units, not %(value)s"), value=repr(str(value)[:40])
        )
    if not 1 <= value <= MAX_QUANTITY:
        raise InvalidInput.worded(
            field,
            N_("must be between 1 and %(most)s, not %(value)s"),
            most=MAX_QUANTITY,
            value=value,
        )
    return value


def check_whole_number(text: str, *, field: str, high: int) -> int:
    """A whole number 0–``high`` typed as text (a query parameter or form field)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)) or int(text) > high:
        raise InvalidInput.worded(
            field,
            N_("%(value)s is not a whole number from 0 to %(high)s; enter the %(what)s as digits "
               "only, at most %(high)s"),
            value=repr(text[:20]), high=high, what=FieldNamed(named(field), field),
        )  # fmt: skip
    return int(text)


def check_text(value: object, *, field: str, max_length: int, required: bool = False) -> str | None:
    """Optional free text, whitespace-collapsed, at most ``max_length`` characters.

    Blank text is ``None`` (or refused when ``required``); control characters are refused.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise missing(field)
        return None
    if not isinstance(value, str):
        raise InvalidInput.worded(field, N_("must be text; type it as words or digits"))
    text = " ".join(value.split())
    if len(text) > max_length:
        raise InvalidInput.worded(
            field, N_("is longer than %(most)s characters; shorten it"), most=max_length
        )
    if any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in text):
        raise InvalidInput.worded(
            field,
            N_("contains control characters (such as tabs or line breaks); type it on one line"),
        )
    return text


def check_date(value: object, *, field: str) -> date | None:
    """An optional calendar date: a ``date`` or ISO text ``2026-11-30``; blank is ``None``.

    A ``datetime`` is refused: which day it falls on depends on the store's time zone,
    so the caller must decide.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        raise InvalidInput.worded(field, N_("give a date like 2026-11-30, not a time"))
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInput.worded(
        field, N_("%(value)s is not a date like 2026-11-30"), value=repr(str(value)[:40])
    )


def check_choice(value: object, enum: type[E], *, field: str) -> E:
    """One of an enum's values, by its exact text (or the member itself)."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        for member in enum:
            if member.value == value:
                return member
    choices = ", ".join(m.value for m in enum)
    raise InvalidInput.worded(
        field,
        N_("%(value)s is not one of %(choices)s"),
        value=repr(str(value)[:40]),
        choices=choices,
    )


def check_word(value: object, *, field: str) -> str:
    """A lower-case name such as an event kind or an action (``signage_fixed``)."""
    if not isinstance(value, str) or not _WORD.fullmatch(value):
        raise InvalidInput.worded(
            field,
            N_("%(value)s must be a lower-case name (a-z, 0-9, _)"),
            value=repr(str(value)[:40]),
        )
    return value


def check_integer(value: object, *, field: str, least: int = 1, most: int = 2**62) -> int:
    """A whole JSON number from ``least`` to ``most``."""
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise InvalidInput.worded(
            field, N_("must be a whole number from %(least)s; enter digits only"), least=least
        )
    return value


def check_moment(value: object, *, field: str) -> datetime:
    """An ISO 8601 time with its UTC offset (``2026-11-25T15:00:00+00:00``)."""
    if isinstance(value, str) and len(value) <= 40:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            return parsed
    raise InvalidInput.worded(
        field,
        N_("%(value)s is not a time with its UTC offset; send one like 2026-11-25T10:00:00-05:00"),
        value=repr(str(value)[:40]),
    )


def check_items(value: object, *, field: str, least: int = 0, most: int = 100_000) -> list[Any]:
    """A JSON array of ``least`` to ``most`` items."""
    if not isinstance(value, list):
        raise InvalidInput.worded(
            field, N_("must be a list ([...]); send the items inside square brackets")
        )
    if not least <= len(value) <= most:
        raise InvalidInput.worded(
            field,
            N_("must hold %(least)s to %(most)s items; send between %(least)s and %(most)s"),
            least=least, most=most,
        )  # fmt: skip
    return value


def check_flag(value: object, *, field: str) -> bool:
    """A JSON ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise InvalidInput.worded(field, N_("must be true or false (without quotes)"))
    return value


def check_pin(value: object, *, field: str = "pin") -> str:
    """A PIN is 4 to 8 digits, given as text (so leading zeros survive)."""
    if (
        not isinstance(value, str)
        or not value.isascii()
        or not value.isdigit()
        or not 4 <= len(value) <= 8
    ):
        raise InvalidInput.worded(
            field, N_("type the PIN as 4 to 8 digits (0–9), with nothing else")
        )
    return value
