"""The field types of the request models, each checked by the validator the Python API
uses (:mod:`pos_discrepancy.inputs`, ``Money.parse``, ...), so messages are the same
wherever a value comes in.

A type is ``Annotated[output, BeforeValidator(...)]``: the validator runs on the raw JSON
value and returns the clean one. ``json_schema_input_type`` says what the document shows
a client may send, where that differs from the clean value (an amount as text or a JSON
number, a quantity as a number or its digits). A refusal becomes a pydantic error whose
text is the validator's message without the field name; :mod:`.validation` puts the
field's full path back in front.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..errors import InvalidInput
from ..ids import check_uuid
from ..inputs import (
    MAX_QUANTITY,
    check_choice,
    check_code,
    check_date,
    check_flag,
    check_integer,
    check_items,
    check_moment,
    check_pin,
    check_quantity,
    check_text,
    check_word,
)
from ..money import CURRENCY_DIGITS, Money, parse_decimal
from ..prices import check_sku

Check = Callable[..., Any]
#: Code of the pydantic errors made from an ``InvalidInput`` (see :mod:`.validation`).
REFUSED = "posdisc_refused"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
WORD_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
AMOUNT_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
SIGNED_AMOUNT_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
#: Amounts at or above this (in major units) are not plausible at a register (sync).
MONEY_LIMIT = Decimal(10) ** 12
_MOST_DIGITS = max(CURRENCY_DIGITS.values())


def refusal(error: InvalidInput, field: str) -> PydanticCustomError:
    """``error`` as a pydantic error; its text loses the leading ``field:``."""
    detail = error.message.removeprefix(f"{field}:").strip()
    context: dict[str, object] = {"detail": detail}
    if error.template is not None:  # kept, so a page can word the problem (errors.worded)
        context.update(template=error.template, values=error.values)
    return PydanticCustomError(REFUSED, "{detail}", context)


class FieldCheck:
    """A field's check, ``check(value, field=name, **options)``, as a pydantic validator.

    pydantic calls it with the field's :class:`ValidationInfo`; the Python API's fast path
    (:func:`~.validation.validate_values`) calls ``check`` itself. With ``optional``,
    ``None`` stays ``None`` (left out); with ``currency``, the check is also given
    ``currency=`` from the validation context.
    """

    __slots__ = ("check", "currency", "optional", "options")

    def __init__(
        self, check: Check, *, optional: bool = False, currency: bool = False, **options: Any
    ) -> None:
        self.check, self.optional, self.currency, self.options = check, optional, currency, options

    def __call__(self, value: object, info: ValidationInfo) -> Any:
        if self.optional and value is None:
            return None
        field = info.field_name or "value"
        options = self.options
        if self.currency:
            options = {**options, "currency": (info.context or {}).get("currency")}
        try:
            return self.check(value, field=field, **options)
        except InvalidInput as error:
            raise refusal(error, field) from None


def checked(
    output: Any, check: Check, *, shown: Any = None, optional: bool = False, **options: Any
) -> Any:
    """``output`` checked by ``check``; the document shows ``shown`` (default ``output``)."""
    extra = {} if shown is None else {"json_schema_input_type": shown}
    return Annotated[
        output, BeforeValidator(FieldCheck(check, optional=optional, **options), **extra)
    ]


def _choice(value: object, *, field: str, enum: type[StrEnum]) -> str:
    return check_choice(value, enum, field=field).value


def choice(enum: type[StrEnum], *, optional: bool = False) -> Any:
    """One of ``enum``'s values, as text (the document lists them)."""
    if optional:
        return checked(str | None, _choice, shown=enum | None, optional=True, enum=enum)
    return checked(str, _choice, shown=enum, enum=enum)


def text(max_length: int) -> Any:
    """Optional free text, whitespace-collapsed; blank is ``None`` (``check_text``)."""
    shown = Annotated[str, Field(max_length=max_length)] | None
    return checked(str | None, check_text, shown=shown, max_length=max_length)


