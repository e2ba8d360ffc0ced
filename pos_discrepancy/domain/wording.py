"""What the domain needs to write for people, given by the caller (the store's words).

The domain does no I/O and knows no catalog: a function that writes text for people takes
a :class:`Wording` (in practice :class:`pos_discrepancy.i18n.Words` of the store's
locale). Text the domain defines at module level is marked with :func:`N_` so the
catalogs carry it, and is translated where it is written out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from ..money import Money


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs; it is translated where it is shown."""
    return message


class Wording(Protocol):
    """Messages, numbers and money in one locale (see :class:`pos_discrepancy.i18n.Words`)."""

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in the locale, ``%(name)s`` placeholders filled from ``values``."""
        ...

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form ``count`` needs; ``%(num)s`` is ``count`` written out."""
        ...

    def number(self, value: int | float | Decimal) -> str:
        """A number with the locale's separators."""
        ...

    def money(self, money: Money) -> str:
        """Money written for the locale."""
        ...
