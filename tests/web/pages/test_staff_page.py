"""The admin's staff page: list, add, new PIN, unlock; refusals change nothing; admin only.

Plus unit tests of ``setup.set_pin`` / ``setup.unlock_staff`` on the ``store`` desk.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher

from pos_discrepancy.errors import AuthenticationFailed, InvalidInput, LockedOut, NotFound
from pos_discrepancy.service import pins, setup
from pos_discrepancy.store import repository
from pos_discrepancy.web.extension import get_desk

from .conftest import csrf_token, sign_in


def staff_state(desk, store: str = "S001") -> dict:  # type: ignore[no-untyped-def]
    """Every staff row of ``store`` as stored, PIN hash included: the 'nothing changed' check."""
    with desk.context.reading() as connection:
        rows = repository.list_staff(connection=connection, store_id=store)
    return {row.code: tuple(row) for row in rows}


def lock(desk, code: str) -> None:  # type: ignore[no-untyped-def]
    """Lock ``code`` the real way: five wrong PINs at the desk."""
    with desk.context.reading() as connection:
        row = repository.get_staff(connection=connection, store_id="S001", code=code)
    for _ in range(pins.MAX_PIN_FAILURES):
        with pytest.raises((LockedOut, AuthenticationFailed)):
            pins.authenticate(desk.context, row, "0000")


def post(client, path: str, **form: str):  # type: ignore[no-untyped-def]
    """POST a staff-page form with the page's CSRF token."""
    token = csrf_token(client.get("/staff").text)
    return client.post(path, data={"csrf_token": token, **form})


def row_of(html: str, code: str) -> str:
    """The table row of ``code`` on the staff page."""
    found = re.search(rf'<tr data-staff="{code}".*?</tr>', html, re.S)
    assert found, f"no row for {code}"
    return found.group(0)


