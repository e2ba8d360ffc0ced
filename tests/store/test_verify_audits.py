"""``journal verify`` re-derives every self-audit from its events (store/verify_audits.py):
a changed finding, score or sample, an audit row deleted, or its events gone, is named.
On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from pos_discrepancy.desk import Desk

from .. import audit_fixture as fixture


@pytest.fixture
def audited(store: Desk) -> tuple[Desk, str, list[str]]:
    """S001 with a scored audit of 5 items (one overcharged); returns its id and SKUs."""
    fixture.stock(store)
    audit = store.start_audit("S001", size=5, seed=7, by="M01")
    skus = [item.sku for item in audit.items]
    for sku in skus:
        price = audit.item(sku).system_price
        store.record_audit_finding("S001", audit.id, sku, price, price, by="O02")
    store.record_audit_finding("S001", audit.id, skus[0], "0.01", "2.99", by="O02")
    store.score_audit("S001", audit.id, by="M01")
    return store, audit.id, skus


def run(desk: Desk, statement: str, **params: Any) -> None:
    with desk.context.engine.begin() as connection:
        connection.execute(text(statement), params)


def problems(desk: Desk) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.problem, p.columns) for p in desk.verify_journal().problems]


def test_an_untouched_audit_verifies(audited: Any) -> None:
    desk, _, _ = audited
    report = desk.verify_journal()
    assert report.ok, report.problems


def test_a_finding_s_price_changed_is_named(audited: Any) -> None:
    desk, audit_id, skus = audited
    run(desk, "UPDATE audit_items SET scanned_price_minor = 1 WHERE audit_id = :a AND sku = :s",
        a=audit_id, s=skus[0])  # fmt: skip
    assert problems(desk) == [("audit_mismatch", ("audit_items.scanned_price_minor",))]


def test_who_scored_and_the_sample_changed_are_named(audited: Any) -> None:
    desk, audit_id, skus = audited
    run(desk, "UPDATE audits SET scored_by = 'M99', seed = 8 WHERE id = :a", a=audit_id)
    run(desk, "DELETE FROM audit_items WHERE audit_id = :a AND sku = :s", a=audit_id, s=skus[1])
    ((kind, columns),) = problems(desk)
    assert kind == "audit_mismatch"
    assert {"seed", "scored_by", "audit_items.sku"} <= set(columns)


def test_an_audit_deleted_leaves_its_events_named(audited: Any) -> None:
    desk, audit_id, _ = audited
    run(desk, "DELETE FROM audit_items WHERE audit_id = :a", a=audit_id)
    run(desk, "DELETE FROM audits WHERE id = :a", a=audit_id)
    report = desk.verify_journal()
    ((problem),) = report.problems
    assert problem.problem == "events_without_audit" and problem.incident_id == audit_id
    assert "8 journal events" in problem.message  # started, 5 + 1 findings, scored
