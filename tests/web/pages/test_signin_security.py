"""Sign-in as an attacker on the store's network would try it (design §11, issue 11).

Throttling per client and per staff code that never locks a manager out of approving at a
register, no oracle for which codes exist, sessions that end when they should, cookie
flags, and writes scoped to the signed-in member's store.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from pos_discrepancy.service.sign_in import SIGNIN_LOCKOUT, SIGNIN_MAX_FAILURES
from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.throttle import SIGNIN_CLIENT_LIMIT

from .conftest import csrf_token, sign_in

CLIENT_LIMIT = int(SIGNIN_CLIENT_LIMIT.split()[0])
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def client_at(app: Any, address: str) -> Any:
    """A test client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def register_approves(client: Any, auth: dict[str, str], check_body: dict[str, Any]) -> Any:
    """Escalate a new incident at register R1 and approve it there as M01 (right PIN)."""
    incident = client.post("/api/v1/checks", json=check_body, headers=auth).json["incident_id"]
    client.post(
        f"/api/v1/incidents/{incident}/decision",
        json={"action": "escalate", "cashier": "C07"},
        headers=auth,
    )
    return client.post(
        f"/api/v1/incidents/{incident}/approval",
        json={"manager": "M01", "pin": "2468", "approve": True},
        headers=auth,
    )


def staff_row(app: Any, code: str) -> Any:
    with get_desk(app).context.engine.connect() as connection:
        return connection.execute(
            text("SELECT * FROM staff WHERE store_id = 'S001' AND code = :code"), {"code": code}
        ).one()


# --- throttling ------------------------------------------------------------------------


def test_a_flood_from_one_client_is_throttled_and_the_manager_still_approves_at_the_till(
    pages_app, auth, check_body
):
    attacker = client_at(pages_app, "10.0.0.66")
    codes = ["M01", "M02", "A01", "O02", "C07"]
    for attempt in range(CLIENT_LIMIT):
        assert sign_in(attacker, codes[attempt % len(codes)], "0000").status_code == 401
    throttled = sign_in(attacker, "M01")  # even the right PIN: this client must wait
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins from this device" in throttled.text
    # nobody is locked: the register path and another device work as ever
    assert register_approves(pages_app.test_client(), auth, check_body).status_code == 200
    assert staff_row(pages_app, "M01").failed_pin_attempts == 0
    assert sign_in(client_at(pages_app, "10.0.0.7"), "M01").status_code == 200


def test_signing_in_all_day_from_one_computer_is_never_throttled(pages_app):
    office = client_at(pages_app, "10.0.0.8")
    for _ in range(CLIENT_LIMIT + 2):
        assert sign_in(office, "M02").status_code == 200
        page = office.get("/approvals")
        office.post("/logout", data={"csrf_token": csrf_token(page.text)})


def test_ten_failures_for_one_code_pause_its_sign_in_not_its_approvals(pages_app, auth, check_body):
    for attempt in range(SIGNIN_MAX_FAILURES):  # from many addresses: no client limit hit
        response = sign_in(client_at(pages_app, f"10.1.0.{attempt}"), "M01", "0000")
        assert response.status_code == (401 if attempt < SIGNIN_MAX_FAILURES - 1 else 429)
    paused = sign_in(client_at(pages_app, "10.2.0.1"), "M01")  # the right PIN, elsewhere
    assert paused.status_code == 429
    assert abs(int(paused.headers["Retry-After"]) - SIGNIN_LOCKOUT.total_seconds()) <= 1
    assert "ask an admin to unlock it" in paused.text
    assert sign_in(client_at(pages_app, "10.2.0.2"), "M02").status_code == 200  # others fine
    # the wrong-PIN lock of the register path was never touched: the manager approves
    row = staff_row(pages_app, "M01")
    assert (row.failed_pin_attempts, row.locked_until) == (0, None)
    assert register_approves(pages_app.test_client(), auth, check_body).status_code == 200


def test_the_pause_ends_after_its_time(pages_app, clock):
    for attempt in range(SIGNIN_MAX_FAILURES):
        sign_in(client_at(pages_app, f"10.3.0.{attempt}"), "M02", "0000")
    assert sign_in(client_at(pages_app, "10.3.1.1"), "M02").status_code == 429
    clock.advance(seconds=SIGNIN_LOCKOUT.total_seconds() - 5)
    assert sign_in(client_at(pages_app, "10.3.1.2"), "M02").status_code == 429
    clock.advance(seconds=10)
    assert sign_in(client_at(pages_app, "10.3.1.3"), "M02").status_code == 200


