"""The pure rendering of check results (no database, no prompts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.cli.render import (
    AGREE,
    NEEDS_MANAGER,
    render_check,
    render_options,
    render_resolution,
    texts,
)
from pos_discrepancy.domain import (
    Direction,
    DisplayedPrice,
    Finding,
    Policy,
    ScannedItem,
    ShelfClaim,
    Status,
    StoreInfo,
    build_discrepancy,
)
from pos_discrepancy.money import Money
from pos_discrepancy.policy import default_options
from pos_discrepancy.views import CheckResult

STORE = StoreInfo(code="S001", name="Main St", currency="USD")
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def result_for(
    shelf: str,
    scanned: str,
    quantity: int = 1,
    *,
    location: str | None = "A7-B3",
    findings: tuple[Finding, ...] = (),
    policy: Policy | None = None,
) -> CheckResult:
    """What ``desk.check`` would answer, built from the pure domain and default policy."""
    claim = ShelfClaim(shelf_price=usd(shelf), location=location)
    item = ScannedItem(
        sku="9788883701122",
        scanned_price=usd(scanned),
        quantity=quantity,
        scanned_at=NOW,
        description="Paperback novel",
    )
    discrepancy = build_discrepancy(claim, item, findings)
    if discrepancy is None:
        return CheckResult(discrepancy=False)
    options = tuple(
        default_options.posdisc_options(
            discrepancy=discrepancy, policy=policy or Policy(), store=STORE
        )
    )
    undercharge = discrepancy.direction is Direction.UNDERCHARGE
    return CheckResult(
        discrepancy=True,
        incident_id="0193a0a0-0000-7000-8000-000000000000",
        direction=discrepancy.direction,
        difference=discrepancy.difference,
        line_difference=discrepancy.line_difference,
        options=options,
        status=Status.HONORED if undercharge else Status.DETECTED,
        findings=tuple(f.message for f in discrepancy.findings),
        detail=discrepancy,
    )


def test_equal_prices_are_one_line():
    lines = render_check(result_for("19.95", "19.95"))
    assert texts(lines) == [AGREE]
    assert lines[0].tone == "good"


def test_warnings_come_first():
    result = replace(result_for("19.95", "19.95"), warnings=("A plugin failed.",))
    assert texts(render_check(result)) == ["! A plugin failed.", AGREE]


def test_overcharge_shows_direction_differences_options_and_words():
    result = result_for("9.98", "19.95")
    honor, escalate, decline = result.options
    assert texts(render_check(result)) == [
        "OVERCHARGE: Paperback novel (SKU 9788883701122) at A7-B3",
        "  Shelf tag $9.98, scanned $19.95, quantity 1",
        "  Difference: $9.97 per unit",
        "Options:",
        f"  1. {honor.label} — charge $9.98  {NEEDS_MANAGER}",
        f'     Say: "{honor.script}"',
        f"  2. {escalate.label} — charge $9.98  {NEEDS_MANAGER}",
        f'     Say: "{escalate.script}"',
        f"  3. {decline.label} — charge $19.95",
        f'     Say: "{decline.script}"',
    ]


def test_small_overcharge_honor_needs_no_manager():
    lines = texts(render_check(result_for("2.29", "2.49", 3, location=None)))
    assert lines[0] == "OVERCHARGE: Paperback novel (SKU 9788883701122)"
    assert "  Difference: $0.20 per unit, $0.60 for the line" in lines
    assert "  1. Honor tag price — charge $6.87" in lines


def test_unavailable_option_is_dim_with_its_reason_and_no_script():
    result = result_for("9.98", "19.95", policy=Policy(decline_allowed=False))
    lines = render_options(result.options)
    last = lines[-1]
    assert last.tone == "dim"
    assert last.text == (
        "  3. Charge scanned price — charge $19.95  (not available: Store policy: "
        "the shelf price is always honored.)"
    )
    assert len(lines) == 5  # two lines each for 1 and 2, one for the unavailable 3


def test_bonus_is_shown():
    result = result_for("9.98", "19.95")
    bonus = replace(result.options[0], bonus=usd("10.00"))
    assert texts(render_options((bonus,)))[0] == (
        f"  1. Honor tag price — charge $9.98 + $10.00 back  {NEEDS_MANAGER}"
    )


def test_findings_are_listed():
    promo = Finding(
        code="promo_expired",
        message=f"The promotion on this tag ended on {date(2026, 11, 1)}.",
        cause=None,
    )
    lines = texts(render_check(result_for("3.99", "5.49", findings=(promo,))))
    assert "  • The promotion on this tag ended on 2026-11-01." in lines


def test_undercharge_says_nothing_else_to_do():
    lines = texts(render_check(result_for("14.99", "12.99")))
    assert lines[0].startswith("UNDERCHARGE")
    assert "Options:" not in lines
    assert any("pays the lower scanned price ($12.99)" in line for line in lines)
    assert any("nothing else to do" in line for line in lines)


@given(
    shelf=st.integers(min_value=0, max_value=99_999),
    scanned=st.integers(min_value=0, max_value=99_999),
    quantity=st.integers(min_value=1, max_value=50),
)
def test_any_prices_render_consistently(shelf: int, scanned: int, quantity: int):
    result = result_for(
        str(Money.from_minor(shelf, "USD")), str(Money.from_minor(scanned, "USD")), quantity
    )
    lines = texts(render_check(result))
    if shelf == scanned:
        assert lines == [AGREE]
        return
    assert lines[0].startswith("OVERCHARGE" if scanned > shelf else "UNDERCHARGE")
    difference = Money.from_minor(abs(scanned - shelf), "USD").format()
    assert any(line.startswith(f"  Difference: {difference} per unit") for line in lines)
    if scanned > shelf:
        numbered = [line for line in lines if line.startswith("  1. ")]
        tag_total = Money.from_minor(shelf * quantity, "USD").format()
        assert numbered == [line for line in numbered if f"charge {tag_total}" in line]


def test_resolution_lines(shop):
    check = shop.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122", shelf_price="9.98"
    )
    waiting = shop.decide(check.incident_id, action="escalate", cashier="C07")
    assert texts(render_resolution(waiting))[0].startswith(
        f"Waiting for a manager (incident {check.incident_id})"
    )
    approved = shop.approve(check.incident_id, manager="M01", pin="2468")
    assert texts(render_resolution(approved)) == ["Honored: charge $9.98 — approved by M01."]
    other = shop.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122", shelf_price="9.98"
    )
    declined = shop.decide(other.incident_id, action="decline", cashier="C07")
    assert texts(render_resolution(declined)) == ["Declined: charge $19.95 (the scanned price)."]


def test_a_lower_sign_price_is_shown_beside_the_tag():
    claim = ShelfClaim(
        shelf_price=usd("9.98"), displayed_prices=(DisplayedPrice("sign", usd("8.99")),)
    )
    item = ScannedItem(sku="1", scanned_price=usd("9.98"), quantity=1, scanned_at=NOW)
    discrepancy = build_discrepancy(claim, item)
    assert discrepancy is not None
    result = CheckResult(
        discrepancy=True,
        direction=discrepancy.direction,
        difference=discrepancy.difference,
        line_difference=discrepancy.line_difference,
        detail=discrepancy,
    )
    lines = texts(render_check(result))
    assert lines[:3] == [
        "OVERCHARGE: 1 (SKU 1)",
        "  Shelf tag $9.98 (lowest shown: $8.99), scanned $9.98, quantity 1",
        "  Difference: $0.99 per unit",
    ]


def test_an_overcharge_resolved_at_the_scan_needs_no_choice():
    result = replace(result_for("9.98", "10.48"), status=Status.HONORED)
    lines = texts(render_check(result))
    assert "Options:" not in lines
    assert "Honored automatically: charge $9.98. Logged so the tag gets fixed" in " ".join(lines)
