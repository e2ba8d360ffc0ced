"""A self-audit and its score (docs/outcomes.md, "Self-audit").

An item is **right** when the price it scans at equals its shelf price; scanned above
the shelf is an **overcharge**, below an **undercharge** (both wrong, counted apart:
inspectors fine on overcharges). The store's **accuracy** is items right / items checked
× 100, and the store **passes** at 98 % or more (NIST Handbook 130), judged on the exact
ratio. The percentage shown is rounded *down* to two places, so a figure that reads
98.00 never belongs to a store that fails.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ..money import Money
from .audit_sample import Stratum

#: The inspection pass line: this share of the checked items (percent) priced right.
PASS_LINE_PERCENT = Decimal(98)
_CENTS = Decimal("0.01")
RIGHT, OVERCHARGE, UNDERCHARGE = "right", "overcharge", "undercharge"


def verdict(shelf_price: Money, scanned_price: Money) -> str:
    """``right``, ``overcharge`` (scanned above the shelf) or ``undercharge``."""
    if scanned_price > shelf_price:
        return OVERCHARGE
    if scanned_price < shelf_price:
        return UNDERCHARGE
    return RIGHT


def percent_down(part: int, whole: int) -> Decimal | None:
    """``part / whole × 100`` rounded down to two places; ``None`` when ``whole`` is 0."""
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(_CENTS, rounding=ROUND_FLOOR)


@dataclass(frozen=True, slots=True)
class AuditItem:
    """One sampled item: what the sheet prints, and what was found (``None``: not yet)."""

    sku: str
    description: str
    aisle: str
    system_price: Money
    shelf_price: Money | None = None
    scanned_price: Money | None = None
    checked_by: str | None = None
    checked_at: datetime | None = None

    @property
    def checked(self) -> bool:
        """Whether both prices were recorded."""
        return self.shelf_price is not None and self.scanned_price is not None

    @property
    def result(self) -> str | None:
        """:func:`verdict` of the finding, or ``None`` before it is recorded."""
        if self.shelf_price is None or self.scanned_price is None:
            return None
        return verdict(self.shelf_price, self.scanned_price)

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON (money as decimal text)."""
        return {
            "sku": self.sku,
            "description": self.description,
            "aisle": self.aisle,
            "system_price": str(self.system_price.amount),
            "shelf_price": None if self.shelf_price is None else str(self.shelf_price.amount),
            "scanned_price": None if self.scanned_price is None else str(self.scanned_price.amount),
            "result": self.result,
            "checked_by": self.checked_by,
            "checked_at": None if self.checked_at is None else self.checked_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class AuditScore:
    """The store's score over the checked items (see the module's docstring)."""

    sampled: int
    checked: int
    right: int
    overcharges: int
    undercharges: int
    overcharged: Money
    undercharged: Money

    @property
    def not_checked(self) -> int:
        """Sampled items without a finding (left out of the score)."""
        return self.sampled - self.checked

    @property
    def wrong(self) -> int:
        """Items checked whose scan differs from the shelf."""
        return self.overcharges + self.undercharges

    @property
    def accuracy_percent(self) -> Decimal | None:
        """Items right / items checked × 100, rounded down to 2 places."""
        return percent_down(self.right, self.checked)

    @property
    def overcharge_accuracy_percent(self) -> Decimal | None:
        """The same, counting only overcharges as wrong."""
        return percent_down(self.checked - self.overcharges, self.checked)

    @property
    def passed(self) -> bool | None:
        """At or above the 98 % pass line (exact ratio); ``None`` with nothing checked."""
        if self.checked == 0:
            return None
        return self.right * 100 >= PASS_LINE_PERCENT * self.checked

    def to_dict(self) -> dict[str, Any]:
        """The score as JSON."""
        shown = self.accuracy_percent
        over = self.overcharge_accuracy_percent
        return {
            "sampled": self.sampled,
            "checked": self.checked,
            "not_checked": self.not_checked,
            "right": self.right,
            "wrong": self.wrong,
            "overcharges": self.overcharges,
            "undercharges": self.undercharges,
            "overcharged": str(self.overcharged.amount),
            "undercharged": str(self.undercharged.amount),
            "accuracy_percent": None if shown is None else str(shown),
            "overcharge_accuracy_percent": None if over is None else str(over),
            "pass_line_percent": str(PASS_LINE_PERCENT),
            "passed": self.passed,
        }


def score(items: Iterable[AuditItem], *, currency: str) -> AuditScore:
    """Score the sampled ``items`` (unchecked ones count as sampled, not checked)."""
    sampled = checked = right = overcharges = undercharges = 0
    overcharged = undercharged = Money.zero(currency)
    for item in items:
        sampled += 1
        if item.shelf_price is None or item.scanned_price is None:
            continue
        checked += 1
        found = verdict(item.shelf_price, item.scanned_price)
        if found == RIGHT:
            right += 1
        elif found == OVERCHARGE:
            overcharges += 1
            overcharged += item.scanned_price - item.shelf_price
        else:
            undercharges += 1
            undercharged += item.shelf_price - item.scanned_price
    return AuditScore(sampled, checked, right, overcharges, undercharges, overcharged, undercharged)


@dataclass(frozen=True)
class Audit:
    """A self-audit as recorded: its sample, findings and score (``scored_at`` set once
    the audit is closed with its score)."""

    store: str
    id: str
    seed: int
    size: int
    items_in_file: int
    currency: str
    started_at: datetime
    started_by: str
    strata: tuple[Stratum, ...]
    items: tuple[AuditItem, ...] = field(default=())
    scored_at: datetime | None = None
    scored_by: str | None = None

    @property
    def unknown_aisle_items(self) -> int:
        """Items of the price file that had no known aisle when the sample was drawn."""
        return sum(s.items for s in self.strata if s.aisle == "")

    @property
    def score(self) -> AuditScore:
        """The score of the findings so far (final once ``scored_at`` is set)."""
        return score(self.items, currency=self.currency)

    def item(self, sku: str) -> AuditItem | None:
        """The sampled item ``sku``, or ``None``."""
        return next((i for i in self.items if i.sku == sku), None)

    def to_dict(self, *, with_items: bool = True) -> dict[str, Any]:
        """The audit as JSON (``items`` left out with ``with_items=False``)."""
        body: dict[str, Any] = {
            "store": self.store,
            "id": self.id,
            "seed": self.seed,
            "size": self.size,
            "items_in_file": self.items_in_file,
            "unknown_aisle_items": self.unknown_aisle_items,
            "currency": self.currency,
            "started_at": self.started_at.isoformat(),
            "started_by": self.started_by,
            "scored_at": None if self.scored_at is None else self.scored_at.isoformat(),
            "scored_by": self.scored_by,
            "strata": [s.to_dict() for s in self.strata],
            "score": self.score.to_dict(),
        }
        if with_items:
            body["items"] = [i.to_dict() for i in self.items]
        return body


__all__ = [
    "OVERCHARGE",
    "PASS_LINE_PERCENT",
    "RIGHT",
    "UNDERCHARGE",
    "Audit",
    "AuditItem",
    "AuditScore",
    "percent_down",
    "score",
    "verdict",
]