def test_an_admin_unlock_lifts_a_paused_sign_in(pages_app, signed_in):
    admin = signed_in("A01")
    for attempt in range(SIGNIN_MAX_FAILURES):
        sign_in(client_at(pages_app, f"10.4.0.{attempt}"), "M01", "0000")
    staff_page = admin.get("/staff")
    assert "locked for 30 more minutes" in staff_page.text
    admin.post("/staff/M01/unlock", data={"csrf_token": csrf_token(staff_page.text)})
    assert sign_in(client_at(pages_app, "10.4.1.1"), "M01").status_code == 200


def test_the_cli_unlock_lifts_a_paused_sign_in_too(pages_app):
    for attempt in range(SIGNIN_MAX_FAILURES):
        sign_in(client_at(pages_app, f"10.5.0.{attempt}"), "A01", "0000")
    get_desk(pages_app).unlock_staff("S001", code="a01")  # what `posdisc staff unlock` runs
    assert sign_in(client_at(pages_app, "10.5.1.1"), "A01").status_code == 200


def test_a_right_pin_resets_the_count_of_failures(pages_app):
    for round_ in range(3):  # 3 × 9 failures: never 10 in a row
        for attempt in range(SIGNIN_MAX_FAILURES - 1):
            sign_in(client_at(pages_app, f"10.6.{round_}.{attempt}"), "M02", "0000")
        assert sign_in(client_at(pages_app, f"10.6.{round_}.99"), "M02").status_code == 200


# --- no oracle --------------------------------------------------------------------------


class CountingHasher(PasswordHasher):
    """A real argon2 hasher (cheap parameters) that counts its verifications."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize(
    ("code", "pin"), [("M01", "0000"), ("M77", "0000"), ("C11", "0000"), ("m01", "9999")]
)
def test_unknown_codes_and_wrong_pins_cost_one_verification_and_read_alike(make_app, code, pin):
    hasher = CountingHasher()
    app = make_app(PIN_HASHER=hasher)
    desk = get_desk(app)
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    desk.add_staff("S001", code="C11", name="Ari", role="cashier", pin=None)
    hasher.verified = 0
    response = sign_in(app.test_client(), code, pin)
    assert response.status_code == 401
    assert "store, staff code or PIN not recognised; check them and try again" in response.text
    flashes = re.findall(r'<p class="flash error"[^>]*>([^<]*)</p>', response.text)
    assert flashes == ["store, staff code or PIN not recognised; check them and try again"]
    assert hasher.verified == 1


# --- sessions ---------------------------------------------------------------------------


def session_cookie(client: Any) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return str(cookie.value)


def replay(app: Any, cookie: str) -> int:
    """The status of ``/approvals`` for a new client presenting ``cookie``."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return int(other.get("/approvals").status_code)


def test_a_cookie_replayed_after_sign_out_opens_nothing(pages_app, signed_in):
    client = signed_in("M01")
    stolen = session_cookie(client)
    assert replay(pages_app, stolen) == 200
    page = client.get("/approvals")
    client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert replay(pages_app, stolen) == 302


def test_signing_out_ends_the_members_sessions_on_every_device(signed_in):
    phone, desktop = signed_in("M01"), signed_in("M01")
    other_manager = signed_in("M02")
    page = phone.get("/approvals")
    phone.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert desktop.get("/approvals").status_code == 302
    assert other_manager.get("/approvals").status_code == 200


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/staff/M01/pin", {"pin": "86420", "pin_again": "86420"}),
        ("/staff/M01/role", {"role": "ops"}),
        ("/staff/M01/unlock", {}),
    ],
)
def test_an_admin_change_ends_the_members_sessions(signed_in, path, form):
    manager, admin = signed_in("M01"), signed_in("A01")
    page = admin.get("/staff")
    response = admin.post(path, data={"csrf_token": csrf_token(page.text), **form})
    assert response.status_code == 303
    ended = manager.get("/approvals")
    assert ended.status_code == 302
    assert "Your session has ended" in manager.get(ended.headers["Location"]).text
    assert admin.get("/staff").status_code == 200  # the admin's own session goes on


def test_a_role_change_takes_effect_at_the_next_sign_in(pages_app, signed_in):
    admin = signed_in("A01")
    page = admin.get("/staff")
    admin.post("/staff/M02/role", data={"csrf_token": csrf_token(page.text), "role": "ops"})
    client = pages_app.test_client()
    assert sign_in(client, "M02").request.path == "/fix"
    assert client.get("/approvals").status_code == 403


