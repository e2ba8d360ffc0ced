"""The Python API example of design §5, run as written (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

import pos_discrepancy
from pos_discrepancy.domain import Status


def test_the_design_example_runs_as_written(
    database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prices.csv").write_text(
        "sku,description,price\n9788883701122,Paperback novel,19.95\n", encoding="utf-8"
    )
    desk = pos_discrepancy.connect(database_url=database_url, config=None)
    try:
        desk.add_store("S001", name="Main St", currency="USD", jurisdiction=None)
        desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
        assert desk.import_prices("S001", "prices.csv") == 1
        check = desk.check(
            store="S001",
            register="R1",
            cashier="C07",
            sku="9788883701122",
            scanned_price="19.95",
            shelf_price="9.98",
            quantity=1,
            location="A7-B3",
        )
        assert check.discrepancy and check.incident_id
        assert check.direction == "overcharge" and str(check.difference) == "9.97"
        assert [o.action for o in check.options] == ["honor", "escalate", "decline"]
        desk.decide(check.incident_id, action="escalate", cashier="C07")
        assert [i.id for i in desk.pending_approvals("S001")] == [check.incident_id]
        desk.approve(check.incident_id, manager="M01", pin="2468", approve=True)
        desk.fix(check.incident_id, staff="O02", cause="sale_ended_tag_left_up")
        incident = desk.get_incident(check.incident_id)
        assert incident.status is Status.SIGNAGE_FIXED
        assert [e.kind for e in incident.events] == [
            "detected",
            "decided",
            "approved",
            "signage_fixed",
        ]
        assert str(incident.decision.charge) == "9.98"
        assert incident.decision.approved_by == "M01"
        assert desk.pending_approvals("S001") == []
    finally:
        desk.close()
