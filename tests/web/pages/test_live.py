"""``GET /live``: the store's change counter the live pages poll."""

from __future__ import annotations

from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.pages.live import POLL_MS

from .conftest import sign_in


def test_the_counter_moves_with_the_stores_journal_only(pages_app, signed_in, check_body):
    manager = signed_in("M01")
    first = manager.get("/live")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    desk = get_desk(pages_app)
    check = desk.check(**check_body)
    after_check = manager.get("/live").json["version"]
    assert after_check > first.json["version"]
    other = pages_app.test_client()
    sign_in(other, "M09", "9999", store="S002")
    before = other.get("/live").json["version"]
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    assert manager.get("/live").json["version"] > after_check
    assert other.get("/live").json["version"] == before  # another store's counter


def test_the_counter_needs_a_session(pages_app):
    response = pages_app.test_client().get("/live")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_live_pages_carry_the_counter_they_were_made_at(signed_in):
    page = signed_in("M01").get("/approvals").text
    assert 'data-live="/live"' in page and f'data-poll-ms="{POLL_MS}"' in page
    assert 'data-version="' in page
