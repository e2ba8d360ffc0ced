"""The self-audit's models: start, finding, score requests and the audit record
(docs/outcomes.md, "Self-audit").

``size`` and ``seed`` are passed on as sent and judged by the desk (the sample needs the
store's item count), so the API, the CLI and the Python API refuse them in the same
words. Prices are read as ``Money.parse`` reads them for the store's currency.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .fields import Amount, Code, MoneyText, OptionalCode, Sku
from .records import Record
from .requests import Request, desk_checked

Percent = Annotated[str | None, Field(pattern=r"^[0-9]+\.[0-9]{2}$", examples=["98.00"])]
Moment = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class AuditStartRequest(Request):
    """``POST /api/v1/audits``: draw a sample of the store's price file, by aisle."""

    store: OptionalCode = Field(None, description="Default (and must be) the token's store.")
    size: desk_checked(Annotated[int, Field(ge=1)]) = Field(  # type: ignore[valid-type]
        description="Items to sample: a whole number from 1 to the store's item count."
    )
    seed: desk_checked(Annotated[int, Field(ge=0)] | None) = Field(  # type: ignore[valid-type]
        None, description="The draw's seed (same seed, same file: same sample); default random."
    )
    by: Code = Field(description="The staff code of the manager, ops or admin auditing.")


class AuditFindingRequest(Request):
    """``POST /api/v1/audits/{audit_id}/findings``: one sampled item's shelf and scan."""

    store: OptionalCode = Field(None, description="Default (and must be) the token's store.")
    sku: Sku = Field(description="A SKU of the audit's sample.")
    shelf_price: Amount = Field(description="The price on the shelf tag.")
    scanned_price: Amount = Field(description="The price the register scanned.")
    by: Code = Field(description="The staff code of whoever checked the item.")


class AuditScoreRequest(Request):
    """``POST /api/v1/audits/{audit_id}/score``: close the audit with its score."""

    store: OptionalCode = Field(None, description="Default (and must be) the token's store.")
    by: Code = Field(description="The staff code of the manager, ops or admin scoring.")


class AuditStratum(Record):
    """One aisle of the price file: its items and how many were sampled."""

    aisle: str = Field(description='The aisle; "" is the unknown aisle.')
    items: int
    sampled: int


class AuditScore(Record):
    """The score: accuracy = right / checked × 100 (rounded down), pass at 98 %."""

    sampled: int
    checked: int
    not_checked: int
    right: int
    wrong: int
    overcharges: int = Field(description="Scanned above the shelf price.")
    undercharges: int = Field(description="Scanned below the shelf price.")
    overcharged: MoneyText
    undercharged: MoneyText
    accuracy_percent: Percent
    overcharge_accuracy_percent: Percent
    pass_line_percent: str
    passed: bool | None = Field(description="null: nothing checked yet.")


class AuditItem(Record):
    """A sampled item and its finding (null prices: not checked yet)."""

    sku: str
    description: str
    aisle: str
    system_price: MoneyText
    shelf_price: MoneyText | None
    scanned_price: MoneyText | None
    result: Literal["right", "overcharge", "undercharge"] | None
    checked_by: str | None
    checked_at: Moment | None


class AuditSummary(Record):
    """An audit without its items."""

    store: str
    id: str = Field(json_schema_extra={"format": "uuid"})
    seed: int
    size: int
    items_in_file: int
    unknown_aisle_items: int = Field(description="Items with no known aisle: one stratum.")
    currency: str
    started_at: Moment
    started_by: str
    scored_at: Moment | None = Field(description="Set once scored; then findings are closed.")
    scored_by: str | None
    strata: list[AuditStratum]
    score: AuditScore


class AuditRecord(AuditSummary):
    """An audit with its sampled items, in the order of the audit sheet."""

    items: list[AuditItem]


class AuditList(Record):
    """The store's audits, newest first."""

    audits: list[AuditSummary]


__all__ = [
    "AuditFindingRequest",
    "AuditItem",
    "AuditList",
    "AuditRecord",
    "AuditScore",
    "AuditScoreRequest",
    "AuditStartRequest",
    "AuditStratum",
    "AuditSummary",
]
