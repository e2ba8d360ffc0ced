"""Drawing a self-audit's sample the way an inspector does (NIST Handbook 130 price
verification; docs/outcomes.md, "Self-audit").

The population is the store's price file. Items are grouped into strata by aisle (the
aisle of the shelf location last recorded for the SKU; items with none form the one
stratum "unknown aisle"). Each stratum gets its proportional share of the sample,
rounded by the largest remainder, and within a stratum the items with the smallest
``SHA-256(seed:sku)`` are taken. The draw is therefore a function of the seed and the
price file alone: the same seed over the same file gives the same sample on any machine
and any Python, and adding an item to one aisle changes nothing in the others.

Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import N_, Count, InvalidInput
from .numbers import whole_number

#: The aisle of an item without a known shelf location (shown as "unknown aisle").
UNKNOWN_AISLE = ""
#: The largest seed accepted: twelve digits, easy to read out and type again.
MAX_SEED = 10**12 - 1
#: The largest sample: an inspector's sample is tens to a few hundred items.
MAX_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item of the price file that may be drawn: its SKU and its aisle."""

    sku: str
    aisle: str = UNKNOWN_AISLE


@dataclass(frozen=True, slots=True)
class Stratum:
    """One aisle of the population: its items in the price file and how many were drawn."""

    aisle: str
    items: int
    sampled: int

    def to_dict(self) -> dict[str, object]:
        """The stratum as JSON (``aisle`` ``""``: unknown aisle)."""
        return {"aisle": self.aisle, "items": self.items, "sampled": self.sampled}


@dataclass(frozen=True, slots=True)
class Sample:
    """The drawn SKUs, in the order of the audit sheet (walking order by aisle, then SKU),
    with the strata and the seed that produced them."""

    seed: int
    skus: tuple[str, ...]
    strata: tuple[Stratum, ...]

    @property
    def unknown_aisle_items(self) -> int:
        """Items of the price file with no known aisle (the "unknown aisle" stratum)."""
        return sum(s.items for s in self.strata if s.aisle == UNKNOWN_AISLE)


def aisle_of(location: str | None) -> str:
    """The aisle of a shelf location: the part before the first ``-``, upper-cased.

    ``"A7-B3"`` (aisle A7, bay B3) is aisle ``"A7"``; ``"12"`` is ``"12"``; no location
    (or a blank one) is :data:`UNKNOWN_AISLE`.
    """
    if not location:
        return UNKNOWN_AISLE
    return " ".join(location.split("-", 1)[0].split()).upper()[:64]


def aisle_order(aisle: str) -> tuple[object, ...]:
    """Walking order: aisles by name with their numbers compared as numbers (A2 before
    A10); the unknown aisle last."""
    if aisle == UNKNOWN_AISLE:
        return (1,)
    return (0, *((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in _runs(aisle.casefold())))


def _runs(text: str) -> list[str]:
    """``"a10b"`` → ``["a", "10", "b"]``: runs of digits and of other characters."""
    runs: list[str] = []
    for character in text:
        if runs and runs[-1][-1].isdecimal() == character.isdecimal():
            runs[-1] += character
        else:
            runs.append(character)
    return runs


def check_size(value: object, *, items: int, store: str) -> int:
    """The sample size: a whole number from 1, at most the store's item count."""
    if items == 0:
        raise InvalidInput.worded(
            "size",
            N_("%(store)s has no items in its price file to sample; import prices first"),
            store=store,
        )
    size = whole_number(value, field="size", least=1, most=MAX_SIZE, signed=False)
    if size > items:
        raise InvalidInput.counted(
            "size",
            N_("%(store)s has only %(num)s item in its price file; a sample of %(size)s is "
               "larger. Give at most %(num)s"),
            N_("%(store)s has only %(num)s items in its price file; a sample of %(size)s is "
               "larger. Give at most %(num)s"),
            items,
            store=store,
            size=Count(size),
        )  # fmt: skip
    return size


def check_seed(value: object) -> int:
    """A seed given by the caller: a whole number from 0 to :data:`MAX_SEED`."""
    return whole_number(value, field="seed", least=0, most=MAX_SEED, signed=False)


def draw_key(seed: int, sku: str) -> bytes:
    """The item's place in the seed's random order (smallest drawn first)."""
    return hashlib.sha256(f"{seed}:{sku}".encode()).digest()


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """Each stratum's share of ``size``: proportional to its items, the rounding going
    to the largest remainders (ties: in walking order). Never more than a stratum has."""
    total = sum(counts.values())
    if not 0 < size <= total:
        raise ValueError(f"size {size} is not within 1..{total}")
    shares = {aisle: size * items // total for aisle, items in counts.items()}
    left = size - sum(shares.values())
    by_remainder = sorted(counts, key=lambda a: (-(size * counts[a] % total), aisle_order(a), a))
    for aisle in by_remainder[:left]:
        shares[aisle] += 1
    return shares


def draw_sample(candidates: Iterable[Candidate], *, size: int, seed: int) -> Sample:
    """Draw ``size`` items stratified by aisle (see the module's docstring).

    :raises ValueError: ``size`` is not within 1 and the number of candidates (callers
        check it first with :func:`check_size`, which says so in words), or a SKU is
        listed twice.
    """
    strata: dict[str, list[str]] = {}
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.sku in seen:
            raise ValueError(f"SKU {candidate.sku} is listed twice")
        seen.add(candidate.sku)
        strata.setdefault(candidate.aisle, []).append(candidate.sku)
    shares = allocate({aisle: len(skus) for aisle, skus in strata.items()}, size)
    drawn: list[str] = []
    made: list[Stratum] = []
    for aisle in sorted(strata, key=lambda a: (aisle_order(a), a)):
        chosen = sorted(strata[aisle], key=lambda sku: draw_key(seed, sku))[: shares[aisle]]
        drawn.extend(sorted(chosen))
        made.append(Stratum(aisle, len(strata[aisle]), shares[aisle]))
    return Sample(seed=seed, skus=tuple(drawn), strata=tuple(made))


__all__ = [
    "MAX_SEED",
    "MAX_SIZE",
    "UNKNOWN_AISLE",
    "Candidate",
    "Sample",
    "Stratum",
    "aisle_of",
    "aisle_order",
    "allocate",
    "check_seed",
    "check_size",
    "draw_key",
    "draw_sample",
]