def _amount(value: object, *, field: str, currency: str | None) -> Decimal:
    """``Money.parse`` in the store's currency (``context["currency"]``); without one,
    exactly as a decimal of at most the most minor-unit digits any currency has.

    ``None`` is refused as ``Money.parse`` refuses it (the amount is missing)."""
    if currency is None:
        return parse_decimal(value, field=field, max_places=_MOST_DIGITS)
    return Money.parse(value, currency, field=field).amount


def _minor_units(value: object, info: ValidationInfo) -> int | None:
    """A sync amount, signed, in the store's currency, as integer minor units."""
    if value is None:
        return None
    field = info.field_name or "value"
    currency = (info.context or {})["currency"]  # sync is always read for one store
    try:
        return Money.parse(
            value, currency, field=field, allow_negative=True, maximum=MONEY_LIMIT
        ).minor
    except InvalidInput as error:
        raise refusal(error, field) from None


#: A JSON number, read exactly from its text (never through a binary float).
JsonNumber = Annotated[Decimal, WithJsonSchema({"type": "number"})]
AmountText = Annotated[str, Field(pattern=AMOUNT_PATTERN, examples=["9.98"])]
MoneyText = Annotated[
    str,
    Field(
        pattern=SIGNED_AMOUNT_PATTERN,
        description="A decimal amount in the store's currency, as text.",
        examples=["9.98"],
    ),
]
_AMOUNT_IN = AmountText | JsonNumber

Code = checked(Annotated[str, Field(pattern=CODE_PATTERN)], check_code)
OptionalCode = checked(
    Annotated[str, Field(pattern=CODE_PATTERN)] | None, check_code, optional=True
)
Sku = checked(Annotated[str, Field(min_length=1, max_length=40)], check_sku)
Amount = checked(Decimal, _amount, shown=_AMOUNT_IN, currency=True)
OptionalAmount = checked(
    Decimal | None, _amount, shown=_AMOUNT_IN | None, optional=True, currency=True
)
SyncAmount = Annotated[int, BeforeValidator(_minor_units, json_schema_input_type=MoneyText)]
OptionalSyncAmount = Annotated[
    int | None, BeforeValidator(_minor_units, json_schema_input_type=MoneyText | None)
]
_QUANTITY = Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
Quantity = checked(
    _QUANTITY, check_quantity, shown=_QUANTITY | Annotated[str, Field(pattern=r"^[0-9]{1,4}$")]
)
OptionalDate = checked(date | None, check_date)
Flag = checked(bool, check_flag)
Pin = checked(Annotated[str, Field(pattern=r"^[0-9]{4,8}$")], check_pin)
Uuid = checked(str, check_uuid, shown=uuid.UUID)
OptionalUuid = checked(str | None, check_uuid, shown=uuid.UUID | None, optional=True)
Word = checked(Annotated[str, Field(pattern=WORD_PATTERN)], check_word)
OptionalWord = checked(
    Annotated[str, Field(pattern=WORD_PATTERN)] | None, check_word, optional=True
)
Moment = checked(datetime, check_moment)
OptionalMoment = checked(datetime | None, check_moment, optional=True)
Seq = checked(Annotated[int, Field(ge=1, le=2**62)], check_integer)


def array(item: Any, *, least: int = 0, most: int = 100_000) -> Any:
    """A JSON array of ``least`` to ``most`` ``item`` values (``check_items``)."""
    return checked(
        Annotated[list[item], Field(min_length=least, max_length=most)],  # type: ignore[valid-type]
        check_items,
        least=least,
        most=most,
    )


@contextmanager
def register_field_allowed() -> Iterator[None]:
    """Define models with a field named ``register`` inside this.

    pydantic warns that such a field shadows ``ABCMeta.register`` (models are ABCs);
    nobody registers virtual subclasses of a request, so the field may have that name.
    Give it an explicit ``Field(...)``: a bare annotation would take the inherited
    ``register`` method as its default and make the field optional.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r'Field name "register"', UserWarning)
        yield
