"""Self-audit sampling and scoring (docs/outcomes.md, "Self-audit"), computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pos_discrepancy.domain.audit import AuditItem, score, verdict
from pos_discrepancy.domain.audit_sample import (
    UNKNOWN_AISLE,
    Candidate,
    aisle_of,
    allocate,
    check_seed,
    check_size,
    draw_sample,
)
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.money import Money


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def population() -> list[Candidate]:
    """60 items in aisle A2, 30 in A10, 10 without a known aisle."""
    items = [Candidate(f"A2-{n:03}", "A2") for n in range(60)]
    items += [Candidate(f"A10-{n:03}", "A10") for n in range(30)]
    items += [Candidate(f"U-{n:03}") for n in range(10)]
    return items


def test_the_aisle_is_the_location_before_its_first_dash() -> None:
    assert aisle_of("A7-B3") == "A7"
    assert aisle_of(" a7 -B3") == "A7"
    assert aisle_of("12") == "12"
    assert aisle_of(None) == aisle_of("") == aisle_of("-B3") == UNKNOWN_AISLE


def test_each_aisle_gets_its_proportional_share() -> None:
    sample = draw_sample(population(), size=10, seed=7)
    assert [(s.aisle, s.items, s.sampled) for s in sample.strata] == [
        ("A2", 60, 6),
        ("A10", 30, 3),  # walking order: A2 before A10
        (UNKNOWN_AISLE, 10, 1),  # the unknown aisle last, a stratum of its own
    ]
    assert sample.unknown_aisle_items == 10
    drawn = sample.skus
    assert len(drawn) == len(set(drawn)) == 10
    assert sum(sku.startswith("A2-") for sku in drawn) == 6
    assert sum(sku.startswith("A10-") for sku in drawn) == 3
    assert sum(sku.startswith("U-") for sku in drawn) == 1
    # sheet order: by aisle in walking order, then by SKU
    assert list(drawn[:6]) == sorted(drawn[:6])


def test_the_rounding_goes_to_the_largest_remainders() -> None:
    # 7 items of 3 aisles (3, 2, 2), 4 drawn: shares 1.71, 1.14, 1.14 → 2, 1, 1
    assert allocate({"A": 3, "B": 2, "C": 2}, 4) == {"A": 2, "B": 1, "C": 1}
    # equal remainders go in walking order: A2 before A10
    assert allocate({"A10": 1, "A2": 1}, 1) == {"A2": 1, "A10": 0}
    shares = allocate({"A": 1, "B": 1, "C": 5}, 7)
    assert shares == {"A": 1, "B": 1, "C": 5}  # the whole file: never more than there is


def test_the_same_seed_draws_the_same_sample_and_another_seed_another() -> None:
    first = draw_sample(population(), size=20, seed=424242)
    again = draw_sample(list(reversed(population())), size=20, seed=424242)
    assert first == again  # the order the price file lists items in does not matter
    other = draw_sample(population(), size=20, seed=424243)
    assert other.skus != first.skus
    assert [s.sampled for s in other.strata] == [s.sampled for s in first.strata]


def test_an_item_added_to_one_aisle_leaves_the_others_drawn_alike() -> None:
    before = draw_sample(population(), size=10, seed=5)
    after = draw_sample([*population(), Candidate("U-999")], size=10, seed=5)
    assert [s for s in after.skus if s.startswith("A")] == [
        s for s in before.skus if s.startswith("A")
    ]


def test_the_whole_file_can_be_sampled_but_not_more() -> None:
    assert len(draw_sample(population(), size=100, seed=1).skus) == 100
    assert check_size(100, items=100, store="S001") == 100
    with pytest.raises(InvalidInput, match="only 100 items") as refused:
        check_size(101, items=100, store="S001")
    assert refused.value.field == "size"


@pytest.mark.parametrize("size", [0, -3, 2.5, "12.5", "12.0", True, None, "ten", ""])
def test_a_size_that_is_not_a_whole_number_from_1_is_refused(size: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_size(size, items=100, store="S001")
    assert refused.value.field == "size"
    assert refused.value.message.startswith("size: ")


def test_a_store_without_items_cannot_be_sampled() -> None:
    with pytest.raises(InvalidInput, match="no items in its price file"):
        check_size(1, items=0, store="S001")


def test_seeds_are_whole_numbers() -> None:
    assert check_seed("00042") == 42
    for bad in (-1, 1.5, "x", 10**12):
        with pytest.raises(InvalidInput) as refused:
            check_seed(bad)
        assert refused.value.field == "seed"


def item(n: int, shelf: str | None, scanned: str | None) -> AuditItem:
    return AuditItem(
        sku=f"SKU{n}",
        description="",
        aisle="A1",
        system_price=usd("1.00"),
        shelf_price=None if shelf is None else usd(shelf),
        scanned_price=None if scanned is None else usd(scanned),
    )


def test_fifty_items_with_one_over_and_one_under_score_96_and_fail() -> None:
    items = [item(n, "2.49", "2.49") for n in range(48)]
    items += [item(48, "2.49", "2.99"), item(49, "5.00", "4.25")]  # +0.50, −0.75
    result = score(items, currency="USD")
    assert (result.checked, result.right, result.overcharges, result.undercharges) == (
        50, 48, 1, 1,
    )  # fmt: skip
    assert result.accuracy_percent == Decimal("96.00")
    assert result.overcharge_accuracy_percent == Decimal("98.00")
    assert result.passed is False
    assert result.overcharged == usd("0.50")
    assert result.undercharged == usd("0.75")
    assert result.to_dict()["accuracy_percent"] == "96.00"


@pytest.mark.parametrize(
    ("checked", "wrong", "shown", "passed"),
    [
        (50, 1, "98.00", True),  # exactly on the line passes
        (100, 2, "98.00", True),
        (99, 2, "97.97", False),  # 97/99 = 97.979…: rounded down, fails
        (51, 1, "98.03", True),
        (20001, 401, "97.99", False),  # 97.9951 %: would round up to 98.00; shown down
        (20001, 400, "98.00", True),
    ],
)
def test_the_98_percent_pass_line(checked: int, wrong: int, shown: str, passed: bool) -> None:
    items = [item(n, "1.00", "1.00") for n in range(checked - wrong)]
    items += [item(checked + n, "1.00", "1.10") for n in range(wrong)]
    result = score(items, currency="USD")
    assert str(result.accuracy_percent) == shown
    assert result.passed is passed


def test_unchecked_items_are_left_out_of_the_score() -> None:
    result = score([item(1, "1.00", "1.00"), item(2, None, None)], currency="USD")
    assert (result.sampled, result.checked, result.not_checked) == (2, 1, 1)
    assert result.accuracy_percent == Decimal("100.00")
    empty = score([item(1, None, None)], currency="USD")
    assert empty.accuracy_percent is None and empty.passed is None


def test_the_verdict_of_an_item() -> None:
    assert verdict(usd("1.00"), usd("1.00")) == "right"
    assert verdict(usd("1.00"), usd("1.01")) == "overcharge"
    assert verdict(usd("1.00"), usd("0.99")) == "undercharge"
