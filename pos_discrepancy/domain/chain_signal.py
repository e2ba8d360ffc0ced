"""The chain signal (docs/outcomes.md): a SKU mismatching in several stores of a chain in
one period is likely the shared price file or promotion feed, not one store's shelf.

Pure: :func:`chain_signal` folds per-store counts of a SKU (streamed by the caller from
the database) into :class:`ChainSignalRow` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoreMismatches:
    """How often one store met the SKU's mismatch in the period."""

    store: str
    incidents: int


@dataclass(frozen=True)
class ChainSignalRow:
    """A SKU mismatching in several stores: likely the price file or the promotion feed
    that every store shares, not one store's shelf."""

    sku: str
    description: str
    stores: tuple[StoreMismatches, ...]
    incidents: int
    price_file_errors: int

    def to_dict(self) -> dict[str, Any]:
        """The row as the JSON API gives it."""
        return {
            "sku": self.sku,
            "description": self.description,
            "store_count": len(self.stores),
            "incidents": self.incidents,
            "price_file_errors": self.price_file_errors,
            "stores": [{"store": s.store, "incidents": s.incidents} for s in self.stores],
        }


@dataclass(frozen=True)
class SkuAtStore:
    """A SKU's mismatches at one store in the period (one grouped row of the query)."""

    sku: str
    store: str
    incidents: int
    description: str = ""
    price_file_errors: int = 0


def chain_signal(rows: Iterable[SkuAtStore], *, min_stores: int = 2) -> list[ChainSignalRow]:
    """The SKUs met at ``min_stores`` stores or more, most stores first, then most
    incidents, then by SKU; each with its stores, most incidents first."""
    grouped: dict[str, list[SkuAtStore]] = {}
    for row in rows:
        grouped.setdefault(row.sku, []).append(row)
    signal = []
    for sku, at_stores in grouped.items():
        if len({r.store for r in at_stores}) < min_stores:
            continue
        stores = sorted(at_stores, key=lambda r: (-r.incidents, r.store))
        signal.append(ChainSignalRow(
            sku=sku,
            description=next((r.description for r in stores if r.description), ""),
            stores=tuple(StoreMismatches(r.store, r.incidents) for r in stores),
            incidents=sum(r.incidents for r in stores),
            price_file_errors=sum(r.price_file_errors for r in stores),
        ))  # fmt: skip
    return sorted(signal, key=lambda r: (-len(r.stores), -r.incidents, r.sku))


__all__ = ["ChainSignalRow", "SkuAtStore", "StoreMismatches", "chain_signal"]