def test_an_admin_may_not_change_their_own_role(signed_in):
    admin = signed_in("A01")
    page = admin.get("/staff")
    response = admin.post(
        "/staff/A01/role", data={"csrf_token": csrf_token(page.text), "role": "cashier"}
    )
    assert response.status_code == 403
    assert "ask another admin" in response.text
    assert admin.get("/staff").status_code == 200


def test_an_admin_changing_their_own_pin_stays_signed_in_under_it(pages_app, signed_in):
    admin = signed_in("A01")
    before = session_cookie(admin)
    page = admin.get("/staff")
    response = admin.post(
        "/staff/A01/pin",
        data={"csrf_token": csrf_token(page.text), "pin": "97531", "pin_again": "97531"},
    )
    assert response.status_code == 303
    assert admin.get("/staff").status_code == 200
    assert replay(pages_app, before) == 302  # the session made under the old PIN is over


def test_an_idle_session_ends(signed_in, clock):
    client = signed_in("M01")
    clock.advance(minutes=29)
    assert client.get("/approvals").status_code == 200  # use keeps it alive …
    clock.advance(minutes=29)
    assert client.get("/approvals").status_code == 200
    clock.advance(minutes=31)  # … idleness ends it
    assert client.get("/approvals").status_code == 302


def test_a_busy_session_still_ends_after_its_lifetime(signed_in, clock):
    client = signed_in("M01")
    for _ in range(12 * 3):  # every 20 minutes for 12 hours
        assert client.get("/approvals").status_code == 200
        clock.advance(minutes=20)
    clock.advance(minutes=1)
    assert client.get("/approvals").status_code == 302


def test_the_session_lengths_are_configurable(make_app, monkeypatch):
    monkeypatch.setenv("POSDISC_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("POSDISC_SESSION_HOURS", "8")
    app = make_app()
    assert app.config["SESSION_IDLE"].total_seconds() == 300
    assert app.permanent_session_lifetime.total_seconds() == 8 * 3600


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_a_bad_session_length_is_refused_naming_the_variable(make_app, monkeypatch, value):
    from pos_discrepancy.errors import ConfigurationError

    monkeypatch.setenv("POSDISC_SESSION_IDLE_MINUTES", value)
    with pytest.raises(ConfigurationError, match="POSDISC_SESSION_IDLE_MINUTES"):
        make_app()


# --- cookie flags and headers -----------------------------------------------------------


def set_cookie_after_sign_in(app: Any, base_url: str = "http://localhost") -> str:
    test_client = app.test_client()
    page = test_client.get("/login", base_url=base_url)
    form = {"csrf_token": csrf_token(page.text), "store": "S001", "code": "M01", "pin": "2468"}
    # over HTTPS, Flask-WTF wants the same-origin Referer a browser sends
    referer = {"Referer": f"{base_url}/login"}
    response = test_client.post("/login", data=form, base_url=base_url, headers=referer)
    assert response.status_code == 302
    return str(response.headers["Set-Cookie"])


def test_the_session_cookie_is_httponly_and_samesite_and_not_secure_over_http(pages_app):
    cookie = set_cookie_after_sign_in(pages_app)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_over_https(pages_app):
    assert "Secure" in set_cookie_after_sign_in(pages_app, base_url="https://localhost")


def test_the_session_cookie_is_secure_when_configured(pages_app):
    pages_app.config["SESSION_COOKIE_SECURE"] = True
    assert "Secure" in set_cookie_after_sign_in(pages_app)


def test_behind_a_trusted_proxy_https_and_the_client_address_come_from_it(make_app, monkeypatch):
    from tests.web.conftest import seed

    monkeypatch.setenv("POSDISC_PROXY_COUNT", "1")
    app = make_app()
    seed(get_desk(app))
    forwarded = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "10.9.9.9",
        "Referer": "https://localhost/login",
    }
    client = app.test_client()
    page = client.get("/login", headers=forwarded)
    for attempt in range(CLIENT_LIMIT):
        form = {
            "csrf_token": csrf_token(page.text),
            "store": "S001",
            "code": ("M02", "A01")[attempt % 2],
            "pin": "0000",
        }
        client.post("/login", data=form, headers=forwarded)
    form.update(code="M01", pin="2468")
    assert client.post("/login", data=form, headers=forwarded).status_code == 429
    other = {**forwarded, "X-Forwarded-For": "10.9.9.10"}
    response = client.post("/login", data=form, headers=other)
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_pages_carry_a_content_security_policy_without_inline_script(pages_app, auth):
    response = pages_app.test_client().get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.text
    api = pages_app.test_client().get("/api/v1/approvals", headers=auth)
    assert "Content-Security-Policy" not in api.headers


