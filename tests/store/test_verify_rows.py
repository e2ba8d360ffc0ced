"""Every column of ``incidents`` and ``decisions`` is re-derived from the events (issue 9).

The attacker edits rows below the application, deletes whole incidents, and rewrites the
end of the journal; each case asserts the kind of problem ``verify_journal`` names, on
SQLite and PostgreSQL. Anchors (heads kept elsewhere) catch what the database alone
cannot: a journal cut short, or re-hashed from an edit onwards.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import DBAPIError

from pos_discrepancy.desk import Desk
from pos_discrepancy.ids import uuid7
from pos_discrepancy.store import verify, verify_report
from pos_discrepancy.store.repository import DECISIONS, EVENTS, INCIDENTS

LATER = datetime(2030, 1, 1, tzinfo=UTC)
#: A value other than the journal's for every incident column but ``id`` and ``store_id``
#: (the novel: escalated, approved by M01, its tag fixed).
INCIDENT_EDITS = {
    "register_id": "R9", "cashier": "C99", "sku": "0000000000000", "description": "forged",
    "location": "Z9", "currency": "EUR", "shelf_price_minor": 1, "scanned_price_minor": 1,
    "quantity": 5, "claimed_total_minor": 1, "scanned_total_minor": 1,
    "direction": "undercharge", "difference_minor": 1, "line_difference_minor": 1,
    "promo_ends": date(2030, 1, 1), "cause": "other", "status": "declined",
    "resolution": "declined", "signage": "open", "requested_action": "decline",
    "claim_json": "{}", "options_json": "[]", "detected_at": LATER, "escalated_at": LATER,
    "resolved_at": LATER, "fixed_at": LATER, "fixed_by": "O99", "synced": True,
}  # fmt: skip
DECISION_EDITS = {
    "action": "honor", "charge_minor": 1, "decided_by": "C99", "decided_at": LATER,
    "approval": "denied", "approved_by": "M02", "approved_at": LATER,
    "customer_outcome": "walked_away", "goodwill_minor": 500, "bonus_minor": 100,
    "note": "forged",
}  # fmt: skip


def _change(attacker: Any, table: Any, incident_id: str, **values: Any) -> None:
    """UPDATE a row of ``table`` (typed through the table, as a forger's script would)."""
    key = table.c.id if table is INCIDENTS else table.c.incident_id
    with attacker.engine.begin() as connection:
        connection.execute(update(table).where(key == incident_id).values(**values))


def _problems(desk: Desk, **options: Any) -> list[tuple[str, str | None]]:
    report = desk.verify_journal(**options)
    return [(p.problem, p.incident_id) for p in report.problems]


def _only(desk: Desk, kind: str, **options: Any) -> verify.JournalProblem:
    report = desk.verify_journal(**options)
    assert [p.problem for p in report.problems] == [kind], report.problems
    assert not report.ok and "S001" not in report.heads
    return report.problems[0]


@pytest.mark.parametrize(
    ("table", "edits", "kind"),
    [
        (INCIDENTS, INCIDENT_EDITS, "incident_mismatch"),
        (DECISIONS, DECISION_EDITS, "decision_mismatch"),
    ],
    ids=["incidents", "decisions"],
)
def test_every_column_is_re_derived(
    journal_desk: Desk, attacker: Any, table: Any, edits: dict[str, Any], kind: str
) -> None:
    novel = attacker.at(1).incident_id
    assert set(edits) == {c.name for c in table.c} - {"id", "incident_id", "store_id"}
    _change(attacker, table, novel, **edits)
    problem = _only(journal_desk, kind)
    assert problem.incident_id == novel
    assert set(problem.columns) == set(edits)
    if table is INCIDENTS:
        assert "status is 'declined' but the journal says 'signage_fixed'" in problem.message
        assert "shelf_price is '0.01' but the journal says '9.98'" in problem.message


@pytest.mark.parametrize("column", sorted(INCIDENT_EDITS))
def test_each_incident_column_alone_is_named(
    journal_desk: Desk, attacker: Any, column: str
) -> None:
    coffee = attacker.at(4).incident_id
    _change(attacker, INCIDENTS, coffee, **{column: INCIDENT_EDITS[column]})
    problem = _only(journal_desk, "incident_mismatch")
    assert (problem.incident_id, problem.columns) == (coffee, (column,))


def test_the_money_charged_is_re_derived(journal_desk: Desk, attacker: Any) -> None:
    coffee = attacker.at(4).incident_id  # honored: 2 x 12.49 charged
    _change(attacker, DECISIONS, coffee, charge_minor=1)
    problem = _only(journal_desk, "decision_mismatch")
    assert (problem.incident_id, problem.columns) == (coffee, ("charge_minor",))
    assert "charge is '0.01' but the journal says '24.98'" in problem.message


def test_who_approved_is_re_derived(journal_desk: Desk, attacker: Any) -> None:
    novel = attacker.at(1).incident_id
    _change(attacker, DECISIONS, novel, approved_by="M02")
    problem = _only(journal_desk, "decision_mismatch")
    assert problem.columns == ("approved_by",)
    assert "approved_by is 'M02' but the journal says 'M01'" in problem.message


def test_every_problem_is_reported_not_only_the_first(journal_desk: Desk, attacker: Any) -> None:
    novel, coffee = attacker.at(1).incident_id, attacker.at(4).incident_id
    attacker.run("UPDATE events SET hash = :hash WHERE seq = 2", hash="f" * 64)
    attacker.run("UPDATE events SET body = :body WHERE seq = 6", body="not json")
    _change(attacker, DECISIONS, coffee, charge_minor=1)
    _change(attacker, INCIDENTS, novel, fixed_by="O99")
    report = journal_desk.verify_journal()
    assert [(p.problem, p.seq) for p in report.problems] == [
        ("edited", 2),
        ("edited", 6),
        ("incident_mismatch", None),
        ("decision_mismatch", None),
        ("incident_mismatch", None),
    ]
    assert [p.incident_id for p in report.problems[2:]] == [
        novel, coffee, attacker.at(6).incident_id
    ]  # fmt: skip
    assert "have no readable data" in report.problems[4].message


def test_problems_past_the_limit_are_counted(
    journal_desk: Desk, attacker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify_report, "MAX_PROBLEMS_PER_STORE", 2)
    for seq in (1, 4, 6):
        _change(attacker, INCIDENTS, attacker.at(seq).incident_id, cashier="C99")
    report = journal_desk.verify_journal()
    assert [p.problem for p in report.problems] == ["incident_mismatch"] * 2
    assert report.omitted == {"S001": 1} and not report.ok


# --- whole incidents deleted or forged ----------------------------------------------------


def _check(desk: Desk, shelf_price: str) -> str:
    """A new incident of the novel (scanned at 19.95) at the end of the journal."""
    check = desk.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price=shelf_price,
    )  # fmt: skip
    assert check.incident_id is not None
    return check.incident_id


