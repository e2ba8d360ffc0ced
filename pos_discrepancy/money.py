"""Money: an exact ``Decimal`` amount with an ISO 4217 currency.

Parse at the edge (``Money.parse``), compute in ``Decimal``, format for people at the
edge (``Money.format``). ``float`` is refused everywhere: a binary float cannot hold
most prices exactly (``0.1 + 0.2 != 0.3``).

Rounding rule: addition, subtraction and multiplication by a whole quantity are exact
and never round. Only ``scale`` (a ``Decimal`` factor, e.g. a percentage) and ``split``
(a share of ``parts``) can produce fractions of the minor unit; they round the exact
result once, to the currency's minor unit, with ``ROUND_HALF_UP`` (the retail
convention: half a cent goes away from zero, so 0.005 -> 0.01 and -0.005 -> -0.01)
unless the caller names another ``decimal`` rounding mode.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Union

from babel.numbers import format_currency

from .errors import N_, InvalidInput

#: Minor-unit digits (ISO 4217) for the currencies a store is likely to use. Others may be
#: added.
CURRENCY_DIGITS: dict[str, int] = {
    **dict.fromkeys(("CLP", "ISK", "JPY", "KRW", "VND"), 0),
    **dict.fromkeys(
        ("AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "ILS"), 2
    ),
    **dict.fromkeys(("INR", "MXN", "NOK", "NZD", "PLN", "SEK", "SGD", "USD", "ZAR"), 2),
    **dict.fromkeys(("BHD", "JOD", "KWD", "TND"), 3),
}

#: No shelf item costs this much; a larger amount is a typing or integration error.
MAX_AMOUNT = Decimal("1000000")

#: The rounding modes ``scale`` and ``split`` accept (those of the ``decimal`` module).
ROUNDING_MODES = frozenset(
    {
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_05UP,
    }
)

# Arithmetic in this context never rounds: the default context keeps only 28 significant
# digits, which would silently round a large enough product.
_EXACT = Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_QUANTUM = {digits: Decimal(1).scaleb(-digits) for digits in set(CURRENCY_DIGITS.values())}
_MAX_TEXT = 32  # longer price text is refused before any parsing work

MoneyInput = Union["Money", str, int, Decimal]


def check_currency(currency: object, *, field: str = "currency") -> str:
    """Return ``currency`` (upper-cased) if it is a supported ISO 4217 code.

    :raises InvalidInput: naming ``field`` for anything else.
    """
    if not isinstance(currency, str) or currency.upper() not in CURRENCY_DIGITS:
        raise InvalidInput.worded(
            field,
            N_("%(value)s is not a supported ISO 4217 currency code (for example USD, EUR, CAD)"),
            value=repr(str(currency)[:20]),
        )
    return currency.upper()


def parse_decimal(
    value: object,
    *,
    field: str,
    max_places: int,
    allow_negative: bool = False,
    maximum: Decimal | None = None,
    unit: str = "",
) -> Decimal:
    """Parse a plain decimal number (``str``, ``int`` or ``Decimal``) exactly.

    The building block of ``Money.parse`` and of policy amounts, which have no currency
    yet. Refuses ``float``, ``bool``, ``None``, NaN, infinities, blank text, exponent
    notation (``"1e3"``), more than ``max_places`` decimal places (trailing zeros count:
    ``"1.000"`` has three), negatives (unless ``allow_negative``) and magnitudes at or
    above ``maximum``. ``unit`` ends the decimal-places message (``" for USD"``).

    :raises InvalidInput: naming ``field``, for every refusal.
    """
    amount = _to_decimal(value, field)
    if not amount.is_finite():
        raise InvalidInput.worded(
            field, N_("must be a finite amount, not %(value)s"), value=repr(value)
        )
    if amount < 0 and not allow_negative:
        raise InvalidInput.worded(field, N_("must not be negative (got %(amount)s)"), amount=amount)
    if maximum is not None and abs(amount) >= maximum:
        raise InvalidInput.worded(
            field,
            N_("%(amount)s is not plausible here (must be below %(maximum)s)"),
            amount=amount,
            maximum=maximum,
        )
    quantum = _QUANTUM.get(max_places) or Decimal(1).scaleb(-max_places)
    if amount.same_quantum(quantum):  # the common case, and cheaper than as_tuple()
        return amount
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if -exponent > max_places:
        raise _too_many_places(value, field=field, places=max_places, unit=unit)
    return amount


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency. Immutable; arithmetic only within one currency.

    The amount always carries exactly the currency's minor-unit digits (``12.50`` for
    USD, ``1000`` for JPY, ``1.250`` for KWD), so ``str(money)`` is the canonical text.
    Build one with :meth:`parse` (input from outside) or :meth:`from_minor` (storage);
    the constructor itself accepts only a finite ``Decimal`` that is exact in the minor
    unit and a supported currency code, and raises ``TypeError``/``ValueError`` otherwise
    (a programming error, not bad input).
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        digits = CURRENCY_DIGITS.get(self.currency)
        if digits is None:
            raise ValueError(f"Money: {self.currency!r} is not a supported currency code")
        amount = self.amount
        if type(amount) is not Decimal or not amount.is_finite():
            raise TypeError(f"Money: amount must be a finite Decimal, not {amount!r}")
        if not amount.same_quantum(_QUANTUM[digits]) or (not amount and amount.is_signed()):
            exact = amount.quantize(_QUANTUM[digits], context=_EXACT)
            if exact != amount:
                raise ValueError(
                    f"Money: {amount} has more than {digits} decimal places for {self.currency}"
                )
            # -0.00 prints as "-0.00"; a price of zero has no sign.
            object.__setattr__(self, "amount", exact if exact else exact.copy_abs())

    @classmethod
    def _trusted(cls, amount: Decimal, currency: str) -> Money:
        """Build without the checks, for amounts exact in the minor unit by construction
        (sums, products and quantized values of valid Money): the register's hot path."""
        money = object.__new__(cls)
        object.__setattr__(money, "amount", amount if amount else amount.copy_abs())
        object.__setattr__(money, "currency", currency)
        return money

    # --- construction -------------------------------------------------------------
    @classmethod
    def parse(
        cls,
        value: object,
        currency: str,
        *,
        field: str = "price",
        allow_negative: bool = False,
        maximum: Decimal | None = MAX_AMOUNT,
    ) -> Money:
        """Parse ``value`` (``str``, ``int``, ``Decimal`` or ``Money``) as a price.

        Refuses ``float``, ``bool``, ``None``, NaN, infinities, blank strings, exponent
        notation, more decimal places than the currency has (``"1.005"`` and also
        ``"1.000"`` for USD; ``"100.0"`` for JPY), negative amounts (unless
        ``allow_negative``), amounts of a million or more (``maximum``; ``None`` for line
        totals, which a quantity can take past it), a ``Money`` in another currency, and
        unknown currency codes (``field`` ``"currency"``).

        :raises InvalidInput: naming ``field`` (or ``currency``), for every refusal.
        """
        currency = check_currency(currency)
        if isinstance(value, Money):
            if value.currency != currency:
                raise InvalidInput.worded(
                    field,
                    N_("amount is in %(currency)s, the store uses %(store_currency)s"),
                    currency=value.currency,
                    store_currency=currency,
                )
            value = value.amount
        digits = CURRENCY_DIGITS[currency]
        amount = parse_decimal(
            value,
            field=field,
            max_places=digits,
            allow_negative=allow_negative,
            maximum=maximum,
            unit=f" for {currency}",
        )
        if not amount.same_quantum(_QUANTUM[digits]):
            amount = amount.quantize(_QUANTUM[digits], context=_EXACT)
        return cls._trusted(amount, currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        currency = check_currency(currency)
        return cls._trusted(_QUANTUM[CURRENCY_DIGITS[currency]] * 0, currency)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        """Build from whole minor units (cents; yen for JPY), as stored in the database."""
        if isinstance(minor, bool) or not isinstance(minor, int):
            raise TypeError(f"minor units must be an int, not {type(minor).__name__}")
        currency = check_currency(currency)
        digits = CURRENCY_DIGITS[currency]
        return cls._trusted(Decimal(minor).scaleb(-digits, context=_EXACT), currency)

    # --- conversion -----------------------------------------------------------------
    @property
    def minor(self) -> int:
        """The amount in whole minor units (cents), exact."""
        return int(self.amount.scaleb(CURRENCY_DIGITS[self.currency], context=_EXACT))

    def __str__(self) -> str:
        """The plain decimal string the HTTP API sends (``"12.99"``); ``parse`` reads it."""
        return str(self.amount)

    def format(self, locale: str = "en_US") -> str:
        """For people, in ``locale`` (Babel's CLDR patterns): ``"$1,234.50"``, ``"-$0.50"``,
        ``"€12.99"`` in ``en_US``; ``"9,98 $"`` (CAD) in ``fr_CA``; ``"$9.98"`` (CAD) in
        ``en_CA``. Formatting only reads Babel's bundled data; it changes nothing."""
        return format_currency(self.amount, self.currency, locale=locale)

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
        """Exact sum; both amounts must be in the same currency."""
        return Money._trusted(_EXACT.add(self.amount, self._same(other).amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        """Exact difference (may be negative); both amounts in the same currency."""
        amount = _EXACT.subtract(self.amount, self._same(other).amount)
        return Money._trusted(amount, self.currency)

    def __neg__(self) -> Money:
        return Money._trusted(self.amount.copy_negate(), self.currency)

    def __abs__(self) -> Money:
        return Money._trusted(self.amount.copy_abs(), self.currency)

    def __mul__(self, factor: int) -> Money:
        """Multiply by a whole quantity (exact: no rounding needed)."""
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by a whole number; use scale()")
        if factor == 1:  # a line of one item, the usual scan: nothing to work out
            return self
        return Money._trusted(_EXACT.multiply(self.amount, Decimal(factor)), self.currency)

    __rmul__ = __mul__

    def scale(self, factor: Decimal | int, rounding: str = ROUND_HALF_UP) -> Money:
        """Multiply by ``factor`` and round the exact product once to the minor unit.

        ``Money.parse("0.99", "USD").scale(Decimal("0.5"))`` is ``0.50`` (0.495, half up);
        with ``rounding=ROUND_HALF_EVEN`` it is ``0.50`` too, with ``ROUND_DOWN`` ``0.49``.
        """
        if isinstance(factor, bool | float) or not isinstance(factor, int | Decimal):
            raise TypeError("factor must be a Decimal or an int (never a float)")
        factor = Decimal(factor)
        if not factor.is_finite():
            raise ValueError(f"factor must be finite, not {factor}")
        exact = _EXACT.multiply(self.amount, factor)
        return Money._trusted(self._round(exact, rounding), self.currency)

    def split(self, parts: int, rounding: str = ROUND_HALF_UP) -> Money:
        """One share of the amount divided into ``parts``, rounded once to the minor unit.

        The unit price of "3 for $10.00" is ``Money.parse("10.00", "USD").split(3)`` =
        ``3.33`` (3.333…); of "3 for $10.01" ``3.34`` with ``ROUND_UP``. The shares need not
        add back up to the whole: that is the caller's business.
        """
        if isinstance(parts, bool) or not isinstance(parts, int) or parts <= 0:
            raise InvalidInput("parts: must be a positive whole number", field="parts")
        _check_rounding(rounding)
        minor = self.minor
        # Truncating the quotient to this many digits keeps enough of it to round exactly
        # (a remainder r/parts is at least 1/parts away from every rounding boundary).
        precision = len(str(abs(minor))) + 2 * len(str(parts)) + 3
        quotient = Context(prec=precision, rounding=ROUND_DOWN).divide(
            Decimal(minor), Decimal(parts)
        )
        share = quotient.quantize(Decimal(1), rounding=rounding, context=_EXACT)
        return Money.from_minor(int(share), self.currency)

    def _round(self, value: Decimal, rounding: str) -> Decimal:
        _check_rounding(rounding)
        return value.quantize(
            _QUANTUM[CURRENCY_DIGITS[self.currency]], rounding=rounding, context=_EXACT
        )

    def percent_of(self, base: Money) -> Decimal:
        """``self`` as a percentage of ``base`` (``Decimal``, 28 significant digits).

        :raises InvalidInput: when ``base`` is not positive.
        """
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


def _check_rounding(rounding: object) -> None:
    if rounding not in ROUNDING_MODES:
        raise ValueError(f"rounding must be one of the decimal ROUND_* modes, not {rounding!r}")


def _show(value: object) -> str:
    """A short printable form of a value for an error message."""
    return repr(value[:40] if isinstance(value, str) else value)


def _too_many_places(value: object, *, field: str, places: int, unit: str) -> InvalidInput:
    """The refusal of more than ``places`` decimal places; ``unit`` (`` for USD``, the only
    one Money.parse gives) is worded as the currency's own sentence."""
    shown = _show(value)
    if not unit:
        return InvalidInput.worded(
            field, N_("%(value)s has more than %(places)s decimal places"), value=shown,
            places=places,
        )  # fmt: skip
    if unit.startswith(" for "):
        return InvalidInput.worded(
            field, N_("%(value)s has more than %(places)s decimal places for %(currency)s"),
            value=shown, places=places, currency=unit.removeprefix(" for "),
        )  # fmt: skip
    message = f"{field}: {shown} has more than {places} decimal places{unit}"
    return InvalidInput(message, field=field)


def _to_decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool | float):
        raise InvalidInput.worded(
            field,
            N_('give amounts as a decimal string such as "12.99", not a %(kind)s'),
            kind=type(value).__name__,
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise InvalidInput.worded(field, N_('is empty; give an amount such as "12.99"'))
        if len(text) > _MAX_TEXT or not _looks_decimal(text):
            raise InvalidInput.worded(
                field,
                N_('%(value)s is not an amount; use digits with an optional decimal point, '
                   'such as "12.99"'),
                value=_show(value),
            )  # fmt: skip
        return Decimal(text)
    if value is None:
        raise InvalidInput.worded(field, N_('enter an amount such as "12.99"; it is missing'))
    raise InvalidInput.worded(
        field,
        N_('expected a decimal string such as "12.99", got %(kind)s'),
        kind=type(value).__name__,
    )


def _looks_decimal(text: str) -> bool:
    """Plain decimal notation only: optional sign, ASCII digits, optional point and digits."""
    body = text[1:] if text[0] in "+-" else text
    whole, _, fraction = body.partition(".")
    if not whole and not fraction:
        return False
    return (whole == "" or (whole.isascii() and whole.isdigit())) and (
        fraction == "" or (fraction.isascii() and fraction.isdigit())
    )
