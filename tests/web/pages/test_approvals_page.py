"""The managers' approval queue page: what it lists, and deciding with one click + PIN."""

from __future__ import annotations

import pytest

from pos_discrepancy.web.extension import get_desk

from .conftest import csrf_token, sign_in


@pytest.fixture
def escalated(pages_app, check_body):  # type: ignore[no-untyped-def]
    """An overcharge (tag 9.98, scanned 19.95) that cashier C07 escalated at R1."""
    desk = get_desk(pages_app)
    check = desk.check(**check_body)
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    return check.incident_id


def decide(client, incident_id: str, verdict: str, pin: str, note: str = ""):  # type: ignore[no-untyped-def]
    page = client.get("/approvals")
    form = {"csrf_token": csrf_token(page.text), "pin": pin, "note": note,
            "decision": f"{incident_id}:{verdict}"}  # fmt: skip
    return client.post("/approvals/decide", data=form, follow_redirects=True)


def test_the_queue_lists_each_escalation_with_what_each_answer_charges(signed_in, escalated):
    text = signed_in("M01").get("/approvals").text
    assert f'data-incident="{escalated}"' in text
    assert "Paperback novel" in text
    assert "Approve · charge $9.98" in text
    assert "Deny · charge $19.95" in text
    assert "cashier C07" in text


def test_the_queue_fragment_holds_only_the_list(signed_in, escalated):
    fragment = signed_in("M01").get("/approvals/queue").text
    assert f'data-incident="{escalated}"' in fragment
    assert "<html" not in fragment


def test_an_empty_queue_says_so(signed_in):
    assert "Nothing is waiting for a manager." in signed_in("M01").get("/approvals").text


def test_approving_honors_the_tag_under_the_signed_in_manager(pages_app, signed_in, escalated):
    response = decide(signed_in("M01"), escalated, "approve", "2468", note="tag was up")
    assert "Approved: Paperback novel (9788883701122) at register R1 — charge $9.98." in (
        response.text
    )
    incident = get_desk(pages_app).get_incident(escalated)
    assert incident.status.value == "honored"
    assert incident.decision.approved_by == "M01"
    assert incident.decision.note == "tag was up"
    assert "Nothing is waiting for a manager." in response.text


def test_denying_charges_the_scanned_price(pages_app, signed_in, escalated):
    response = decide(signed_in("M02"), escalated, "deny", "1122")
    assert "Denied" in response.text
    incident = get_desk(pages_app).get_incident(escalated)
    assert incident.status.value == "declined"
    assert str(incident.decision.charge) == "19.95"


def test_a_wrong_pin_changes_nothing_and_says_how_many_tries_are_left(
    pages_app, signed_in, escalated
):
    response = decide(signed_in("M01"), escalated, "approve", "0000")
    assert "wrong PIN for M01 (4 more tries" in response.text
    assert get_desk(pages_app).get_incident(escalated).status.value == "awaiting_approval"


def test_a_manager_cannot_approve_their_own_request(pages_app, signed_in, check_body):
    desk = get_desk(pages_app)
    check = desk.check(**{**check_body, "cashier": "M01"})
    desk.decide(check.incident_id, action="escalate", cashier="M01")
    response = decide(signed_in("M01"), check.incident_id, "approve", "2468")
    assert "cannot approve their own request" in response.text
    assert desk.get_incident(check.incident_id).status.value == "awaiting_approval"


def test_deciding_twice_is_refused_with_a_message(signed_in, escalated):
    client = signed_in("M01")
    decide(client, escalated, "approve", "2468")
    response = decide(client, escalated, "approve", "2468")
    assert response.status_code == 200
    assert 'class="flash error"' in response.text


@pytest.mark.parametrize("decision", ["", "nonsense", "abc:approve", "x:maybe"])
def test_a_malformed_decision_is_a_message_not_a_crash(signed_in, escalated, decision):
    client = signed_in("M01")
    page = client.get("/approvals")
    response = client.post(
        "/approvals/decide",
        data={"csrf_token": csrf_token(page.text), "pin": "2468", "decision": decision},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert 'class="flash error"' in response.text


def test_the_queue_shows_only_the_managers_store(pages_app, signed_in, escalated):
    client = pages_app.test_client()
    sign_in(client, "M09", "9999", store="S002")
    assert escalated not in client.get("/approvals").text


def test_deciding_without_the_csrf_token_is_refused(pages_app, signed_in, escalated):
    response = signed_in("M01").post(
        "/approvals/decide", data={"pin": "2468", "decision": f"{escalated}:approve"}
    )
    assert response.status_code == 400
    assert get_desk(pages_app).get_incident(escalated).status.value == "awaiting_approval"
