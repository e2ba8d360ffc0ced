"""Any mutation of a valid batch is applied, quarantined or refused 4xx: never a 500 and
never a broken journal (design §6)."""

from __future__ import annotations

import copy
import json
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_discrepancy.desk import Desk
from pos_discrepancy.errors import NotFound
from pos_discrepancy.web.extension import get_desk

from .conftest import StoreServer, offline_day, reseal
from .test_quarantine import batch_of, escalated

#: Values an attacker (or a broken register) would put into an event.
VALUES = (
    st.sampled_from(["abc", "-5.00", "0.00", "9.98", "12.490", "1e3", "", "M01", "M77", "c07",
                     "A01", "honored", "declined", "awaiting_approval", "signage_fixed",
                     "detected", "escalate", "honor", "decline", "forged", "2099-01-01",
                     "1970-01-01T00:00:00+00:00", "2099-01-01T00:00:00+00:00"])
    | st.none() | st.booleans() | st.integers(-10, 10_000) | st.text(max_size=8)
    | st.dictionaries(st.sampled_from(["register", "pin_hash_of"]),
                      st.sampled_from(["R1", "R2", "2026-11-25", "2099-01-01", "x"]))
)  # fmt: skip
KEYS = st.sampled_from(
    ["charge", "manager", "action", "status", "resolution", "cashier", "pin_verified_at",
     "customer_outcome", "goodwill", "bonus", "staff", "cause", "requires_approval",
     "shelf_price", "sku", "owed"]
)  # fmt: skip


def server_events(desk: Desk, incident_id: str) -> list[Any]:
    """The server's events of the incident (none when its first event was held)."""
    try:
        return list(desk.get_incident(incident_id).events)
    except NotFound:
        return []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_mutated_batch_is_applied_quarantined_or_refused(
    register: Desk, server_app: Flask, data: st.DataObject
) -> None:
    if not register.store_has_incidents("S001"):  # the fixture outlives examples
        offline_day(register)
        escalated(register)
    body = copy.deepcopy(batch_of(register))
    desk = get_desk(server_app)
    before = StoreServer(server_app, 0).rows()
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        item = data.draw(st.sampled_from(body["incidents"]), label="incident")
        event = data.draw(st.sampled_from(item["events"]), label="event")
        where = data.draw(st.sampled_from(["data", "kind", "at"]), label="where")
        if where == "data":
            key = data.draw(KEYS, label="key")
            event["data"][key] = data.draw(VALUES, label="value")
        elif where == "kind":
            event["kind"] = data.draw(
                st.sampled_from(["detected", "decided", "approved", "denied", "refund_issued",
                                 "approval_timed_out", "signage_fixed", "bonus_claimed"]),
                label="kind",
            )  # fmt: skip
        else:
            event["at"] = data.draw(
                st.sampled_from(["1970-01-01T00:00:00+00:00", "2099-01-01T00:00:00+00:00",
                                 "2026-11-25T15:04:00+00:00", "2026-11-25T14:00:00+00:00"]),
                label="at",
            )  # fmt: skip
    if data.draw(st.booleans(), label="reseal"):  # else the chain check refuses the change
        reseal(body)
    token = server_app.config["TOKENS"]["R1"]
    response = server_app.test_client().post(
        "/api/v1/sync", data=json.dumps(body), headers={"Authorization": f"Bearer {token}"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code in (200, 400, 403, 409, 422), response.json
    report = desk.verify_journal()
    assert report.ok, report
    if response.status_code != 200:
        assert response.json["error"]["field"]
        assert StoreServer(server_app, 0).rows() == before
        return
    held = {q["event_id"] for q in response.json["quarantined"]}
    journaled = {e.id for i in body["incidents"] for e in server_events(desk, i["incident"]["id"])}
    for item in body["incidents"]:
        for event in item["events"]:
            assert (event["id"] in held) != (event["id"] in journaled), event["id"]
