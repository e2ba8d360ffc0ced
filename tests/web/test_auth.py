"""Registers authenticate with their bearer token; stores never see each other."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Token abc"],
)
def test_missing_or_unknown_token_is_401(client, check_body, snapshot, header):
    before = snapshot()
    headers = {} if header is None else {"Authorization": header}
    response = client.post("/api/v1/checks", json=check_body, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "authentication_failed"
    assert response.json["error"]["field"] == "Authorization"
    assert snapshot() == before


@pytest.mark.parametrize(
    "path", ["/api/v1/approvals", "/api/v1/incidents/01a21391-f023-7334-8a27-f8633f4fcd68"]
)
def test_reads_need_a_token_too(client, path):
    assert client.get(path).status_code == 401


def test_the_scheme_is_case_insensitive(client, app, check_body):
    token = app.config["TOKENS"]["R1"]
    response = client.post(
        "/api/v1/checks", json=check_body, headers={"Authorization": f"bearer {token}"}
    )
    assert response.status_code == 201


def test_a_token_of_another_store_is_403_for_this_store(client, other_auth, check_body, snapshot):
    before = snapshot()
    response = client.post("/api/v1/checks", json=check_body, headers=other_auth)
    assert response.status_code == 403
    assert response.json["error"]["field"] == "store"
    assert "'S002'" in response.json["error"]["message"]
    assert snapshot() == before


def test_a_token_of_another_register_is_403(client, app, check_body):
    headers = {"Authorization": f"Bearer {app.config['TOKENS']['R2']}"}
    response = client.post("/api/v1/checks", json=check_body, headers=headers)
    assert response.status_code == 403
    assert response.json["error"]["field"] == "register"


def test_an_incident_of_another_store_is_404(client, other_auth, incident_id, snapshot):
    before = snapshot()
    paths = ("decision", "approval", "fix", "outcome", "bonus-claim")
    bodies = (
        {"action": "decline", "cashier": "C01"},
        {"manager": "M09", "pin": "9999", "approve": True},
        {"staff": "O01"},
        {"customer_outcome": "bought", "staff": "C01"},
        {"staff": "C01"},
    )
    for path, body in zip(paths, bodies, strict=True):
        response = client.post(
            f"/api/v1/incidents/{incident_id}/{path}", json=body, headers=other_auth
        )
        assert response.status_code == 404, path
        assert response.json["error"]["field"] == "incident_id"
    assert client.get(f"/api/v1/incidents/{incident_id}", headers=other_auth).status_code == 404
    assert snapshot() == before


def test_another_store_answers_like_a_missing_incident(client, other_auth, incident_id):
    missing = "01a21391-f023-7334-8a27-f8633f4fcd68"
    theirs = client.get(f"/api/v1/incidents/{incident_id}", headers=other_auth).json
    nothing = client.get(f"/api/v1/incidents/{missing}", headers=other_auth).json
    assert theirs["error"]["message"].replace(incident_id, "X") == nothing["error"][
        "message"
    ].replace(missing, "X")


def test_approvals_of_another_store_are_403(client, auth):
    response = client.get("/api/v1/approvals?store=S002", headers=auth)
    assert response.status_code == 403
    assert response.json["error"]["field"] == "store"