# --- store scoping ----------------------------------------------------------------------


@pytest.fixture
def escalated_s001(pages_app, auth, check_body) -> str:
    client = pages_app.test_client()
    incident = client.post("/api/v1/checks", json=check_body, headers=auth).json["incident_id"]
    client.post(
        f"/api/v1/incidents/{incident}/decision",
        json={"action": "escalate", "cashier": "C07"},
        headers=auth,
    )
    return str(incident)


@pytest.mark.parametrize("pin", ["2468", "0000"])
def test_a_manager_of_another_store_cannot_decide_this_stores_incident(
    pages_app, escalated_s001, pin
):
    desk = get_desk(pages_app)
    desk.add_staff("S002", code="M01", name="Namesake", role="manager", pin="2468")
    client = pages_app.test_client()
    assert sign_in(client, "M01", "2468", store="S002").status_code == 200
    page = client.get("/approvals")
    response = client.post(
        "/approvals/decide",
        data={
            "csrf_token": csrf_token(page.text),
            "pin": pin,
            "decision": f"{escalated_s001}:approve",
        },
    )
    assert response.status_code == 404
    assert desk.get_incident(escalated_s001).status.value == "awaiting_approval"
    assert staff_row(pages_app, "M01").failed_pin_attempts == 0  # S001/M01 counted nothing


# --- redirects and fuzz -----------------------------------------------------------------

#: ``next`` values that have led, or could lead, off the site in a browser.
HOSTILE_NEXT = [
    "/%09/evil.example/",
    "/%0a/evil.example/",
    "/%0d%0a/evil.example/",
    "//evil.example/",
    "/%5Cevil.example/",
    "%20//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_next_never_leaves_the_site_in_a_real_browser(page, live_server, hostile):
    page.goto(f"/login?next={hostile}")
    page.select_option("#store", "S001")
    page.fill("#code", "M01")
    page.fill("#pin", "2468")
    page.click("button[type=submit]")
    page.wait_for_selector("form.who")
    assert page.url == f"{live_server}/approvals"


def test_a_local_next_is_followed_in_a_real_browser(page, live_server):
    page.goto("/login?next=/incidents%3Fstatus%3Dall")
    page.fill("#code", "M01")
    page.fill("#pin", "2468")
    page.click("button[type=submit]")
    page.wait_for_selector("form.who")
    assert page.url == f"{live_server}/incidents?status=all"


next_values = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(["/", "//", "/\t/", "/\\", " /", "\x00/"]),
        st.text(max_size=20),
    ),
)


@FUZZ
@given(target=next_values)
def test_no_next_leads_off_the_site_or_fails(pages_app, target):
    client = client_at(pages_app, "10.8.0.1")
    page = client.get("/login")
    form = {"csrf_token": csrf_token(page.text), "store": "S001", "code": "M02", "pin": "1122"}
    response = client.post("/login", query_string={"next": target}, data=form)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.isascii() and location.isprintable()
    landed = urlsplit(urljoin("http://localhost/login", location))
    assert (landed.scheme, landed.netloc) == ("http", "localhost")


sign_in_values = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["S001", "s001", "S002", "M01", "m01", "A01", "2468", "1357", "0000", ""]),
)


@FUZZ
@given(store=sign_in_values, code=sign_in_values, pin=sign_in_values, address=st.integers(0, 10**6))
def test_sign_in_fields_get_a_clear_refusal_or_a_session(pages_app, store, code, pin, address):
    client = client_at(pages_app, f"10.{address // 65536}.{address // 256 % 256}.{address % 256}")
    page = client.get("/login")
    form = {"csrf_token": csrf_token(page.text), "store": store, "code": code, "pin": pin}
    response = client.post("/login", data=form)
    right = (store.strip().upper(), code.strip().upper(), pin) in {
        ("S001", "M01", "2468"),
        ("S001", "A01", "1357"),
    }
    if response.status_code == 302:
        assert right
    else:
        assert response.status_code in (401, 422, 429)
        assert 'class="flash error"' in response.text


@pytest.mark.parametrize("pin", ["2468", "0000"])
def test_a_register_of_another_store_cannot_approve_this_stores_incident(
    pages_app, escalated_s001, other_auth, pin
):
    response = pages_app.test_client().post(
        f"/api/v1/incidents/{escalated_s001}/approval",
        json={"manager": "M01", "pin": pin, "approve": True},
        headers=other_auth,
    )
    assert response.status_code == 404
    assert get_desk(pages_app).get_incident(escalated_s001).status.value == "awaiting_approval"
    assert staff_row(pages_app, "M01").failed_pin_attempts == 0
