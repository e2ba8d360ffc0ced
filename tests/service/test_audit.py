"""Self-audits through the desk on SQLite and PostgreSQL: the sample, the findings, the
score, the journal, and bad input refused with nothing stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from pos_discrepancy.desk import Desk
from pos_discrepancy.errors import (
    DiscrepancyError,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
)

from .. import audit_fixture as fixture

TABLES = ("audits", "audit_items", "events")


@pytest.fixture
def shop(store: Desk) -> tuple[Desk, dict[str, str]]:
    """S001 with 50 items, 40 of them with an aisle."""
    return store, fixture.stock(store)


def counts(desk: Desk) -> dict[str, int]:
    with desk.context.engine.connect() as connection:
        return {
            t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES
        }


def test_the_sample_is_stratified_by_aisle_and_repeats_with_its_seed(shop: Any) -> None:
    desk, aisles = shop
    audit = desk.start_audit("S001", size=10, seed=2026, by="M01")
    assert (audit.seed, audit.size, audit.items_in_file) == (2026, 10, 50)
    assert [(s.aisle, s.items, s.sampled) for s in audit.strata] == [
        ("A2", 30, 6), ("A10", 10, 2), ("", 10, 2),
    ]  # fmt: skip
    assert audit.unknown_aisle_items == 10
    assert [item.aisle for item in audit.items] == ["A2"] * 6 + ["A10"] * 2 + [""] * 2
    for item in audit.items:
        assert aisles[item.sku] == item.aisle
        assert item.system_price == desk.price_of("S001", item.sku).price
    again = desk.start_audit("S001", size="10", seed="2026", by="O02")
    assert [i.sku for i in again.items] == [i.sku for i in audit.items]
    assert again.id != audit.id
    assert [a.id for a in desk.audits("S001")] == [again.id, audit.id]  # newest first


def test_without_a_seed_one_is_drawn_and_recorded(shop: Any) -> None:
    desk, _ = shop
    audit = desk.start_audit("S001", size=5, by="M01")
    stored = desk.audit("S001", audit.id)
    assert stored.seed == audit.seed and 0 <= stored.seed < 10**12
    replay = desk.start_audit("S001", size=5, seed=stored.seed, by="M01")
    assert [i.sku for i in replay.items] == [i.sku for i in stored.items]


def test_fifty_items_with_one_over_and_one_under_score_96_and_fail(shop: Any) -> None:
    desk, _ = shop
    audit = desk.start_audit("S001", size=50, seed=1, by="M01")
    skus = [item.sku for item in audit.items]
    for sku in skus[2:]:
        item = audit.item(sku)
        desk.record_audit_finding("S001", audit.id, sku, item.system_price, item.system_price,
                                  by="O02")  # fmt: skip
    desk.record_audit_finding("S001", audit.id, skus[0], "2.49", "2.99", by="O02")  # over
    desk.record_audit_finding("S001", audit.id, skus[1], "5.00", "4.25", by="O03")  # under
    scored = desk.score_audit("S001", audit.id, by="M01")
    result = scored.score
    assert (result.checked, result.right, result.overcharges, result.undercharges) == (
        50, 48, 1, 1,
    )  # fmt: skip
    assert result.accuracy_percent == Decimal("96.00")
    assert result.passed is False
    assert (str(result.overcharged.amount), str(result.undercharged.amount)) == ("0.50", "0.75")
    assert scored.scored_by == "M01" and scored.scored_at is not None
    assert scored.item(skus[1]).checked_by == "O03"
    assert desk.audit("S001", audit.id).to_dict()["score"]["passed"] is False
    report = desk.verify_journal("S001")
    assert report.ok, report.problems
    with desk.context.engine.connect() as connection:
        kinds = [
            row[0]
            for row in connection.execute(
                text("SELECT kind FROM events WHERE incident_id = :id ORDER BY seq"),
                {"id": audit.id},
            )
        ]
    assert kinds == ["audit_started"] + ["audit_finding_recorded"] * 50 + ["audit_scored"]


def test_a_finding_recorded_again_replaces_the_first(shop: Any) -> None:
    desk, _ = shop
    audit = desk.start_audit("S001", size=3, seed=9, by="M01")
    sku = audit.items[0].sku
    desk.record_audit_finding("S001", audit.id, sku, "1.00", "1.50", by="O02")
    after = desk.record_audit_finding("S001", audit.id, f" {sku}\n", "1.50", "1.50", by="o02")
    assert after.item(sku).result == "right"
    assert after.score.checked == 1 and after.score.not_checked == 2


def test_a_scored_audit_is_closed(shop: Any) -> None:
    desk, _ = shop
    audit = desk.start_audit("S001", size=2, seed=3, by="M01")
    with pytest.raises(InvalidTransition, match="no item of audit"):
        desk.score_audit("S001", audit.id, by="M01")  # nothing checked yet
    sku = audit.items[0].sku
    desk.record_audit_finding("S001", audit.id, sku, "1.00", "1.00", by="O02")
    first = desk.score_audit("S001", audit.id, by="M01")
    before = counts(desk)
    assert desk.score_audit("S001", audit.id, by="M02").scored_by == "M01"  # stands
    with pytest.raises(InvalidTransition) as refused:
        desk.record_audit_finding("S001", audit.id, sku, "1.00", "2.00", by="O02")
    assert refused.value.field == "audit_id"
    assert counts(desk) == before
    assert desk.audit("S001", audit.id).score == first.score


@pytest.mark.parametrize(
    ("size", "seed", "by", "field", "error"),
    [
        (51, None, "M01", "size", InvalidInput),
        (0, None, "M01", "size", InvalidInput),
        (-1, None, "M01", "size", InvalidInput),
        (2.5, None, "M01", "size", InvalidInput),
        ("12.0", None, "M01", "size", InvalidInput),
        (True, None, "M01", "size", InvalidInput),
        (None, None, "M01", "size", InvalidInput),
        (5, "x", "M01", "seed", InvalidInput),
        (5, -4, "M01", "seed", InvalidInput),
        (5, None, "ZZ9", "by", NotFound),
        (5, None, "", "by", InvalidInput),
    ],
)
def test_bad_start_input_names_the_field_and_stores_nothing(
    shop: Any, size: object, seed: object, by: str, field: str, error: type[DiscrepancyError]
) -> None:
    desk, _ = shop
    before = counts(desk)
    with pytest.raises(error) as refused:
        desk.start_audit("S001", size=size, seed=seed, by=by)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert refused.value.message.startswith(f"{field}: ")
    assert counts(desk) == before


def test_a_sample_larger_than_the_price_file_says_how_many_items_there_are(shop: Any) -> None:
    desk, _ = shop
    with pytest.raises(InvalidInput, match="only 50 items in its price file"):
        desk.start_audit("S001", size=51, by="M01")


def test_a_cashier_may_record_but_not_start_an_audit(shop: Any) -> None:
    desk, _ = shop
    desk.add_staff("S001", code="C07", name="Alex", role="cashier")
    with pytest.raises(NotPermitted) as refused:
        desk.start_audit("S001", size=5, by="C07")
    assert refused.value.field == "by"


@pytest.mark.parametrize(
    ("sku", "shelf", "scanned", "field", "error"),
    [
        ("0000000000000", "1.00", "1.00", "sku", NotFound),
        ("", "1.00", "1.00", "sku", InvalidInput),
        (None, "1.00", "1.00", "sku", InvalidInput),
        ("FIRST", 1.5, "1.00", "shelf_price", InvalidInput),
        ("FIRST", "abc", "1.00", "shelf_price", InvalidInput),
        ("FIRST", "1.00", "-1.00", "scanned_price", InvalidInput),
        ("FIRST", "1.00", "1.005", "scanned_price", InvalidInput),
        ("FIRST", "1.00", None, "scanned_price", InvalidInput),
    ],
)
def test_bad_finding_names_the_field_and_stores_nothing(
    shop: Any, sku: Any, shelf: Any, scanned: Any, field: str, error: type[DiscrepancyError]
) -> None:
    desk, _ = shop
    audit = desk.start_audit("S001", size=5, seed=11, by="M01")
    sku = audit.items[0].sku if sku == "FIRST" else sku
    before = counts(desk)
    with pytest.raises(error) as refused:
        desk.record_audit_finding("S001", audit.id, sku, shelf, scanned, by="O02")
    assert refused.value.field == field
    assert counts(desk) == before


def test_another_stores_audit_is_not_found(shop: Any) -> None:
    desk, _ = shop
    audit = desk.start_audit("S001", size=2, seed=1, by="M01")
    desk.add_store("S002", name="Harbour", currency="USD")
    desk.add_staff("S002", code="M09", name="Kim", role="manager", pin="9999")
    for call in (
        lambda: desk.audit("S002", audit.id),
        lambda: desk.record_audit_finding("S002", audit.id, audit.items[0].sku, "1", "1",
                                          by="M09"),
        lambda: desk.score_audit("S002", audit.id, by="M09"),
    ):  # fmt: skip
        with pytest.raises(NotFound) as refused:
            call()
        assert refused.value.field == "audit_id"
    with pytest.raises(InvalidInput) as bad:
        desk.audit("S001", "not-an-id")
    assert bad.value.field == "audit_id"


def test_a_store_without_a_price_file_cannot_be_audited(desk: Desk) -> None:
    desk.add_store("S009", name="Empty", currency="USD")
    desk.add_staff("S009", code="M01", name="Dana", role="manager", pin="2468")
    with pytest.raises(InvalidInput, match="no items in its price file") as refused:
        desk.start_audit("S009", size=1, by="M01")
    assert refused.value.field == "size"
