"""``posdisc journal verify`` on intact and tampered journals."""

from __future__ import annotations

from sqlalchemy import text

from pos_discrepancy.store.engine import make_engine


def _escalate_and_approve(desk) -> str:  # type: ignore[no-untyped-def]
    check = desk.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122", shelf_price="9.98"
    )
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    desk.approve(check.incident_id, manager="M01", pin="2468")
    return check.incident_id


def _tamper(database_url: str, statement: str) -> None:
    """Do what an attacker with database access would: bypass the append-only guard."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS events_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS events_no_delete"))
        connection.execute(text(statement))
    engine.dispose()


def test_empty_journal_verifies(invoke, desk):
    result = invoke(["journal", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("journal intact: 0 events verified")


def test_intact_journal_counts_events_per_store(invoke, shop):
    _escalate_and_approve(shop)
    result = invoke(["journal", "verify", "--store", "S001"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "S001: 3 events checked"
    assert "journal intact: 3 events verified in" in result.output


def test_edited_payload_is_named_and_exits_1(invoke, shop, database_url):
    _escalate_and_approve(shop)
    _tamper(
        database_url,
        "UPDATE events SET body = replace(body, '\"9.98\"', '\"0.01\"') WHERE seq = 3",
    )
    result = invoke(["journal", "verify"])
    assert result.exit_code == 1
    assert "BROKEN S001:" in result.output
    assert "journal intact" not in result.output
    assert "Traceback" not in result.output


def test_deleted_event_is_detected(invoke, shop, database_url):
    _escalate_and_approve(shop)
    _escalate_and_approve(shop)
    _tamper(database_url, "DELETE FROM events WHERE seq = 2")
    result = invoke(["journal", "verify", "--store", "S001"])
    assert result.exit_code == 1
    assert "BROKEN S001:" in result.output


def test_unknown_store_is_one_line(invoke, shop):
    result = invoke(["journal", "verify", "--store", "S404"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: store: there is no store 'S404'; add it first (posdisc init, or add_store)"
    ]
