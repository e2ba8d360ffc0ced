"""Every way of tampering with the journal is detected and named (issue 2, item 7).

The attacker works below the application: on SQLite with the file (dropping the
append-only triggers), on PostgreSQL as a superuser (disabling the trigger). Each case
checks ``verify_journal`` and ``posdisc journal verify`` on both databases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner

from pos_discrepancy.cli import build
from pos_discrepancy.desk import Desk
from pos_discrepancy.ids import uuid7


@dataclass(frozen=True)
class Expected:
    """The problem ``verify_journal`` must report first."""

    problem: str
    seq: int | None = None
    event_id: str | None = None
    says: str = ""


def edited_payload(attacker: Any) -> Expected:
    decided = attacker.at(5)
    attacker.run(
        "UPDATE events SET body = :body WHERE id = :id",
        body=attacker.forge_body(decided, charge="0.01"),
        id=decided.id,
    )
    return Expected("edited", 5, decided.id, "does not match its hash")


def edited_hash(attacker: Any) -> Expected:
    approved = attacker.at(3)
    attacker.run("UPDATE events SET hash = :hash WHERE id = :id", hash="f" * 64, id=approved.id)
    return Expected("edited", 3, approved.id, "does not match its hash")


def edited_and_rehashed(attacker: Any) -> Expected:
    decided = attacker.at(5)
    body = attacker.forge_body(decided, charge="0.01")
    attacker.run(
        "UPDATE events SET body = :body, hash = :hash WHERE id = :id",
        body=body,
        hash=attacker.chain_hash(decided.prev_hash, body),
        id=decided.id,
    )
    return Expected("chain_broken", 6, attacker.at(6).id, "does not link to event 5")


def deleted_in_the_middle(attacker: Any) -> Expected:
    attacker.run("DELETE FROM events WHERE id = :id", id=attacker.at(4).id)
    return Expected("gap", 5, attacker.at(5).id, "event 4 is missing")


def deleted_last_events(attacker: Any) -> Expected:
    attacker.run("DELETE FROM events WHERE seq >= 8")
    return Expected("incident_mismatch", says="is 'signage_fixed' but the journal says 'honored'")


def moved_to_another_chain(attacker: Any) -> Expected:
    # relabelled as another register's (its body says register-R1): R1's chain now starts
    # at 2, and R2's one event is named too ("column chain differs from the hashed record")
    first, second = attacker.at(1), attacker.at(2)
    attacker.run("UPDATE events SET chain = 'register-R2' WHERE id = :id", id=first.id)
    return Expected("gap", 2, second.id, "register-R1: event 1 is missing")


def reordered(attacker: Any) -> Expected:
    second, third = attacker.at(2), attacker.at(3)
    attacker.run(  # three steps: (store_id, seq) stays unique at every moment
        "UPDATE events SET seq = -1 WHERE id = :second",
        "UPDATE events SET seq = 2 WHERE id = :third",
        "UPDATE events SET seq = 3 WHERE id = :second",
        second=second.id,
        third=third.id,
    )
    return Expected("reordered", 2, third.id, "recorded as event 3")


def _insert(attacker: Any, template: Any, seq: int, prev_hash: str, **changes: Any) -> str:
    forged_id = uuid7()
    body = attacker.forge_body(template, id=forged_id, seq=seq, **changes)
    attacker.run(
        "INSERT INTO events (id, store_id, chain, seq, incident_id, kind, at, body, prev_hash, "
        "hash) VALUES (:id, :store_id, :chain, :seq, :incident_id, :kind, :at, :body, "
        ":prev_hash, :hash)",
        id=forged_id,
        store_id=template.store_id,
        chain=template.chain,
        seq=seq,
        incident_id=changes.get("incident", template.incident_id),
        kind=changes.get("kind", template.kind),
        at=template.at,
        body=body,
        prev_hash=prev_hash,
        hash=attacker.chain_hash(prev_hash, body),
    )
    return forged_id


def inserted_in_the_middle(attacker: Any) -> Expected:
    second, third = attacker.at(2), attacker.at(3)
    attacker.run(*(f"UPDATE events SET seq = {s + 1} WHERE seq = {s}" for s in range(9, 2, -1)))
    forged = _insert(attacker, third, 3, second.hash, manager="M02")
    return Expected("inserted", 3, forged, "event 3 was inserted")


def forged_at_the_end(attacker: Any) -> Expected:
    last, first = attacker.at(9), attacker.at(1)
    _insert(attacker, last, 10, last.hash, incident=first.incident_id, status="declined")
    return Expected("incident_mismatch", says="but the journal says 'declined'")


def forged_for_unknown_incident(attacker: Any) -> Expected:
    last = attacker.at(9)
    ghost = uuid7()
    _insert(attacker, last, 10, last.hash, incident=ghost)
    return Expected("events_without_incident", 10, says=f"incident {ghost}, which does not exist")


def incident_status_edited(attacker: Any) -> Expected:
    coffee = attacker.at(4).incident_id
    attacker.run("UPDATE incidents SET status = 'declined' WHERE id = :id", id=coffee)
    return Expected("incident_mismatch", says=f"incident {coffee}: status is 'declined'")


def incident_price_edited(attacker: Any) -> Expected:
    novel = attacker.at(1).incident_id
    attacker.run("UPDATE incidents SET shelf_price_minor = 1 WHERE id = :id", id=novel)
    return Expected(
        "incident_mismatch", says=f"incident {novel}: shelf_price is '0.01' but the journal says"
    )


TAMPERING: list[Callable[[Any], Expected]] = [
    edited_payload,
    edited_hash,
    edited_and_rehashed,
    deleted_in_the_middle,
    deleted_last_events,
    moved_to_another_chain,
    reordered,
    inserted_in_the_middle,
    forged_at_the_end,
    forged_for_unknown_incident,
    incident_status_edited,
    incident_price_edited,
]


def verify_cli(desk: Desk, *extra: str) -> Any:
    """``posdisc journal verify`` on the desk's database, as a user would run it."""
    url = desk.context.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(build(), ["--database-url", url, "journal", "verify", *extra])