# --- the page ---------------------------------------------------------------------
def test_the_list_shows_the_stores_staff_and_a_lock(pages_app, signed_in, clock):
    desk = get_desk(pages_app)
    desk.add_staff("S001", code="C09", name="Kim", role="cashier")
    lock(desk, "M02")
    clock.advance(minutes=3)
    html = signed_in("A01").get("/staff").text
    assert re.search(r"M01</strong>.*?Dana.*?manager.*?yes", row_of(html, "M01"), re.S)
    assert "no PIN" in row_of(html, "C09")
    ends = (clock.now + pins.LOCKOUT - timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M")
    assert f'locked for 12 more minutes</span> <span class="hint until">until {ends} UTC' in row_of(
        html, "M02"
    )
    assert "Unlock now" in row_of(html, "M02")
    assert "Unlock now" not in row_of(html, "M01")
    assert "(you)" in row_of(html, "A01")
    assert 'data-staff="M09"' not in html  # S002's staff stay out of S001's list
    clock.advance(seconds=30)
    assert "locked for 12 more minutes" in row_of(signed_in("A01").get("/staff").text, "M02")
    clock.advance(minutes=12)
    assert "locked" not in row_of(signed_in("A01").get("/staff").text, "M02")


def test_a_lock_ends_in_the_stores_own_time_zone(pages_app, clock):
    desk = get_desk(pages_app)
    desk.add_store("S003", name="Uptown", currency="CAD", timezone="America/Toronto")
    desk.add_staff("S003", code="A03", name="Noor", role="admin", pin="3333")
    desk.add_staff("S003", code="M03", name="Ravi", role="manager", pin="3030")
    with desk.context.transaction() as connection:
        until = clock.now + timedelta(minutes=1, seconds=1)
        repository.update_staff(
            connection=connection, store_id="S003", code="M03", locked_until=until
        )
    client = pages_app.test_client()
    assert sign_in(client, "A03", "3333", store="S003").status_code == 200
    html = client.get("/staff").text
    ends = (clock.now + timedelta(minutes=1)).astimezone(ZoneInfo("America/Toronto"))
    assert (
        f'locked for 2 more minutes</span> <span class="hint until">until {ends:%Y-%m-%d %H:%M %Z}'
        in html
    )
    assert 'data-staff="M01"' not in html  # only S003's staff


def test_only_admins_see_the_link_and_the_page(pages_app, signed_in):
    assert 'href="/staff"' in signed_in("A01").get("/").text
    for code in ("M01", "O02", "C07"):
        client = signed_in(code)
        assert 'href="/staff"' not in client.get("/").text
        assert client.get("/staff").status_code == 403


@pytest.mark.parametrize("code", ["M01", "O02"])
def test_non_admins_cannot_post_the_forms(pages_app, signed_in, code):
    desk = get_desk(pages_app)
    before = staff_state(desk)
    client = signed_in(code)
    token = csrf_token(client.get("/").text)
    for path, form in [
        (
            "/staff",
            {"code": "X1", "name": "X", "role": "admin", "pin": "1111", "pin_again": "1111"},
        ),
        ("/staff/A01/pin", {"pin": "1111", "pin_again": "1111"}),
        ("/staff/M02/unlock", {}),
    ]:
        assert client.post(path, data={"csrf_token": token, **form}).status_code == 403
    assert staff_state(desk) == before


def test_signed_out_visitors_are_sent_to_sign_in(pages_app):
    response = pages_app.test_client().get("/staff")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/staff")


def test_adding_a_manager_lets_them_sign_in_through_the_real_form(pages_app, signed_in):
    client = signed_in("A01")
    response = post(client, "/staff", code="M05", name="  Jo   Park ", role="manager",
                     pin="5555", pin_again="5555")  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff"
    page = client.get("/staff").text
    assert "M05 (Jo Park) added as manager." in page
    assert "Jo Park" in row_of(page, "M05")
    newcomer = pages_app.test_client()
    landed = sign_in(newcomer, "M05", "5555")
    assert landed.status_code == 200
    assert "Jo Park (M05, manager)" in landed.text


def test_a_cashier_may_be_added_without_a_pin_and_cannot_sign_in(pages_app, signed_in):
    client = signed_in("A01")
    assert post(client, "/staff", code="C11", name="Ari", role="cashier").status_code == 303
    assert "no PIN: cannot sign in yet" in client.get("/staff").text
    people = {p["code"]: p for p in get_desk(pages_app).list_staff("S001")}
    assert people["C11"]["role"] == "cashier" and not people["C11"]["has_pin"]
    refused = sign_in(pages_app.test_client(), "C11", "1234")
    assert refused.status_code == 401
    assert "store, staff code or PIN not recognised" in refused.text


def test_a_new_pin_works_and_the_old_one_is_refused(pages_app, signed_in):
    client = signed_in("A01")
    response = post(client, "/staff/M01/pin", pin="86420", pin_again="86420")
    assert response.status_code == 303
    assert "M01&#39;s PIN is changed" in client.get("/staff").text
    assert sign_in(pages_app.test_client(), "M01", "2468").status_code == 401
    assert sign_in(pages_app.test_client(), "M01", "86420").status_code == 200


def test_an_admin_may_change_their_own_pin_and_stays_signed_in(pages_app, signed_in):
    client = signed_in("A01")
    assert post(client, "/staff/A01/pin", pin="9753", pin_again="9753").status_code == 303
    page = client.get("/staff")
    assert page.status_code == 200
    assert "Your PIN is changed" in page.text
    assert sign_in(pages_app.test_client(), "A01", "9753").status_code == 200


def test_unlocking_lets_a_locked_manager_approve_at_once(pages_app, signed_in, check_body):
    desk = get_desk(pages_app)
    incident = desk.check(**check_body).incident_id
    desk.decide(incident, action="escalate", cashier="C07")
    lock(desk, "M01")
    with pytest.raises(LockedOut):
        desk.approve(incident, manager="M01", pin="2468", approve=True)
    client = signed_in("A01")
    response = post(client, "/staff/M01/unlock")
    assert response.status_code == 303
    page = client.get("/staff").text
    assert "M01 is unlocked" in page
    assert "locked" not in row_of(page, "M01")
    approved = desk.approve(incident, manager="M01", pin="2468", approve=True)
    assert approved.decision is not None


@pytest.mark.parametrize(
    ("path", "form", "status", "message"),
    [
        ("/staff", {"code": "M01", "name": "Dup", "role": "cashier"}, 409,
         "Staff code: &#39;M01&#39; is already on the staff of S001"),
        ("/staff", {"code": "X1", "name": "X", "role": "owner"}, 422,
         "Role: &#39;owner&#39; is not one of cashier, manager, ops, admin"),
        ("/staff", {"code": "X1", "name": "X", "role": "manager"}, 422,
         "PIN: a manager needs a PIN to approve"),
        ("/staff", {"code": "X1", "name": "X", "role": "admin", "pin": "1234",
                    "pin_again": "1243"}, 422, "PIN again: the two PINs differ"),
        ("/staff", {"code": "X1", "name": " ", "role": "cashier"}, 422, "Name: enter the name"),
        ("/staff", {"code": "bad code", "name": "X", "role": "cashier"}, 422,
         "Staff code: &#39;bad code&#39; must be 1–32 letters"),
        ("/staff/M01/pin", {"pin": "1234", "pin_again": "4321"}, 422,
         "PIN again: the two PINs differ"),
        ("/staff/M01/pin", {"pin": "123", "pin_again": "123"}, 422,
         "PIN: type the PIN as 4 to 8 digits"),
        ("/staff/M01/pin", {}, 422, "PIN: type the PIN as 4 to 8 digits"),
        ("/staff/M77/pin", {"pin": "1234", "pin_again": "1234"}, 404,
         "Staff code: &#39;M77&#39; is not on the staff of S001"),
        ("/staff/M77/unlock", {}, 404, "Staff code: &#39;M77&#39; is not on the staff of S001"),
    ],
)  # fmt: skip
def test_bad_input_is_named_and_changes_nothing(pages_app, signed_in, path, form, status, message):
    desk = get_desk(pages_app)
    before = staff_state(desk)
    response = post(signed_in("A01"), path, **form)
    assert response.status_code == status
    assert message in response.text
    assert 'class="flash error"' in response.text
    assert staff_state(desk) == before


def test_a_refused_add_keeps_what_was_typed_but_not_the_pin(pages_app, signed_in):
    response = post(signed_in("A01"), "/staff", code="M09", name="Pat Lee", role="manager",
                    pin="1234", pin_again="4321")  # fmt: skip
    assert response.status_code == 422
    assert 'value="M09"' in response.text and 'value="Pat Lee"' in response.text
    assert '<option value="manager" selected>' in response.text
    assert "1234" not in response.text


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(pages_app, signed_in):
    desk = get_desk(pages_app)
    lock(desk, "M02")
    before = staff_state(desk)
    client = signed_in("A01")
    for path, form in [
        ("/staff", {"code": "X1", "name": "X", "role": "cashier"}),
        ("/staff/M01/pin", {"pin": "1111", "pin_again": "1111"}),
        ("/staff/M02/unlock", {}),
    ]:
        assert client.post(path, data=form).status_code == 400
    assert staff_state(desk) == before


# --- setup.set_pin / setup.unlock_staff ----------------------------------------------
def test_set_pin_stores_a_new_argon2_hash_and_clears_a_lock(store):
    lock(store, "M01")
    with store.context.reading() as connection:
        before = repository.get_staff(connection=connection, store_id="S001", code="M01")
    setup.set_pin(store.context, "S001", code="M01", pin="0042")
    with store.context.reading() as connection:
        row = repository.get_staff(connection=connection, store_id="S001", code="M01")
    assert row.pin_hash != before.pin_hash and row.pin_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(row.pin_hash, "0042")
    assert (row.failed_pin_attempts, row.locked_until) == (0, None)
    pins.authenticate(store.context, row, "0042")  # no LockedOut, no wrong PIN


def test_unlock_staff_clears_the_lock_and_the_count_but_keeps_the_pin(store):
    lock(store, "M01")
    with store.context.reading() as connection:
        locked = repository.get_staff(connection=connection, store_id="S001", code="M01")
    assert locked.locked_until is not None
    store.unlock_staff("S001", code="M01")
    with store.context.reading() as connection:
        row = repository.get_staff(connection=connection, store_id="S001", code="M01")
    assert (row.failed_pin_attempts, row.locked_until) == (0, None)
    assert row.pin_hash == locked.pin_hash
    pins.authenticate(store.context, row, "2468")


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda d: d.set_pin("S001", code="M77", pin="1234"), NotFound, "code"),
        (lambda d: d.set_pin("S001", code="", pin="1234"), InvalidInput, "code"),
        (lambda d: d.set_pin("S001", code="M01", pin="12a4"), InvalidInput, "pin"),
        (lambda d: d.set_pin("S001", code="M01", pin=1234), InvalidInput, "pin"),
        (lambda d: d.set_pin("S404", code="M01", pin="1234"), NotFound, "store"),
        (lambda d: d.unlock_staff("S001", code="M77"), NotFound, "code"),
        (lambda d: d.unlock_staff("S001", code="a b"), InvalidInput, "code"),
        (lambda d: d.unlock_staff("S404", code="M01"), NotFound, "store"),
    ],
)
def test_set_pin_and_unlock_refuse_bad_input_and_change_nothing(store, call, error, field):
    before = staff_state(store)
    with pytest.raises(error) as raised:
        call(store)
    assert raised.value.field == field
    assert staff_state(store) == before