def _trailing_incident(desk: Desk) -> str:
    """A fourth incident at the end of the journal (seq 10-11), honored."""
    incident_id = _check(desk, "19.45")
    desk.decide(incident_id, action="honor", cashier="C07")
    return incident_id


def _wipe(attacker: Any, incident_id: str, *tables: Any) -> None:
    """Delete the incident's rows from ``tables`` (events included: triggers off)."""
    with attacker.engine.begin() as connection:
        if attacker.postgresql:  # a superuser: the append-only trigger and the FKs off
            for table in ("events", "decisions", "incidents"):
                connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        else:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_delete")
        for table in tables:
            key = table.c.id if table is INCIDENTS else table.c.incident_id
            connection.execute(delete(table).where(key == incident_id))
        if attacker.postgresql:
            for table in ("events", "decisions", "incidents"):
                connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER ALL")


def test_a_trailing_incident_deleted_whole_is_caught_by_the_anchor(
    journal_desk: Desk, attacker: Any
) -> None:
    last = _trailing_incident(journal_desk)
    anchor = journal_desk.journal_heads()
    assert [h.line() for h in anchor] == [f"S001 register-R1 11 {attacker.at(11).hash}"]
    _wipe(attacker, last, EVENTS, DECISIONS, INCIDENTS)
    assert journal_desk.verify_journal().ok  # consistent on its own: only the anchor knows
    problem = _only(journal_desk, "anchor_shorter", anchor=anchor)
    assert (problem.seq, problem.chain) == (11, "register-R1")
    assert "ends at event 9, before the anchor's event 11" in problem.message


def test_an_incident_whose_events_were_deleted(journal_desk: Desk, attacker: Any) -> None:
    last = _trailing_incident(journal_desk)
    anchor = journal_desk.journal_heads()
    _wipe(attacker, last, EVENTS)
    assert _problems(journal_desk) == [("incident_without_events", last)]
    assert _problems(journal_desk, anchor=anchor) == [
        ("anchor_shorter", None),
        ("incident_without_events", last),
    ]


def test_events_whose_incident_row_was_deleted(journal_desk: Desk, attacker: Any) -> None:
    last = _trailing_incident(journal_desk)
    _wipe(attacker, last, DECISIONS, INCIDENTS)
    problem = _only(journal_desk, "events_without_incident")
    assert (problem.incident_id, problem.seq) == (last, 10)
    assert "2 events (from event 10)" in problem.message