def test_intact_journal_verifies(journal_desk: Desk, attacker: Any) -> None:
    report = journal_desk.verify_journal()
    assert report.ok, report.problems
    assert report.events_checked == {"S001": 9}
    assert report.heads == {("S001", "register-R1"): (9, attacker.at(9).hash)}
    result = verify_cli(journal_desk)
    assert result.exit_code == 0, result.output
    assert "journal intact: 9 events" in result.output


@pytest.mark.parametrize("tampering", TAMPERING, ids=lambda t: t.__name__)
def test_tampering_is_detected_and_named(
    journal_desk: Desk, attacker: Any, tampering: Callable[[Any], Expected]
) -> None:
    expected = tampering(attacker)
    report = journal_desk.verify_journal()
    assert not report.ok
    first = report.problems[0]
    assert (first.store_id, first.problem) == ("S001", expected.problem), first
    assert (first.seq, first.event_id) == (expected.seq, expected.event_id), first
    assert expected.says in first.message
    assert "S001" not in report.heads  # a broken chain has no trustworthy head

    result = verify_cli(journal_desk)
    assert result.exit_code == 1, result.output
    assert f"BROKEN S001: {expected.problem}" in result.output
    if expected.event_id:
        assert expected.event_id in result.output
    assert verify_cli(journal_desk, "--store", "S001").exit_code == 1


def test_verify_of_one_store_ignores_the_others(journal_desk: Desk, attacker: Any) -> None:
    journal_desk.add_store("S002", name="High St", currency="USD")
    journal_desk.check(
        store="S002", register="R1", cashier="C01", sku="9788883701122",
        scanned_price="19.95", shelf_price="18.95",
    )  # fmt: skip
    edited_hash(attacker)
    assert journal_desk.verify_journal("S002").ok
    assert not journal_desk.verify_journal("S001").ok
    report = journal_desk.verify_journal()
    assert [p.store_id for p in report.problems] == ["S001"]
    assert report.events_checked["S002"] == 1 and ("S002", "register-R1") in report.heads
    assert verify_cli(journal_desk, "--store", "S002").exit_code == 0


def test_verify_of_an_unknown_store_is_a_clear_error(journal_desk: Desk) -> None:
    result = verify_cli(journal_desk, "--store", "S999")
    assert result.exit_code == 1
    assert "S999" in result.output and "Traceback" not in result.output
