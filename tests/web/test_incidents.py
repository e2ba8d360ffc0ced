"""The incident endpoints over HTTP: decision, approval, fix, outcome, bonus claim, read."""

from __future__ import annotations

import posdisc_us_mi
import pytest

from pos_discrepancy.web.extension import get_desk


def post(client, auth, incident_id, step, body):
    return client.post(f"/api/v1/incidents/{incident_id}/{step}", json=body, headers=auth)


def test_full_flow_check_escalate_approve_fix(client, auth, check_body, clock):
    check = client.post("/api/v1/checks", json=check_body, headers=auth)
    assert check.status_code == 201
    incident_id = check.json["incident_id"]

    escalated = post(
        client, auth, incident_id, "decision", {"action": "escalate", "cashier": "C07"}
    )
    assert escalated.status_code == 200
    assert escalated.json["status"] == "awaiting_approval"
    assert escalated.json["id"] == incident_id

    waiting = client.get("/api/v1/approvals?store=S001", headers=auth)
    assert [i["id"] for i in waiting.json["approvals"]] == [incident_id]

    clock.advance(minutes=1)
    approved = post(
        client, auth, incident_id, "approval", {"manager": "M01", "pin": "2468", "approve": True}
    )
    assert approved.status_code == 200
    assert approved.json["status"] == "honored"
    assert approved.json["decision"]["charge"] == "9.98"
    assert approved.json["decision"]["approved_by"] == "M01"
    assert client.get("/api/v1/approvals", headers=auth).json == {"approvals": []}

    fixed = post(
        client, auth, incident_id, "fix", {"staff": "O02", "cause": "sale_ended_tag_left_up"}
    )
    assert fixed.status_code == 200
    assert (fixed.json["status"], fixed.json["cause"]) == (
        "signage_fixed",
        "sale_ended_tag_left_up",
    )

    shown = client.get(f"/api/v1/incidents/{incident_id}", headers=auth)
    assert shown.status_code == 200
    kinds = [e["kind"] for e in shown.json["events"]]
    assert kinds[0] == "detected" and len(kinds) >= 4
    assert [e["seq"] for e in shown.json["events"]] == sorted(
        e["seq"] for e in shown.json["events"]
    )
    for field in ("shelf_price", "scanned_price", "difference", "claimed_total"):
        assert isinstance(shown.json[field], str)


def test_approvals_oldest_first_and_default_to_the_token_store(client, auth, check_body, clock):
    ids = []
    for _ in range(3):
        check = client.post("/api/v1/checks", json=check_body, headers=auth).json
        post(
            client, auth, check["incident_id"], "decision", {"action": "escalate", "cashier": "C07"}
        )
        ids.append(check["incident_id"])
        clock.advance(seconds=10)
    waiting = client.get("/api/v1/approvals", headers=auth).json["approvals"]
    assert [i["id"] for i in waiting] == ids


def test_decline_with_outcome_then_outcome_afterwards(client, auth, incident_id):
    declined = post(client, auth, incident_id, "decision", {"action": "decline", "cashier": "C07"})
    assert declined.status_code == 200
    assert declined.json["status"] == "declined"
    recorded = post(
        client, auth, incident_id, "outcome", {"customer_outcome": "walked_away", "staff": "C07"}
    )
    assert recorded.status_code == 200, recorded.json
    assert recorded.json["decision"]["customer_outcome"] == "walked_away"


