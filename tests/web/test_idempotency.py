"""``Idempotency-Key``: a repeat returns the first answer and changes nothing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert

from pos_discrepancy.store.idempotency import KEYS
from pos_discrepancy.web.extension import get_desk

from .conftest import CHECK


def post(client, auth, path, body, key):
    return client.post(path, json=body, headers={**auth, "Idempotency-Key": key})


def test_a_repeated_check_returns_the_first_answer_and_stores_nothing(
    client, auth, check_body, snapshot
):
    first = post(client, auth, "/api/v1/checks", check_body, "till-1-scan-0001")
    assert first.status_code == 201
    before = snapshot()
    for _ in range(3):
        again = post(client, auth, "/api/v1/checks", check_body, "till-1-scan-0001")
        assert again.status_code == 201
        assert again.data == first.data
    assert snapshot() == before


def test_a_repeated_decision_and_approval_change_nothing(client, auth, incident_id, snapshot):
    path = f"/api/v1/incidents/{incident_id}"
    body = {"action": "escalate", "cashier": "C07"}
    first = post(client, auth, f"{path}/decision", body, "d-1")
    approval = {"manager": "M01", "pin": "2468", "approve": True}
    approved = post(client, auth, f"{path}/approval", approval, "a-1")
    assert (first.status_code, approved.status_code) == (200, 200)
    before = snapshot()
    # the replayed decision is the answer as it was, not the incident as it is now
    replay = post(client, auth, f"{path}/decision", body, "d-1")
    assert (replay.status_code, replay.data) == (200, first.data)
    assert replay.json["status"] == "awaiting_approval"
    assert post(client, auth, f"{path}/approval", approval, "a-1").data == approved.data
    assert snapshot() == before


def test_the_same_key_with_another_body_is_422(client, auth, check_body, snapshot):
    post(client, auth, "/api/v1/checks", check_body, "k-1")
    before = snapshot()
    other = post(client, auth, "/api/v1/checks", {**check_body, "shelf_price": "9.99"}, "k-1")
    assert other.status_code == 422
    assert other.json["error"]["field"] == "Idempotency-Key"
    assert "different request" in other.json["error"]["message"]
    assert snapshot() == before


def test_the_same_key_on_another_endpoint_is_422(client, auth, incident_id, check_body):
    post(client, auth, "/api/v1/checks", check_body, "k-2")
    response = post(client, auth, f"/api/v1/incidents/{incident_id}/fix", {"staff": "O02"}, "k-2")
    assert response.status_code == 422


def test_keys_belong_to_one_register(client, app, auth, check_body):
    other_till = {"Authorization": f"Bearer {app.config['TOKENS']['R2']}"}
    first = post(client, auth, "/api/v1/checks", check_body, "shared-key")
    second = post(
        client, other_till, "/api/v1/checks", {**check_body, "register": "R2"}, "shared-key"
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["incident_id"] != second.json["incident_id"]


def test_an_error_answer_is_not_kept(client, auth, check_body, snapshot):
    before = snapshot()
    refused = post(client, auth, "/api/v1/checks", {**check_body, "quantity": 0}, "k-3")
    assert refused.status_code == 422
    assert snapshot() == before  # not even the key
    fixed = post(client, auth, "/api/v1/checks", check_body, "k-3")
    assert fixed.status_code == 201


def test_a_key_still_in_progress_is_409(app, client, auth, check_body, clock):
    with get_desk(app).context.transaction() as connection:
        connection.execute(
            insert(KEYS).values(
                store_id="S001",
                register="R1",
                key="busy",
                request_sha256="0" * 64,
                created_at=clock(),
            )
        )
    response = post(client, auth, "/api/v1/checks", check_body, "busy")
    assert response.status_code in (409, 422)
    # a matching fingerprint that is still running is 409
    from pos_discrepancy.web import idempotency

    with app.test_request_context("/api/v1/checks", method="POST", json=check_body, headers=auth):
        fingerprint = idempotency._request_sha256()
    with get_desk(app).context.transaction() as connection:
        connection.execute(
            insert(KEYS).values(
                store_id="S001",
                register="R1",
                key="busy-2",
                request_sha256=fingerprint,
                created_at=clock(),
            )
        )
    response = post(client, auth, "/api/v1/checks", check_body, "busy-2")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "request_in_progress"


@pytest.mark.parametrize("key", ["", " lead", "trail ", "é", "tab\there", "x" * 201, "del\x7f"])
def test_bad_keys_are_400(client, auth, check_body, snapshot, key):
    before = snapshot()
    response = client.post(
        "/api/v1/checks", json=check_body, headers=[*auth.items(), ("Idempotency-Key", key)]
    )
    assert response.status_code == 400, key
    assert response.json["error"]["field"] == "Idempotency-Key"
    assert snapshot() == before


@pytest.mark.parametrize("key", ["a", "x" * 200, "3f1c-0001 retry", "~!@#$%^&*()"])
def test_good_keys(client, auth, check_body, key):
    assert post(client, auth, "/api/v1/checks", check_body, key).status_code == 201


def test_concurrent_repeats_make_one_incident(app, auth, check_body):
    answers: list[tuple[int, bytes]] = []
    barrier = threading.Barrier(4)

    def send() -> None:
        client = app.test_client()
        barrier.wait()
        response = post(client, auth, "/api/v1/checks", check_body, "race")
        answers.append((response.status_code, response.data))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(s for s, _ in answers)[0] == 201
    assert {s for s, _ in answers} <= {201, 409}
    created = {d for s, d in answers if s == 201}
    assert len(created) == 1
    with get_desk(app).context.engine.connect() as connection:
        count = connection.exec_driver_sql("SELECT count(*) FROM incidents").scalar()
    assert count == 1


def test_a_key_left_in_progress_by_a_dead_process_is_taken_over(
    app, client, auth, check_body, clock
):
    from pos_discrepancy.web import idempotency

    with app.test_request_context("/api/v1/checks", method="POST", json=check_body, headers=auth):
        fingerprint = idempotency._request_sha256()
    with get_desk(app).context.transaction() as connection:
        connection.execute(
            insert(KEYS).values(
                store_id="S001",
                register="R1",
                key="orphan",
                request_sha256=fingerprint,
                created_at=clock(),
            )
        )
    assert post(client, auth, "/api/v1/checks", check_body, "orphan").status_code == 409
    clock.advance(seconds=61)
    taken = post(client, auth, "/api/v1/checks", check_body, "orphan")
    assert taken.status_code == 201
    assert post(client, auth, "/api/v1/checks", check_body, "orphan").data == taken.data


# --- exactly once: the claim, the command's writes and the answer are one transaction ---


def count(app, table: str) -> int:
    with get_desk(app).context.engine.connect() as connection:
        return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar())


def test_wrong_pins_with_keys_still_lock_the_manager(client, auth, incident_id):
    """The action fails and its unit of work rolls back; the wrong PINs stay counted."""
    path = f"/api/v1/incidents/{incident_id}"
    assert post(client, auth, f"{path}/decision", {"action": "escalate", "cashier": "C07"},
                "d-lock").status_code == 200  # fmt: skip
    wrong = {"manager": "M01", "pin": "0000", "approve": True}
    answers = [post(client, auth, f"{path}/approval", wrong, f"pin-{n}") for n in range(5)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 403]
    assert "4 more tries" in answers[0].json["error"]["message"]
    assert answers[-1].json["error"]["code"] == "locked_out"
    right = {"manager": "M01", "pin": "2468", "approve": True}
    locked = post(client, auth, f"{path}/approval", right, "pin-right")
    assert locked.status_code == 403
    assert locked.json["error"]["code"] == "locked_out"


def test_a_right_pin_clears_the_count_even_when_the_approval_fails(app, client, auth, clock):
    """A refused approval (the cashier's own request) still records the right PIN."""
    check = post(client, auth, "/api/v1/checks", {**CHECK, "cashier": "M02"}, "own-check")
    path = f"/api/v1/incidents/{check.json['incident_id']}"
    assert post(client, auth, f"{path}/decision", {"action": "escalate", "cashier": "M02"},
                "own-d").status_code == 200  # fmt: skip
    wrong = {"manager": "M02", "pin": "0000", "approve": True}
    for n in range(3):
        assert post(client, auth, f"{path}/approval", wrong, f"own-{n}").status_code == 401
    assert pin_failures(app, "M02") == 3
    mine = post(client, auth, f"{path}/approval", {**wrong, "pin": "1122"}, "own-right")
    assert mine.status_code == 403  # cannot approve their own request
    assert pin_failures(app, "M02") == 0


def pin_failures(app, code: str) -> int:
    with get_desk(app).context.engine.connect() as connection:
        return int(
            connection.exec_driver_sql(
                f"SELECT failed_pin_attempts FROM staff WHERE code = '{code}'"
            ).scalar()
        )


def test_a_crash_before_the_answer_is_saved_leaves_nothing(
    app, client, auth, check_body, snapshot, monkeypatch
):
    """Dying after the check's writes but before the answer's: all rolled back, so the
    retry runs the check once."""
    from pos_discrepancy.store import idempotency as keys

    before = snapshot()
    saved = keys.save_answer

    def crash(**_: object) -> None:
        raise KeyboardInterrupt  # as abrupt as it gets inside the process

    monkeypatch.setattr(keys, "save_answer", crash)
    with pytest.raises(KeyboardInterrupt):
        post(client, auth, "/api/v1/checks", check_body, "crash-1")
    assert snapshot() == before  # no key, no incident, no event
    monkeypatch.setattr(keys, "save_answer", saved)
    retry = post(client, auth, "/api/v1/checks", check_body, "crash-1")
    assert retry.status_code == 201
    assert post(client, auth, "/api/v1/checks", check_body, "crash-1").data == retry.data
    assert count(app, "incidents") == 1


def test_a_check_with_equal_prices_keeps_its_answer_too(app, client, auth, check_body):
    agreeing = {**check_body, "scanned_price": "9.98"}
    first = post(client, auth, "/api/v1/checks", agreeing, "equal-1")
    assert first.status_code == 200
    assert count(app, "idempotency_keys") == 1
    assert post(client, auth, "/api/v1/checks", agreeing, "equal-1").data == first.data


def test_a_concurrent_repeat_waits_for_the_first_and_gets_its_answer(app, check_body):
    """While the first request holds its key uncommitted, a repeat waits (PostgreSQL: on
    the key's unique index; SQLite: for the write lock), then replays the first answer."""
    desk = get_desk(app)
    written, release = threading.Event(), threading.Event()
    answers: dict[str, tuple[str, int]] = {}

    def first_run():  # type: ignore[no-untyped-def]
        result = desk.check(**check_body)
        written.set()  # the incident is written, the unit still open
        release.wait(10)
        return result.to_dict(), 201

    def second_run():  # type: ignore[no-untyped-def]
        return desk.check(**check_body).to_dict(), 201

    def send(name: str, run) -> None:  # type: ignore[no-untyped-def]
        answers[name] = desk.run_once(
            store="S001", register="R1", key="slow", fingerprint="f" * 64, run=run
        )

    first = threading.Thread(target=send, args=("first", first_run))
    first.start()
    assert written.wait(10)
    second = threading.Thread(target=send, args=("second", second_run))
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting on the first, not answered 409
    release.set()
    first.join(10)
    second.join(15)
    assert answers["second"] == answers["first"]
    assert answers["first"][1] == 201
    assert count(app, "incidents") == 1