def test_a_decision_left_without_its_incident(journal_desk: Desk, attacker: Any) -> None:
    last = _trailing_incident(journal_desk)
    _wipe(attacker, last, EVENTS, INCIDENTS)
    assert _problems(journal_desk) == [("decision_without_event", last)]


def test_a_deleted_decision_row(journal_desk: Desk, attacker: Any) -> None:
    coffee = attacker.at(4).incident_id
    _wipe(attacker, coffee, DECISIONS)
    assert _problems(journal_desk) == [("decision_missing", coffee)]


def test_a_forged_decision_row(journal_desk: Desk, attacker: Any) -> None:
    waiting = _check(journal_desk, "9.98")  # waiting for the cashier: no decided event
    with attacker.engine.begin() as connection:
        connection.execute(
            insert(DECISIONS).values(
                incident_id=waiting, store_id="S001", action="honor",
                charge_minor=998, decided_by="C07", decided_at=LATER,
            )
        )  # fmt: skip
    assert _problems(journal_desk) == [("decision_without_event", waiting)]


# --- the end of the journal rewritten ---------------------------------------------------


def test_the_last_event_edited_and_re_hashed_is_caught_by_the_anchor(
    journal_desk: Desk, attacker: Any
) -> None:
    anchor = journal_desk.journal_heads()
    last = attacker.at(9)  # the coffee's tag fixed by O02
    body = attacker.forge_body(last, staff="O77")
    attacker.run(
        "UPDATE events SET body = :body, hash = :hash WHERE id = :id",
        body=body, hash=attacker.chain_hash(last.prev_hash, body), id=last.id,
    )  # fmt: skip
    _change(attacker, INCIDENTS, last.incident_id, fixed_by="O77")  # and the row to match
    assert journal_desk.verify_journal().ok  # what verify alone cannot see
    problem = _only(journal_desk, "anchor_differs", anchor=anchor)
    assert (problem.seq, problem.event_id) == (9, last.id)
    assert "history rewritten" in problem.message


def test_an_event_appended_with_a_correct_hash(journal_desk: Desk, attacker: Any) -> None:
    last, novel = attacker.at(9), attacker.at(1).incident_id
    anchor, forged = journal_desk.journal_heads(), uuid7()
    body = attacker.forge_body(last, incident=novel, seq=10, id=forged, status="declined")
    attacker.run(
        "INSERT INTO events (id, store_id, chain, seq, incident_id, kind, at, body, prev_hash, "
        "hash) VALUES (:id, 'S001', 'register-R1', 10, :incident, 'signage_fixed', :at, :body, "
        ":prev, :hash)",
        id=forged, incident=novel, at=last.at, body=body, prev=last.hash,
        hash=attacker.chain_hash(last.hash, body),
    )  # fmt: skip
    problem = _only(journal_desk, "incident_mismatch", anchor=anchor)  # the anchor still holds
    assert problem.incident_id == novel and problem.columns == ("status",)


def test_events_decisions_and_incidents_wiped_together(journal_desk: Desk, attacker: Any) -> None:
    anchor = [h.line() for h in journal_desk.journal_heads()]
    with attacker.engine.begin() as connection:
        if attacker.postgresql:
            connection.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER ALL")
        else:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_delete")
        for table in (EVENTS, DECISIONS, INCIDENTS):
            connection.execute(delete(table))
        if attacker.postgresql:
            connection.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER ALL")
    report = journal_desk.verify_journal()
    assert report.ok and report.events_checked == {}  # "intact: 0 events" on its own
    problem = _only(journal_desk, "anchor_missing", anchor=anchor)
    assert (problem.store_id, problem.seq) == ("S001", 9)
    assert journal_desk.journal_heads() == []


def test_postgresql_refuses_truncate_on_events(journal_desk: Desk) -> None:
    engine = journal_desk.context.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE FROM events is refused by its trigger")
    for statement in ("TRUNCATE events", "TRUNCATE stores CASCADE"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    assert journal_desk.verify_journal().events_checked == {"S001": 9}


def test_anchors_of_other_stores_and_chains(journal_desk: Desk, attacker: Any) -> None:
    line = f"S001 register-R1 9 {attacker.at(9).hash}"
    assert journal_desk.verify_journal(anchor=[line, line, "# kept 2026-11-25", ""]).ok
    for chain in ("store", "register-R2"):  # a chain this store's journal does not have
        report = journal_desk.verify_journal(anchor=[line.replace("register-R1", chain)])
        assert [(p.problem, p.chain) for p in report.problems] == [("anchor_missing", chain)]
    other = f"S404 store 3 {'a' * 64}"
    assert _problems(journal_desk, anchor=[other]) == [("anchor_missing", None)]
    assert journal_desk.verify_journal("S001", anchor=[other]).ok  # not this store's
