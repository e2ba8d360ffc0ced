"""The request bodies of the register's HTTP API, one model each (design §5).

Fields the desk alone can judge (an ``action`` among the offered options, a multi-buy
or displayed prices, which need the price rules) are shaped here and checked there.
Amounts are read in the store's currency when ``context={"currency": ...}`` is given
(see :func:`~pos_discrepancy.schemas.validation.validate`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..domain import Cause, RecordedOutcome
from .fields import (
    _AMOUNT_IN,
    Amount,
    Code,
    FieldCheck,
    Flag,
    OptionalAmount,
    OptionalDate,
    Pin,
    Quantity,
    Sku,
    choice,
    register_field_allowed,
    text,
)


def _as_sent(value: object, *, field: str) -> object:
    return value


def desk_checked(shown: Any) -> Any:
    """A field passed on as sent, for the desk to check; the document shows ``shown``."""
    return Annotated[Any, BeforeValidator(FieldCheck(_as_sent), json_schema_input_type=shown)]


class Request(BaseModel):
    """A request body: unknown fields are refused, values are kept as checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MultiBuyTotal(BaseModel):
    """A multi-buy tag as numbers: ``count`` items for ``total``."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=1)
    total: _AMOUNT_IN  # type: ignore[valid-type]


class DisplayedPrice(BaseModel):
    """Another price the customer was shown (a sign, a screen, a flyer)."""

    model_config = ConfigDict(extra="forbid")
    source: str = "other"
    price: _AMOUNT_IN  # type: ignore[valid-type]


with register_field_allowed():

    class CheckRequest(Request):
        """``POST /api/v1/checks``: a scan against the shelf tag."""

        store: Code = Field(description="The store; must be the token's store.")
        register: Code = Field(description="The register; must be the token's.")
        cashier: Code = Field(description="Cashier code (need not be registered).")
        sku: Sku = Field(description="The item's code (GTIN or the store's own).")
        shelf_price: Amount = Field(description="The price on the shelf tag.")
        scanned_price: OptionalAmount = Field(
            None, description="What the POS charged; left out or null: the price file's."
        )
        quantity: Quantity = Field(1, description="Units scanned, 1 to 9999.")
        location: text(64) = Field(None, description="Where the tag hangs, e.g. A7-B3.")
        promo_ends: OptionalDate = Field(None, description="Last day printed on a sale tag.")
        multi_buy: desk_checked(
            Annotated[str, Field(examples=["3 for 10.00"])] | MultiBuyTotal | None
        ) = Field(None, description='A multi-buy tag: "3 for 10.00" or {count, total}.')
        displayed_prices: desk_checked(
            Annotated[list[DisplayedPrice], Field(max_length=10)] | None
        ) = Field(None, description="Other prices shown (sign, screen, flyer).")
        tag_barcode: text(40) = Field(None, description="The barcode printed on the shelf tag.")
        description: text(200) = Field(None, description="Item description, if the POS knows it.")


class DecisionRequest(Request):
    """``POST /api/v1/incidents/{id}/decision``: the cashier's choice."""

    action: desk_checked(str) = Field(
        description="One of the offered options' actions: honor, escalate, decline, ..."
    )
    cashier: Code
    customer_outcome: choice(RecordedOutcome, optional=True) = None
    note: text(500) = None
    goodwill: OptionalAmount = Field(None, description="A gesture beyond the price.")


class ApprovalRequest(Request):
    """``POST /api/v1/incidents/{id}/approval``: a manager approves or denies."""

    manager: Code
    pin: Pin = Field(description="The manager's PIN, as text.")
    approve: Flag = Field(description="true approves, false denies.")
    note: text(500) = None
    customer_outcome: choice(RecordedOutcome, optional=True) = None


class FixRequest(Request):
    """``POST /api/v1/incidents/{id}/fix``: ops staff mark the shelf tag fixed."""

    staff: Code
    cause: choice(Cause, optional=True) = None


class OutcomeRequest(Request):
    """``POST /api/v1/incidents/{id}/outcome``: did the customer buy the item?"""

    customer_outcome: choice(RecordedOutcome)
    staff: Code


class BonusClaimRequest(Request):
    """``POST /api/v1/incidents/{id}/bonus-claim``: a Michigan bonus claim."""

    staff: Code
    note: text(500) = None


def plain(request: Request) -> dict[str, Any]:
    """The request's fields as keyword arguments for the desk; an optional ``None`` is
    left out (a required field sent as ``null`` goes on, for the desk to refuse)."""
    required = {name for name, field in type(request).model_fields.items() if field.is_required()}
    return {k: v for k, v in request.model_dump().items() if v is not None or k in required}
