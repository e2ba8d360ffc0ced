"""``posdisc check`` driven as a cashier would type it; assertions on what is printed and
what the desk stored."""

from __future__ import annotations

from pathlib import Path

from pos_discrepancy.domain import Status

CHECK = ["check", "--store", "S001", "--register", "R1", "--cashier", "C07"]


def typed(*answers: str) -> str:
    """The keystrokes: one answer per prompt, each ended with Enter."""
    return "".join(f"{a}\n" for a in answers)


# SKU, shelf, scanned (blank: price file 19.95), quantity, location
NOVEL_OVERCHARGE = ("9788883701122", "9.98", "", "", "A7-B3")


def test_equal_prices_print_one_line_and_store_nothing(invoke, shop, incidents):
    result = invoke(CHECK, input=typed("012345678905", "12.99", "12.99", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "Prices agree — nothing to do." in result.output
    assert "Checked 1 item: 0 discrepancies logged." in result.output
    assert incidents() == []


def test_escalate_with_manager_pin_and_approval(invoke, shop, incidents):
    result = invoke(CHECK, input=typed(*NOVEL_OVERCHARGE, "2", "M01", "2468", "y", "b", ""))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "OVERCHARGE: Paperback novel (SKU 9788883701122) at A7-B3" in out
    assert "Shelf tag $9.98, scanned $19.95, quantity 1" in out
    assert "Difference: $9.97 per unit" in out
    assert "2. Call a manager — charge $9.98  [needs manager]" in out
    assert 'Say: "Let me ask a manager' in out
    assert "A manager must approve" in out
    assert "Approve charging $9.98? (no = deny, charge $19.95) [Y/n]: y" in out
    assert "Honored: charge $9.98 — approved by M01." in out
    assert "2468" not in out  # the PIN is typed hidden, never echoed
    [incident] = incidents()
    assert incident.status is Status.HONORED
    assert incident.location == "A7-B3"
    assert incident.decision.action == "escalate"
    assert incident.decision.approved_by == "M01"
    assert str(incident.decision.charge) == "9.98"
    assert incident.decision.customer_outcome == "purchased"
    assert [e.kind for e in incident.events] == [
        "detected",
        "decided",
        "approved",
        "outcome_recorded",
    ]
    assert shop.pending_approvals("S001") == []


def test_wrong_pin_then_right_pin(invoke, shop, incidents):
    result = invoke(
        CHECK,
        input=typed(*NOVEL_OVERCHARGE, "2", "M01", "1111", "y", "r", "M01", "2468", "y", "b", ""),
    )
    assert result.exit_code == 0, result.output
    assert "✗ PIN: wrong PIN for M01 (4 more tries" in result.output
    assert "Honored: charge $9.98 — approved by M01." in result.output
    [incident] = incidents()
    assert incident.status is Status.HONORED
    assert incident.decision.approved_by == "M01"


def test_wrong_pin_then_cancel_leaves_the_request_waiting(invoke, shop, incidents):
    result = invoke(CHECK, input=typed(*NOVEL_OVERCHARGE, "2", "M02", "0000", "y", "c", ""))
    assert result.exit_code == 0, result.output
    assert "✗ PIN: wrong PIN for M02" in result.output
    assert "Waiting for a manager" in result.output
    [incident] = incidents()
    assert incident.status is Status.AWAITING_APPROVAL
    assert [i.id for i in shop.pending_approvals("S001")] == [incident.id]
    assert incident.decision.customer_outcome is None


def test_manager_denies_charges_the_scanned_price(invoke, shop, incidents):
    result = invoke(CHECK, input=typed(*NOVEL_OVERCHARGE, "2", "M01", "2468", "n", "w", ""))
    assert result.exit_code == 0, result.output
    assert "Declined: charge $19.95 (the scanned price) — denied by M01." in result.output
    assert "Recorded: walked away." in result.output
    [incident] = incidents()
    assert incident.status is Status.DECLINED
    assert incident.decision.approval == "denied"
    assert incident.decision.customer_outcome == "walked_away"


def test_unavailable_option_is_shown_greyed_and_refused(invoke, shop, incidents, tmp_path: Path):
    config = tmp_path / "policy.toml"
    config.write_text("[policy]\ndecline_allowed = false\n", encoding="utf-8")
    result = invoke(
        CHECK,
        input=typed(*NOVEL_OVERCHARGE, "3", "7", "1", "M01", "2468", "b", ""),
        config=config,
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "3. Charge scanned price — charge $19.95  (not available: Store policy: the shelf "
        "price is always honored.)" in out
    )
    assert "Choose an option (1/2)" in out
    assert "✗ Charge scanned price is not available: Store policy" in out
    assert "✗ '7' is not an option here; type one of 1/2." in out
    assert "Approve charging" not in out  # denying is not possible, so not asked
    [incident] = incidents()
    assert incident.status is Status.HONORED
    assert incident.decision.action == "honor"


def test_bad_price_is_refused_and_asked_again(invoke, shop, incidents):
    result = invoke(
        CHECK,
        input=typed("4006381333931", "1.999", "abc", "1.99", "", "", "", "1", "b", ""),
    )
    assert result.exit_code == 0, result.output
    assert "✗ Tag price: '1.999' has more than 2 decimal places for USD" in result.output
    assert "✗ Tag price:" in result.output and "'abc'" in result.output
    assert "Traceback" not in result.output
    [incident] = incidents()
    assert str(incident.shelf_price) == "1.99"
    assert str(incident.scanned_price) == "2.49"
    assert incident.status is Status.HONORED  # $0.50: within the cashier's own limit
    assert incident.decision.customer_outcome == "purchased"


def test_blank_sku_and_q_end_the_session(invoke, shop):
    for finish in ("", "q", "Q"):
        result = invoke(CHECK, input=typed(finish))
        assert result.exit_code == 0, result.output
        assert "Checked 0 items" in result.output


def test_bad_sku_and_quantity_are_asked_again(invoke, shop, incidents):
    result = invoke(
        CHECK,
        input=typed("no spaces please", "012345678905", "12.99", "12.99", "0", "x", "2", "", ""),
    )
    assert result.exit_code == 0, result.output
    assert "✗ SKU: 'no spaces please' has a space inside" in result.output
    assert "✗ Quantity: must be between 1 and 9999" in result.output
    assert "✗ Quantity: must be a whole number of units" in result.output
    assert "Prices agree" in result.output


def test_unknown_sku_without_scanned_price_asks_for_the_register_price(invoke, shop, incidents):
    result = invoke(CHECK, input=typed("4000000000006", "5.00", "", "", "", "5.50", "1", "b", ""))
    assert result.exit_code == 0, result.output
    assert "✗ SKU: 4000000000006 is not in the price file of S001" in result.output
    assert "Type the price the register shows instead." in result.output
    [incident] = incidents()
    assert str(incident.scanned_price) == "5.50"
    assert incident.status is Status.HONORED


def test_undercharge_is_honored_automatically(invoke, shop, incidents):
    result = invoke(CHECK, input=typed("012345678905", "14.99", "", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "UNDERCHARGE" in result.output
    assert "Logged so the tag gets fixed — nothing else to do." in result.output
    assert "Choose an option" not in result.output
    [incident] = incidents()
    assert incident.status is Status.HONORED
    assert str(incident.decision.charge) == "12.99"
    assert [e.kind for e in incident.events] == ["detected", "decided"]


def test_quantity_shows_the_line_difference(invoke, shop, incidents):
    result = invoke(CHECK, input=typed("4006381333931", "2.29", "", "3", "", "1", "b", ""))
    assert result.exit_code == 0, result.output
    assert "Difference: $0.20 per unit, $0.60 for the line" in result.output
    assert "1. Honor tag price — charge $6.87" in result.output
    [incident] = incidents()
    assert str(incident.decision.charge) == "6.87"


def test_expired_promotion_is_reported_with_promo_flag(invoke, shop, incidents):
    result = invoke(
        [*CHECK, "--promo"],
        input=typed("4006381333931", "1.99", "", "", "", "2020-01-31", "3", "b", ""),
    )
    assert result.exit_code == 0, result.output
    assert "The promotion on this tag ended on 2020-01-31" in result.output
    [incident] = incidents()
    assert incident.cause == "sale_ended_tag_left_up"
    assert incident.status is Status.DECLINED


def test_several_items_in_one_session(invoke, shop, incidents):
    result = invoke(
        CHECK,
        input=typed(
            "012345678905", "12.99", "", "", "",  # agree
            "4006381333931", "1.99", "", "", "", "1", "b",  # honored by the cashier
            "q",
        ),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Checked 2 items: 1 discrepancy logged." in result.output
    assert len(incidents()) == 1


def test_store_and_cashier_are_asked_or_inferred(invoke, shop, incidents):
    result = invoke(["check"], input=typed("C 07", "C07", ""))
    assert result.exit_code == 0, result.output
    assert "✗ Cashier: 'C 07' must be 1–32 letters or digits" in result.output
    assert "Main St (S001) · register R1 · cashier C07" in result.output


def test_unknown_store_is_one_clear_line(invoke, shop):
    result = invoke(["check", "--store", "S999", "--cashier", "C07"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: store: there is no store")
    assert "Traceback" not in result.output


def test_no_store_at_all_says_what_to_do(invoke, desk):
    result = invoke(["check", "--cashier", "C07"])
    assert result.exit_code == 1
    assert "no store yet: run posdisc demo" in result.output


PLUGIN = """
from pos_discrepancy import hookimpl
from pos_discrepancy.domain import Option


@hookimpl
def posdisc_adjust_options(options, discrepancy, policy, store):
    for option in list(options):
        options.mark_unavailable(option.action, "Test rule: nothing may be taken.")
"""


def test_no_available_option_says_so_and_moves_on(invoke, shop, incidents, tmp_path: Path):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "nothing_allowed.py").write_text(PLUGIN, encoding="utf-8")
    config = tmp_path / "policy.toml"
    config.write_text(f'plugins_dir = "{tmp_path / "plugins"}"\n', encoding="utf-8")
    result = invoke(CHECK, input=typed(*NOVEL_OVERCHARGE, ""), config=config)
    assert result.exit_code == 0, result.output
    assert "(not available: Test rule: nothing may be taken.)" in result.output
    assert "✗ No option can be taken here; call a manager" in result.output
    assert "Choose an option" not in result.output
    [incident] = incidents()
    assert incident.status is Status.DETECTED


def test_five_wrong_pins_lock_the_manager_and_another_one_approves(invoke, shop, incidents):
    wrong = [answer for _ in range(5) for answer in ("M01", "0000", "y", "r")]
    result = invoke(
        CHECK,
        input=typed(*NOVEL_OVERCHARGE, "2", *wrong, "M01", "2468", "y", "r")
        + typed("M02", "1122", "y", "b", ""),
    )
    assert result.exit_code == 0, result.output
    assert "✗ Manager code: wrong PIN; M01 is now locked for 15 minutes" in result.output
    assert "✗ Manager code: M01 is locked after 5 wrong PINs" in result.output
    assert "Honored: charge $9.98 — approved by M02." in result.output
    [incident] = incidents()
    assert incident.decision.approved_by == "M02"
    locked = {p["code"]: p["locked_until"] for p in shop.list_staff("S001")}
    assert locked["M01"] is not None and locked["M02"] is None


def test_the_cashier_cannot_approve_their_own_request(invoke, shop, incidents):
    own = ["check", "--store", "S001", "--cashier", "M01"]
    result = invoke(own, input=typed(*NOVEL_OVERCHARGE, "2", "M01", "2468", "y", "c", ""))
    assert result.exit_code == 0, result.output
    assert "✗ Manager code: the cashier who asked cannot approve their own request" in result.output
    [incident] = incidents()
    assert incident.status is Status.AWAITING_APPROVAL
