"""``posdisc journal verify`` on intact and tampered journals."""

from __future__ import annotations

import pytest
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


# --- journal head and --anchor (issue 9) ----------------------------------------------------


def test_journal_head_prints_one_line_per_chain(invoke, shop, tmp_path):
    _escalate_and_approve(shop)  # at R1: three events on its chain
    shop.check(store="S001", register="R2", cashier="C01", sku="9788883701122",
               scanned_price="19.95", shelf_price="17.95")  # fmt: skip
    shop.add_store("S002", name="High St", currency="USD")
    shop.check(store="S002", register="R1", cashier="C01", sku="9788883701122",
               scanned_price="19.95", shelf_price="18.95")  # fmt: skip
    result = invoke(["journal", "head"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["S001", "register-R1", "3"], ["S001", "register-R2", "1"], ["S002", "register-R1", "1"]
    ]  # fmt: skip
    assert all(len(line.split()[3]) == 64 for line in lines)
    only = invoke(["journal", "head", "--store", "S002"])
    assert only.output.splitlines() == lines[2:]
    anchor = tmp_path / "anchors.txt"
    anchor.write_text("# heads kept off the store server\n" + result.output)
    verified = invoke(["journal", "verify", "--anchor", str(anchor)])
    assert verified.exit_code == 0, verified.output
    assert "3 anchor lines matched" in verified.output


def test_verify_against_an_anchor_names_a_journal_cut_short(invoke, shop, database_url, tmp_path):
    _escalate_and_approve(shop)
    anchor = tmp_path / "anchors.txt"
    anchor.write_text(invoke(["journal", "head"]).output)
    _tamper(database_url, "DELETE FROM events WHERE seq = 3")
    _tamper(database_url, "UPDATE decisions SET approval = NULL, approved_by = NULL, "
                          "approved_at = NULL, charge_minor = NULL")  # fmt: skip
    _tamper(database_url, "UPDATE incidents SET status = 'awaiting_approval', "
                          "resolution = 'awaiting_approval', resolved_at = NULL")  # fmt: skip
    assert invoke(["journal", "verify"]).exit_code == 0  # consistent on its own
    result = invoke(["journal", "verify", "--anchor", str(anchor)])
    assert result.exit_code == 1
    assert (
        "BROKEN S001: anchor_shorter: chain register-R1 of store S001 ends at event 2"
        in result.output
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("S001 store 3\n", "line 1: expected four words"),
        (f"# ok\n\nS001 store three {'a' * 64}\n", "line 3: the seq 'three'"),
        ("S001 store 3 not-a-hash\n", "line 1: the hash is not 64"),
        ("S001 store 0 " + "a" * 64 + "\n", "line 1: the seq '0'"),
    ],
)
def test_a_bad_anchor_file_is_a_usage_error_naming_the_line(invoke, shop, tmp_path, content, says):
    anchor = tmp_path / "anchors.txt"
    anchor.write_text(content)
    result = invoke(["journal", "verify", "--anchor", str(anchor)])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--anchor'" in result.output and says in result.output
    assert "Traceback" not in result.output
    missing = invoke(["journal", "verify", "--anchor", str(tmp_path / "nowhere.txt")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
