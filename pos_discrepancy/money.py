"""Money: an exact ``Decimal`` amount with an ISO 4217 currency.

Parse at the edge (``Money.parse``), compute in ``Decimal``, format for people at the
edge (``Money.format``). ``float`` is refused everywhere: a binary float cannot hold
most prices exactly (``0.1 + 0.2 != 0.3``).

Rounding is explicit: results of division or percentage arithmetic are rounded to the
currency's minor unit with ``ROUND_HALF_UP`` (the retail convention: half a cent goes up)
unless the caller names another mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Union

from .errors import InvalidInput

#: Minor-unit digits for the currencies a store is likely to use. Others may be added.
CURRENCY_DIGITS: dict[str, int] = {
    "AUD": 2,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CNY": 2,
    "CZK": 2,
    "DKK": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "HUF": 2,
    "ILS": 2,
    "INR": 2,
    "JPY": 0,
    "KRW": 0,
    "MXN": 2,
    "NOK": 2,
    "NZD": 2,
    "PLN": 2,
    "SEK": 2,
    "SGD": 2,
    "USD": 2,
    "ZAR": 2,
    "BHD": 3,
    "KWD": 3,
    "JOD": 3,
    "TND": 3,
    "ISK": 0,
    "CLP": 0,
    "VND": 0,
}

#: No shelf item costs this much; a larger amount is a typing or integration error.
MAX_AMOUNT = Decimal("1000000")

MoneyInput = Union["Money", str, int, Decimal]


def check_currency(currency: object, *, field: str = "currency") -> str:
    """Return ``currency`` if it is a supported ISO 4217 code, else raise ``InvalidInput``."""
    if not isinstance(currency, str) or currency.upper() not in CURRENCY_DIGITS:
        raise InvalidInput(
            f"{field}: {currency!r} is not a supported ISO 4217 currency code "
            f"(for example USD, EUR, CAD)",
            field=field,
        )
    return currency.upper()


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency. Immutable; arithmetic only within one currency."""

    amount: Decimal
    currency: str

    # --- construction -------------------------------------------------------------
    @classmethod
    def parse(
        cls,
        value: object,
        currency: str,
        *,
        field: str = "price",
        allow_negative: bool = False,
    ) -> Money:
        """Parse ``value`` (``str``, ``int``, ``Decimal`` or ``Money``) as a price.

        Refuses ``float``, ``bool``, NaN, infinities, empty strings, more decimal places
        than the currency has, negative amounts (unless ``allow_negative``) and amounts of
        a million or more. Every refusal is an ``InvalidInput`` naming ``field``.
        """
        currency = check_currency(currency)
        amount = _to_decimal(value, currency, field)
        if not amount.is_finite():
            raise InvalidInput(f"{field}: must be a finite amount, not {value!r}", field=field)
        if amount < 0 and not allow_negative:
            raise InvalidInput(f"{field}: must not be negative (got {amount})", field=field)
        if abs(amount) >= MAX_AMOUNT:
            raise InvalidInput(
                f"{field}: {amount} is not a plausible price (must be below {MAX_AMOUNT})",
                field=field,
            )
        digits = CURRENCY_DIGITS[currency]
        exponent = amount.as_tuple().exponent
        assert isinstance(exponent, int)  # finite, checked above
        if -exponent > digits:
            raise InvalidInput(
                f"{field}: {value!r} has more than {digits} decimal places for {currency}",
                field=field,
            )
        return cls(amount.quantize(Decimal(1).scaleb(-digits)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        currency = check_currency(currency)
        return cls(Decimal(0).quantize(Decimal(1).scaleb(-CURRENCY_DIGITS[currency])), currency)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        """Build from integer minor units (cents), as stored in the database."""
        digits = CURRENCY_DIGITS[check_currency(currency)]
        return cls(Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits)), currency)

    # --- conversion -----------------------------------------------------------------
    @property
    def minor(self) -> int:
        """The amount in integer minor units (cents)."""
        return int(self.amount.scaleb(CURRENCY_DIGITS[self.currency]))

    def __str__(self) -> str:
        """The plain decimal string the HTTP API sends (``"12.99"``)."""
        return str(self.amount)

    def format(self) -> str:
        """For people: ``"$12.99"``, ``"-$0.50"``, ``"12.99 EUR"``."""
        symbol = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "GBP": "£", "EUR": "€"}
        sign = "-" if self.amount < 0 else ""
        text = f"{abs(self.amount):,}"
        if self.currency in symbol:
            return f"{sign}{symbol[self.currency]}{text}"
        return f"{sign}{text} {self.currency}"

    # --- arithmetic -------------------------------------------------------------------
    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise InvalidInput(
                f"currency: cannot combine {self.currency} with {other.currency}",
                field="currency",
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: int) -> Money:
        """Multiply by a whole quantity (exact: no rounding needed)."""
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by a whole number; use scale()")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def scale(self, factor: Decimal | int, rounding: str = ROUND_HALF_UP) -> Money:
        """Multiply by a ``Decimal`` factor and round to the minor unit with ``rounding``."""
        if isinstance(factor, float):
            raise TypeError("factor must be Decimal or int, not float")
        exact = self.amount * Decimal(factor)
        return Money(self._quantize(exact, rounding), self.currency)

    def split(self, parts: int, rounding: str = ROUND_HALF_UP) -> Money:
        """One share of the amount divided into ``parts`` (e.g. the unit price of 3 for $10)."""
        if parts <= 0:
            raise InvalidInput("parts: must be a positive whole number", field="parts")
        return Money(self._quantize(self.amount / parts, rounding), self.currency)

    def _quantize(self, value: Decimal, rounding: str) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-CURRENCY_DIGITS[self.currency]), rounding)

    def percent_of(self, base: Money) -> Decimal:
        """``self`` as a percentage of ``base`` (exact ``Decimal``; ``base`` must be > 0)."""
        self._same(base)
        if base.amount <= 0:
            raise InvalidInput("base: a percentage needs a positive base", field="base")
        return self.amount * 100 / base.amount

    def _cmp(self, other: Money) -> tuple[Decimal, Decimal]:
        return self.amount, self._same(other).amount

    def __lt__(self, other: Money) -> bool:
        a, b = self._cmp(other)
        return a < b

    def __le__(self, other: Money) -> bool:
        a, b = self._cmp(other)
        return a <= b

    def __gt__(self, other: Money) -> bool:
        a, b = self._cmp(other)
        return a > b

    def __ge__(self, other: Money) -> bool:
        a, b = self._cmp(other)
        return a >= b

    def __bool__(self) -> bool:
        return self.amount != 0


