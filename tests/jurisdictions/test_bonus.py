"""Michigan bonus claims after the sale: desk.claim_bonus and ``posdisc bonus claim``.

By hand (tag $8.99, scanned $12.99, Δ = $4.00): refund $4.00 per unit, bonus
clamp(10 × 4.00, 1.00, 5.00) = $5.00 once per line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pos_discrepancy import InvalidInput, InvalidTransition, NotFound, NotPermitted
from pos_discrepancy.cli import build

from .conftest import RULE_PLUGINS


def sold(desk, *, shelf="8.99", scanned="12.99", quantity=1, action="decline", store="M001"):
    """A sale logged at the register and decided with ``action``; returns the incident id."""
    check = desk.check(
        store=store,
        register="R1",
        cashier="C07",
        sku="0001",
        shelf_price=shelf,
        scanned_price=scanned,
        quantity=quantity,
    )
    desk.decide(check.incident_id, action=action, cashier="C07", customer_outcome="purchased")
    return check.incident_id


@pytest.fixture
def michigan(make_desk, tmp_path: Path):
    """Store M001 (USD). Its sales below are made before the store adopted the Michigan
    rule (so the cashier could still decline); ``michigan.now`` is the desk after adopting
    it through the policy file, where claims are made."""
    before = make_desk(plugins=RULE_PLUGINS)
    before.add_store("M001", name="Lansing", currency="USD")
    before.add_store("O001", name="Toledo", currency="USD")
    config = tmp_path / "policy.toml"
    config.write_text('[stores.M001.policy]\njurisdiction = "us_mi"\n', encoding="utf-8")
    before.now = make_desk(plugins=RULE_PLUGINS, config=config)
    before.config = config
    return before


def events(desk, incident_id):
    return [e.kind for e in desk.get_incident(incident_id).events]


@pytest.mark.parametrize(
    ("shelf", "scanned", "quantity", "owed"),
    [
        pytest.param("8.99", "12.99", 1, "9.00", id="delta-4.00-bonus-capped-5"),
        pytest.param("8.99", "12.99", 3, "17.00", id="qty3-refund-each-bonus-once"),
        pytest.param("1.99", "2.09", 1, "1.10", id="delta-0.10-bonus-exactly-1"),
        pytest.param("1.99", "2.00", 1, "1.01", id="delta-0.01-bonus-floor-1"),
        pytest.param("1.99", "2.30", 1, "3.41", id="delta-0.31-bonus-3.10"),
    ],
)
def test_claim_after_decline(michigan, clock, shelf, scanned, quantity, owed):
    incident_id = sold(michigan, shelf=shelf, scanned=scanned, quantity=quantity)
    clock.advance(days=3)
    incident = michigan.now.claim_bonus(incident_id, staff="S05", note="receipt shown")
    assert str(incident.decision.bonus) == owed
    assert str(incident.decision.charge) != owed  # the sale's charge is kept as it was
    claimed = incident.events[-1]
    assert claimed.kind == "bonus_claimed"
    assert claimed.data["owed"] == owed
    assert claimed.data["staff"] == "S05" and claimed.data["note"] == "receipt shown"
    assert michigan.now.verify_journal().ok


def test_second_claim_is_refused_and_stores_nothing(michigan):
    incident_id = sold(michigan)
    michigan.now.claim_bonus(incident_id, staff="S05")
    with pytest.raises(InvalidTransition, match=r"already recorded"):
        michigan.now.claim_bonus(incident_id, staff="S06")
    assert events(michigan.now, incident_id).count("bonus_claimed") == 1


def test_corrected_before_the_sale_ended_owes_no_bonus(michigan):
    incident_id = sold(michigan.now, action="honor")  # the register corrected it
    with pytest.raises(InvalidTransition, match="corrected before the transaction ended"):
        michigan.now.claim_bonus(incident_id, staff="S05")
    assert "bonus_claimed" not in events(michigan.now, incident_id)
    assert michigan.now.get_incident(incident_id).decision.bonus is None


def test_thirty_days_is_the_limit(michigan, clock):
    on_time, late = sold(michigan), sold(michigan)
    clock.advance(days=30)
    assert str(michigan.now.claim_bonus(on_time, staff="S05").decision.bonus) == "9.00"
    clock.advance(seconds=1)
    with pytest.raises(InvalidTransition, match="within 30 days"):
        michigan.now.claim_bonus(late, staff="S05")


def test_refused_outside_michigan_and_before_a_decision(michigan):
    other = sold(michigan, store="O001")
    with pytest.raises(NotPermitted, match="us_mi"):
        michigan.now.claim_bonus(other, staff="S05")
    check = michigan.now.check(
        store="M001",
        register="R1",
        cashier="C07",
        sku="0001",
        shelf_price="8.99",
        scanned_price="12.99",
    )
    with pytest.raises(InvalidTransition, match="decide the incident first"):
        michigan.now.claim_bonus(check.incident_id, staff="S05")


def test_walked_away_and_undercharge_owe_nothing(michigan):
    check = michigan.check(
        store="M001",
        register="R1",
        cashier="C07",
        sku="0001",
        shelf_price="8.99",
        scanned_price="12.99",
    )
    michigan.decide(
        check.incident_id, action="decline", cashier="C07", customer_outcome="walked_away"
    )
    with pytest.raises(InvalidTransition, match="did not buy"):
        michigan.now.claim_bonus(check.incident_id, staff="S05")
    under = michigan.now.check(
        store="M001",
        register="R1",
        cashier="C07",
        sku="0001",
        shelf_price="12.99",
        scanned_price="8.99",
    )
    with pytest.raises(InvalidTransition, match="below the tag"):
        michigan.now.claim_bonus(under.incident_id, staff="S05")


def test_notice_at_the_service_desk_settles_in_one_step(michigan):
    incident_id = sold(michigan.now, quantity=3, action="after_sale")
    incident = michigan.now.get_incident(incident_id)
    assert str(incident.decision.charge) == "38.97" and str(incident.decision.bonus) == "17.00"
    with pytest.raises(InvalidTransition, match=r"\$17.00 is already recorded"):
        michigan.now.claim_bonus(incident_id, staff="S05")


def test_bad_input(michigan):
    with pytest.raises(InvalidInput) as error:
        michigan.now.claim_bonus("not-an-id", staff="S05")
    assert error.value.field == "incident_id"
    with pytest.raises(NotFound):
        michigan.now.claim_bonus("01936f7e-0000-7000-8000-000000000000", staff="S05")
    incident_id = sold(michigan)
    with pytest.raises(InvalidInput) as error:
        michigan.now.claim_bonus(incident_id, staff="")
    assert error.value.field == "staff"


def test_cli_bonus_claim(michigan, database_url, monkeypatch):
    monkeypatch.delenv("POSDISC_DISABLE_PLUGIN_AUTOLOAD")  # the CLI finds the entry points
    incident_id = sold(michigan)
    runner = CliRunner()
    base = ["--database-url", database_url, "--config", str(michigan.config)]
    result = runner.invoke(
        build(), [*base, "bonus", "claim", incident_id, "--staff", "S05"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "refund $4.00 + bonus $5.00 = $9.00 owed to the customer" in result.output
    again = runner.invoke(
        build(), [*base, "bonus", "claim", incident_id, "--staff", "S05"], catch_exceptions=False
    )
    assert again.exit_code == 1
    assert "already recorded" in again.output and "Traceback" not in again.output
