"""The rule plugins through the real desk (SQLite and PostgreSQL) and the CLI prompt."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from pos_discrepancy import ConfigurationError, DiscrepancyError, hookimpl
from pos_discrepancy.cli import build
from pos_discrepancy.domain import Status

from .conftest import RULE_NAMES, RULE_PLUGINS


@pytest.fixture
def canada(make_desk):
    """Store C001 (CAD) under the Scanner Price Accuracy Code, all six rules installed."""
    desk = make_desk(plugins=RULE_PLUGINS)
    desk.add_store("C001", name="Queen St", currency="CAD", jurisdiction="ca_spac", locale="en_CA")
    return desk


def scan(desk, shelf, scanned, store="C001", **extra):
    return desk.check(
        store=store,
        register="R1",
        cashier="C07",
        sku="0060383000011",
        shelf_price=shelf,
        scanned_price=scanned,
        **extra,
    )


def test_entry_points_are_installed():
    names = {e.name for e in entry_points(group="posdisc")}
    assert set(RULE_NAMES) <= names


def test_done_when_first_item_free_and_ten_off(canada):
    free = scan(canada, "8.99", "12.99")
    first = free.options[0]
    assert (first.action, first.label, str(first.charge)) == (
        "scanner_code",
        "First item free",
        "0.00",
    )
    off = scan(canada, "19.99", "24.99")
    assert (off.options[0].label, str(off.options[0].charge)) == ("$10 off", "9.99")
    incident = canada.decide(off.incident_id, action="scanner_code", cashier="C07")
    assert incident.status is Status.HONORED
    assert str(incident.decision.charge) == "9.99"
    with pytest.raises(Exception, match="not available"):
        canada.decide(free.incident_id, action="decline", cashier="C07")
    assert canada.verify_journal().ok


def test_lowest_displayed_price_from_a_sign(canada):
    check = scan(canada, "12.99", "12.99", displayed_prices=[{"source": "sign", "price": "8.99"}])
    assert check.discrepancy and check.direction == "overcharge"
    assert str(check.difference) == "4.00"
    assert str(check.options[0].charge) == "0.00"
    stored = canada.get_incident(check.incident_id)
    assert stored.claim["lowest_price"] == "8.99"
    assert stored.claim["displayed_prices"] == [{"source": "sign", "price": "8.99"}]


def test_exclusion_flag_from_the_price_file(canada, tmp_path: Path):
    prices = tmp_path / "prices.csv"
    prices.write_text(
        "sku,description,price,prescription\n0060383000011,Allergy tablets,12.99,yes\n",
        encoding="utf-8",
    )
    canada.import_prices("C001", prices)
    check = scan(canada, "8.99", None)
    remedy = next(o for o in check.options if o.action == "scanner_code")
    assert not remedy.available and "prescription drugs" in remedy.reason
    assert check.options[0].action == "honor"
    assert next(o for o in check.options if o.action == "decline").available


def test_expired_sale_tag_is_not_covered(canada):
    check = scan(canada, "8.99", "12.99", promo_ends="2026-11-01")
    assert check.cause == "sale_ended_tag_left_up"
    remedy = next(o for o in check.options if o.action == "scanner_code")
    assert not remedy.available and "sale ended" in remedy.reason


def test_undercharge_is_honored_at_the_scan_with_nothing_extra(canada):
    check = scan(canada, "12.99", "8.99")
    assert check.status is Status.HONORED
    assert [o.action for o in check.options] == ["honor"]
    assert str(canada.get_incident(check.incident_id).decision.charge) == "8.99"


def test_cad_rule_at_a_usd_store_is_refused_with_the_reason(make_desk):
    desk = make_desk(plugins=RULE_PLUGINS)
    desk.add_store("U001", name="Detroit", currency="USD", jurisdiction="ca_spac")
    check = scan(desk, "8.99", "12.99", store="U001")
    remedy = next(o for o in check.options if o.action == "scanner_code")
    assert not remedy.available
    assert "defined in CAD" in remedy.reason and "trades in USD" in remedy.reason
    assert check.options[0].action == "honor"  # the store's own options still work
    incident = desk.decide(check.incident_id, action="escalate", cashier="C07")
    assert incident.status is Status.AWAITING_APPROVAL


def test_unknown_jurisdiction_lists_the_installed_ones(make_desk, tmp_path: Path):
    desk = make_desk(plugins=RULE_PLUGINS)
    with pytest.raises(DiscrepancyError) as error:  # bad input to add_store
        desk.add_store("X001", name="Nowhere", currency="USD", jurisdiction="us_zz")
    message = error.value.message
    assert "us_zz" in message
    assert all(name in message for name in RULE_NAMES)
    config = tmp_path / "policy.toml"
    config.write_text('[policy]\njurisdiction = "ca_scpa"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="installed: au_scanning_code, ca_spac"):
        make_desk(plugins=RULE_PLUGINS, config=config)


class BrokenRule:
    """A jurisdiction plugin with a bug: it raises on every overcharge."""

    @hookimpl
    def posdisc_jurisdictions(self):
        return ["broken"]

    @hookimpl
    def posdisc_adjust_options(self, options, discrepancy, store):
        if store.policy.jurisdiction == "broken":
            raise ZeroDivisionError("rule table missing")


def test_a_broken_rule_plugin_does_not_break_checkout(make_desk, caplog):
    desk = make_desk(plugins=[*RULE_PLUGINS, BrokenRule()])
    desk.add_store("B001", name="Buggy", currency="USD", jurisdiction="broken")
    check = scan(desk, "8.99", "12.99", store="B001")
    assert [o.action for o in check.options] == ["honor", "escalate", "decline"]
    assert any("rule table missing" in w for w in check.warnings)
    assert "posdisc_adjust_options" in caplog.text
    incident = desk.decide(check.incident_id, action="escalate", cashier="C07")
    assert incident.status is Status.AWAITING_APPROVAL


def test_cli_prompt_shows_the_remedies(canada, database_url, monkeypatch):
    monkeypatch.delenv("POSDISC_DISABLE_PLUGIN_AUTOLOAD")  # the CLI finds the entry points
    typed = "".join(
        f"{a}\n"
        for a in (
            *("0060383000011", "8.99", "12.99", "1", ""),
            *("1", "b"),
            *("0060383000011", "19.99", "24.99", "1", ""),
            *("1", "b"),
            "",
        )
    )
    result = CliRunner().invoke(
        build(),
        [
            "--database-url",
            database_url,
            "check",
            "--store",
            "C001",
            "--register",
            "R1",
            "--cashier",
            "C07",
        ],
        input=typed,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "First item free" in result.output and "$0.00" in result.output
    assert "$10 off" in result.output and "$9.99" in result.output
    assert "Our Scanner Price Accuracy Code" in result.output
