"""Signing in and out of the staff pages: PIN rules, roles, CSRF, safe redirects."""

from __future__ import annotations

import re

import pytest

from .conftest import csrf_token, sign_in


def test_signing_in_with_the_right_pin_lands_on_the_roles_page(pages_app):
    client = pages_app.test_client()
    response = sign_in(client, "M01")
    assert response.status_code == 200
    assert "Waiting for a manager" in response.text
    assert "Dana (M01, manager)" in response.text


def test_ops_staff_land_on_the_fix_page_and_see_no_approvals_link(pages_app):
    client = pages_app.test_client()
    response = sign_in(client, "O02")
    assert response.request.path == "/fix"
    assert 'href="/approvals"' not in response.text
    assert client.get("/approvals").status_code == 403


def test_a_cashier_lands_on_the_price_check_and_may_not_approve(pages_app):
    client = pages_app.test_client()
    response = sign_in(client, "C07")
    assert response.request.path == "/check"
    assert client.get("/approvals").status_code == 403
    assert client.get("/fix").status_code == 403


@pytest.mark.parametrize(
    ("code", "pin", "store", "status", "message"),
    [
        ("M01", "0000", "S001", 401, "store, staff code or PIN not recognised"),
        ("M77", "1234", "S001", 401, "store, staff code or PIN not recognised"),
        ("M01", "2468", "S404", 401, "store, staff code or PIN not recognised"),
        ("M01", "12", "S001", 422, "type the PIN as 4 to 8 digits"),
        ("", "2468", "S001", 422, "it is missing"),
    ],
)
def test_a_failed_sign_in_says_why_and_starts_no_session(
    pages_app, code, pin, store, status, message
):
    client = pages_app.test_client()
    response = sign_in(client, code, pin, store=store)
    assert response.status_code == status
    assert message in response.text
    assert client.get("/approvals").status_code == 302  # still signed out


def test_a_form_without_its_csrf_token_is_refused_and_signs_nobody_in(pages_app):
    client = pages_app.test_client()
    response = client.post("/login", data={"store": "S001", "code": "M01", "pin": "2468"})
    assert response.status_code == 400
    assert "reload the page" in response.text
    assert client.get("/approvals").status_code == 302


def test_a_page_asks_for_sign_in_and_returns_there_afterwards(pages_app):
    client = pages_app.test_client()
    first = client.get("/incidents")
    assert first.status_code == 302
    assert first.headers["Location"].startswith("/login?next=/incidents")
    login_page = client.get(first.headers["Location"])
    response = client.post(
        first.headers["Location"],
        data={
            "csrf_token": csrf_token(login_page.text),
            "store": "S001",
            "code": "O02",
            "pin": "4321",
        },
    )
    assert response.headers["Location"] == "/incidents"


def test_next_never_leads_off_the_site(pages_app):
    client = pages_app.test_client()
    page = client.get("/login")
    response = client.post(
        "/login?next=//evil.example/x",
        data={"csrf_token": csrf_token(page.text), "store": "S001", "code": "M01", "pin": "2468"},
    )
    assert response.headers["Location"] == "/approvals"


def test_signing_out_ends_the_session(signed_in):
    client = signed_in("M01")
    page = client.get("/approvals")
    response = client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert client.get("/approvals").status_code == 302


def test_api_posts_need_no_csrf_token(pages_app, auth, check_body):
    response = pages_app.test_client().post("/api/v1/checks", json=check_body, headers=auth)
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("code", "pages"),
    [
        ("C07", ["Price check"]),
        ("O02", ["Incidents", "Fix tags", "Reports", "Dashboard", "What-if", "Audits"]),
        (
            "M01",
            [
                "Price check",
                "Approvals",
                "Incidents",
                "Fix tags",
                "Reports",
                "Dashboard",
                "What-if",
                "Audits",
                "Deliveries",
                "Sync quarantine",
            ],
        ),
    ],
)
def test_the_start_page_offers_the_pages_of_the_role(signed_in, code, pages):
    text = signed_in(code).get("/").text
    tiles = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', text)
    assert tiles == pages
