"""``POST /api/v1/sync`` refusals: wrong token or register, malformed or out-of-order
batches. Each is answered 401/403/409/422 naming the field, never 500, and stores nothing.
(Events that are well formed but break a rule are quarantined instead: test_quarantine.py.)"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_discrepancy.desk import Desk
from pos_discrepancy.sync.outbox import next_batch

from .conftest import StoreServer, offline_day

URL = "/api/v1/sync"


@pytest.fixture
def body(register: Desk) -> dict[str, Any]:
    """A real batch of the register's offline day (every event)."""
    offline_day(register)
    batch = next_batch(register.context, server="http://store-server", size=100)
    assert batch is not None
    return copy.deepcopy(batch.body)


def send(app: Flask, body: Any, token: str | None) -> Any:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return app.test_client().post(URL, data=json.dumps(body), headers=headers,
                                  content_type="application/json")  # fmt: skip


def rows(app: Flask) -> dict[str, Any]:
    return StoreServer(app, 0).rows()


def test_a_valid_batch_is_accepted(server_app: Flask, body: dict[str, Any]) -> None:
    response = send(server_app, body, server_app.config["TOKENS"]["R1"])
    assert response.status_code == 200, response.json
    assert response.json["incidents"] == len(body["incidents"])


@pytest.mark.parametrize(
    ("token", "status", "field"),
    [(None, 401, "Authorization"), ("not-a-token", 401, "Authorization"),
     ("R9", 403, "store"), ("R2", 403, "register")],
)  # fmt: skip
def test_wrong_token_or_register_stores_nothing(
    server_app: Flask, body: dict[str, Any], token: str | None, status: int, field: str
) -> None:
    before = rows(server_app)
    real = server_app.config["TOKENS"].get(token or "", token)
    response = send(server_app, body, real)
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == field
    assert rows(server_app) == before


def test_an_incident_of_another_register_is_refused(
    server_app: Flask, body: dict[str, Any]
) -> None:
    body["incidents"][1]["incident"]["register"] = "R2"
    before = rows(server_app)
    response = send(server_app, body, server_app.config["TOKENS"]["R1"])
    assert response.status_code == 403
    assert response.json["error"]["field"] == "incidents[1].incident.register"
    assert rows(server_app) == before


def spoil(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``body`` with the member at ``incidents[0].events[0].kind``-like ``path`` set."""
    spoiled = copy.deepcopy(body)
    target: Any = spoiled
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last: Any = int(parts[-1]) if isinstance(target, list) else parts[-1]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return spoiled


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("incidents[0].events[0].kind", "Not A Kind"),
        ("incidents[2].events[0].id", "12"),
        ("incidents[1].last_event", KeyError),
        ("incidents[0].incident.shelf_price", "9.981"),
        ("incidents[0].incident.scanned_price", 1e400),
        ("incidents[0].incident.currency", "EUR"),
        ("incidents[0].incident.detected_at", "2026-11-25T15:00:00"),
        ("incidents[0].incident.nickname", "x"),
        ("incidents[0].events[0].data.status", "lost"),
        ("incidents[0].events[1].after", None),
        ("incidents[0].incident.decision.charge", "ten"),
        ("incidents", []),
    ],
)
def test_malformed_batches_are_422_naming_the_field(
    server_app: Flask, body: dict[str, Any], path: str, value: Any
) -> None:
    before = rows(server_app)
    response = send(server_app, spoil(body, path, value), server_app.config["TOKENS"]["R1"])
    assert response.status_code == 422, response.json
    field = response.json["error"]["field"]
    if path.endswith("nickname") or value is KeyError:
        assert field == path
    elif path.endswith("scanned_price"):
        assert field == "incidents"  # a number no API accepts: named where it was read
    else:
        assert field == path, response.json
    assert rows(server_app) == before


def test_an_event_whose_predecessor_is_missing_is_409(
    server_app: Flask, body: dict[str, Any]
) -> None:
    first = body["incidents"][0]
    later = dict(first, events=first["events"][1:])  # the detected event left out
    before = rows(server_app)
    response = send(server_app, {**body, "incidents": [later]}, server_app.config["TOKENS"]["R1"])
    assert response.status_code == 409
    assert response.json["error"]["code"] == "out_of_order"
    assert response.json["error"]["field"] == "incidents[0].events[0].after"
    assert rows(server_app) == before


def test_an_event_id_taken_by_another_event_is_409(server_app: Flask, body: dict[str, Any]) -> None:
    token = server_app.config["TOKENS"]["R1"]
    assert send(server_app, body, token).status_code == 200
    before = rows(server_app)
    clash = copy.deepcopy(body)
    clash["incidents"][0]["events"][1]["kind"] = "forged"
    response = send(server_app, clash, token)
    assert response.status_code == 409
    assert response.json["error"]["field"] == "incidents[0].events[1].id"
    assert rows(server_app) == before


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6)
    | st.floats(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)  # fmt: skip


def paths(value: Any, prefix: str = "") -> list[str]:
    """Every member path of a JSON value (``incidents[0].events[1].data.status``)."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        path = (
            f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else key)
        )
        found.append(path)
        if isinstance(child, dict | list):
            found.extend(paths(child, path))
    return found


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_junk_is_never_a_500_and_a_refusal_stores_nothing(
    server_app: Flask, body: dict[str, Any], data: st.DataObject
) -> None:
    token = server_app.config["TOKENS"]["R1"]
    before = rows(server_app)
    if data.draw(st.booleans(), label="whole body junk"):
        sent: Any = data.draw(JUNK, label="body")
    else:
        path = data.draw(st.sampled_from(paths(body)), label="path")
        sent = spoil(body, path, data.draw(JUNK | st.just(KeyError), label="value"))
    raw = json.dumps(sent)  # NaN and Infinity are sent as JSON allows them: refused
    response = server_app.test_client().post(
        URL, data=raw, headers={"Authorization": f"Bearer {token}"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code in (200, 400, 403, 409, 422), response.json
    error = response.json.get("error")
    if response.status_code != 200:
        assert error["field"] is not None, error
        assert rows(server_app) == before
    else:
        assert server_app.extensions["posdisc"].verify_journal().ok
