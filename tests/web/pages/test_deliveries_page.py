"""``/deliveries``: a manager sees what waits for a subscriber and retries parked events."""

from __future__ import annotations

from pos_discrepancy import hookimpl
from pos_discrepancy.service.worker import MAX_ATTEMPTS, backoff
from pos_discrepancy.web.extension import get_desk

from .conftest import csrf_token, sign_in


class Receiver:
    """A subscriber whose receiver is down until ``up`` is set."""

    posdisc_name = "receiver"

    def __init__(self) -> None:
        self.up = False
        self.taken: list[str] = []

    @hookimpl
    def posdisc_incident_event(self, incident, event):  # type: ignore[no-untyped-def]
        if not self.up:
            raise ConnectionError("receiver down")
        self.taken.append(event.id)


def test_a_manager_sees_a_parked_event_and_retries_it(make_app, clock, check_body):
    from tests.web.conftest import seed

    receiver = Receiver()
    app = make_app(PLUGINS=[receiver])
    desk = get_desk(app)
    seed(desk)
    check = desk.check(**check_body)
    desk.decide(check.incident_id, action="decline", cashier="C07")
    for attempt in range(1, MAX_ATTEMPTS + 1):  # every try fails: parked
        desk.run_worker_pass()
        clock.advance(seconds=backoff(attempt).total_seconds())
    client = app.test_client()
    sign_in(client, "M01")
    page = client.get("/deliveries")
    assert page.status_code == 200
    assert "ConnectionError: receiver down" in page.text
    assert page.text.count('class="is-parked"') == 1 and 'class="is-due"' in page.text
    other = app.test_client()
    sign_in(other, "M09", "9999", store="S002")
    assert "receiver down" not in other.get("/deliveries").text  # another store's manager
    assert other.post("/deliveries/retry",
                      data={"csrf_token": csrf_token(other.get("/deliveries").text)}
                      ).status_code == 303  # fmt: skip
    assert desk.worker_status()[1][0].state == "parked"  # … retried nothing here
    receiver.up = True
    response = client.post("/deliveries/retry", data={"csrf_token": csrf_token(page.text)},
                           follow_redirects=True)  # fmt: skip
    assert "1 parked event will be delivered again now." in response.text
    desk.run_worker_pass()
    assert receiver.taken == [e.id for e in desk.get_incident(check.incident_id).events]
    assert "Nothing is waiting" in client.get("/deliveries").text


def test_ops_staff_may_not_open_it(signed_in):
    assert signed_in("O02").get("/deliveries").status_code == 403