def test_deciding_twice_is_409_and_stores_nothing(client, auth, incident_id, snapshot):
    post(client, auth, incident_id, "decision", {"action": "decline", "cashier": "C07"})
    before = snapshot()
    again = post(client, auth, incident_id, "decision", {"action": "escalate", "cashier": "C07"})
    assert again.status_code == 409
    assert again.json["error"]["code"] == "invalid_state"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "shout", "cashier": "C07"}, "action"),
        ({"action": "decline", "cashier": ""}, "cashier"),
        ({"action": "decline"}, "cashier"),
        ({"cashier": "C07"}, "action"),
        ({"action": "decline", "cashier": "C07", "goodwill": "-1.00"}, "goodwill"),
        ({"action": "decline", "cashier": "C07", "goodwill": 1e-9}, "goodwill"),
        ({"action": "decline", "cashier": "C07", "customer_outcome": "maybe"}, "customer_outcome"),
        ({"action": "decline", "cashier": "C07", "why": "x"}, "why"),
    ],
)
def test_bad_decisions_are_422_naming_the_field(client, auth, incident_id, snapshot, body, field):
    before = snapshot()
    response = post(client, auth, incident_id, "decision", body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == field
    assert snapshot() == before


@pytest.mark.parametrize("bad_id", ["nope", "1234", "01a21391-f023-7334-8a27-f8633f4fcd68"])
def test_unknown_or_malformed_incident_ids(client, auth, bad_id):
    response = client.get(f"/api/v1/incidents/{bad_id}", headers=auth)
    assert response.status_code in (404, 422)
    assert response.json["error"]["field"] == "incident_id"
    decided = post(client, auth, bad_id, "decision", {"action": "decline", "cashier": "C07"})
    assert decided.status_code == response.status_code


@pytest.fixture
def escalated(client, auth, incident_id):
    post(client, auth, incident_id, "decision", {"action": "escalate", "cashier": "C07"})
    return incident_id


def test_wrong_pin_is_401(client, auth, escalated, snapshot):
    response = post(
        client, auth, escalated, "approval", {"manager": "M01", "pin": "0000", "approve": True}
    )
    assert response.status_code == 401
    assert response.json["error"]["field"] == "pin"


def test_denial_declines(client, auth, escalated):
    response = post(
        client,
        auth,
        escalated,
        "approval",
        {"manager": "M02", "pin": "1122", "approve": False, "note": "tag was for another size"},
    )
    assert response.status_code == 200
    assert response.json["status"] == "declined"
    assert response.json["decision"]["approval"] == "denied"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"manager": "M01", "pin": "2468", "approve": "yes"}, 422, "approve"),
        ({"manager": "M01", "pin": "2468", "approve": 1}, 422, "approve"),
        ({"manager": "M01", "pin": "2468"}, 422, "approve"),
        ({"manager": "M77", "pin": "2468", "approve": True}, 404, "manager"),
        ({"manager": "M01", "pin": 2468, "approve": True}, 422, "pin"),
    ],
)
def test_bad_approvals(client, auth, escalated, snapshot, body, status, field):
    before = snapshot()
    response = post(client, auth, escalated, "approval", body)
    assert (response.status_code, response.json["error"]["field"]) == (status, field), response.json
    assert snapshot() == before


def test_approval_of_an_incident_not_waiting_is_409(client, auth, incident_id):
    response = post(
        client, auth, incident_id, "approval", {"manager": "M01", "pin": "2468", "approve": True}
    )
    assert response.status_code == 409


def test_fixing_twice_is_409(client, auth, incident_id):
    assert post(client, auth, incident_id, "fix", {"staff": "O02"}).status_code == 200
    again = post(client, auth, incident_id, "fix", {"staff": "O02"})
    assert again.status_code == 409


def test_fix_with_an_unknown_cause_is_422(client, auth, incident_id):
    response = post(client, auth, incident_id, "fix", {"staff": "O02", "cause": "gremlins"})
    assert (response.status_code, response.json["error"]["field"]) == (422, "cause")


def test_bonus_claim_outside_michigan_is_403(client, auth, incident_id):
    post(client, auth, incident_id, "decision", {"action": "decline", "cashier": "C07"})
    response = post(client, auth, incident_id, "bonus-claim", {"staff": "C07"})
    assert response.status_code == 403


def test_bonus_claim_in_michigan(make_app, app, client, auth, incident_id, tmp_path, clock):
    post(
        client,
        auth,
        incident_id,
        "decision",
        {"action": "decline", "cashier": "C07", "customer_outcome": "purchased"},
    )
    config = tmp_path / "policy.toml"
    config.write_text('[stores.S001.policy]\njurisdiction = "us_mi"\n', encoding="utf-8")
    michigan = make_app(PLUGINS=[posdisc_us_mi], POSDISC_CONFIG=str(config)).test_client()
    clock.advance(days=2)
    response = post(michigan, auth, incident_id, "bonus-claim", {"staff": "S05", "note": "receipt"})
    assert response.status_code == 200, response.json
    assert response.json["decision"]["bonus"] is not None
    assert response.json["events"][-1]["kind"] == "bonus_claimed"
    again = post(michigan, auth, incident_id, "bonus-claim", {"staff": "S05"})
    assert again.status_code == 409
    assert get_desk(app).verify_journal().ok
