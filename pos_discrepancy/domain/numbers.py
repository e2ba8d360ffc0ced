"""Whole numbers people type or send: counts, sizes, seeds, limits.

One reading for every caller, with the sign rule explicit: whether text may carry a
minus sign is the caller's choice (a day's scan count sent by a system may arrive as
``"-3"``, a sample size typed by a manager never should), and either way a number
outside the range is refused as out of range, naming the range.
"""

from __future__ import annotations

from ..errors import N_, Count, InvalidInput

#: Longer digit strings are refused unread: no range here comes close.
MAX_DIGITS = 18


def whole_number(value: object, *, field: str, least: int, most: int, signed: bool) -> int:
    """A whole number ``least``–``most``: an ``int``, or its ASCII digits as text (spaces
    around it dropped); never a ``bool``, a ``float`` or ``"12.0"``.

    :param signed: text may start with ``-`` (``"-5"`` is then the number -5, refused as
        out of range when below ``least``). Without it a minus sign in text is not
        digits, and the message asks for digits only. An ``int`` is read with its sign
        either way.
    :raises InvalidInput: naming ``field``: not a whole number, or out of range.
    """
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if signed and text.startswith("-") else text
        if digits.isascii() and digits.isdigit():
            if len(digits) > MAX_DIGITS:
                raise InvalidInput.worded(
                    field,
                    N_("%(value)s… is far too large; give %(least)s to %(most)s"),
                    value=repr(text[:20]),
                    least=least,
                    most=Count(most),
                )
            value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput.worded(
            field,
            N_("%(value)s is not a whole number; give digits only, %(least)s to %(most)s"),
            value=repr(str(value)[:40]),
            least=least,
            most=Count(most),
        )
    if not least <= value <= most:
        raise InvalidInput.worded(
            field,
            N_("must be from %(least)s to %(most)s, not %(value)s"),
            least=least,
            most=Count(most),
            value=Count(value),
        )
    return value