def _to_decimal(value: object, currency: str, field: str) -> Decimal:
    if isinstance(value, Money):
        if value.currency != currency:
            raise InvalidInput(
                f"{field}: amount is in {value.currency}, the store uses {currency}",
                field=field,
            )
        return value.amount
    if isinstance(value, bool | float):
        raise InvalidInput(
            f'{field}: give prices as a decimal string such as "12.99", not a '
            f"{type(value).__name__}",
            field=field,
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise InvalidInput(f'{field}: is empty; give a price such as "12.99"', field=field)
        if len(text) > 32 or not _looks_decimal(text):
            raise InvalidInput(
                f"{field}: {value[:40]!r} is not a price; use digits with an optional "
                f'decimal point, such as "12.99"',
                field=field,
            )
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - _looks_decimal guards this
            raise InvalidInput(f"{field}: {value!r} is not a price", field=field) from None
    if value is None:
        raise InvalidInput(f"{field}: is required", field=field)
    raise InvalidInput(
        f'{field}: expected a decimal string such as "12.99", got {type(value).__name__}',
        field=field,
    )


def _looks_decimal(text: str) -> bool:
    """Plain decimal notation only: optional sign, digits, optional point and digits."""
    body = text[1:] if text[0] in "+-" else text
    whole, _, fraction = body.partition(".")
    if not whole and not fraction:
        return False
    return (whole == "" or (whole.isascii() and whole.isdigit())) and (
        fraction == "" or (fraction.isascii() and fraction.isdigit())
    )
