"""Two desks on one database, as a register process and the web server would be."""

from __future__ import annotations

from pos_discrepancy.domain import Status


def test_a_fresh_desk_decides_approves_and_fixes_incidents_another_created(
    make_store, make_desk, overcharge
) -> None:
    till = make_store()
    first, second = overcharge(till), overcharge(till, shelf="19.50")
    office = make_desk()  # a new process: it has read nothing about store S001 yet
    assert office.decide(first, action="escalate", cashier="C07").status is (
        Status.AWAITING_APPROVAL
    )
    other = make_desk()
    assert other.decide(second, action="honor", cashier="C07").status is Status.HONORED
    again = make_desk()
    assert again.approve(first, manager="M01", pin="2468").status is Status.HONORED
    assert make_desk().fix(first, staff="O01").status is Status.SIGNAGE_FIXED
    assert till.get_incident(first).status is Status.SIGNAGE_FIXED
    assert till.verify_journal("S001").ok


def test_incidents_from_two_desks_share_one_journal(make_store, make_desk, overcharge) -> None:
    one = make_store()
    two = make_desk()
    ids = [overcharge(desk) for desk in (one, two, one, two)]
    assert len(set(ids)) == 4
    seqs = [e.seq for i in ids for e in one.get_incident(i).events]
    assert sorted(seqs) == list(range(seqs[0], seqs[0] + 4))
    assert two.verify_journal("S001").ok
