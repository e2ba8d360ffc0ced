"""Fuzzing every staff page: whatever a browser (or anyone) posts or asks, never a 5xx.

The pages are found in the app's URL map (every rule of a ``pages_*`` blueprint), so a
page added later is fuzzed without touching this file. Each request carries a valid
CSRF token from a signed-in admin's session (admins may use every page); the fields are
the names the forms use plus junk, with any text as values.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_discrepancy.web.extension import get_desk

from .conftest import csrf_token

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELD_NAMES = ["store", "code", "pin", "decision", "note", "sku", "cause", "kind", "format",
               "since", "until", "page", "status", "paper", "sheet", "x"]  # fmt: skip
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "S001", "M01", "A01", "2468", "1357", "9788883701122",
                     "012345678905", "2026-11-01", "2026-13-45", "summary", "pdf", "csv",
                     "approve", "deny", "sale_ended_tag_left_up", "-1", "0", "99999999"]),
)  # fmt: skip
forms = st.dictionaries(st.sampled_from(FIELD_NAMES), texts, max_size=6)


def page_rules(app, method: str = "POST") -> list[str]:  # type: ignore[no-untyped-def]
    """Every ``method`` rule of the staff pages, as a URL pattern."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("pages_") and method in (rule.methods or ())
    )


def test_every_page_form_is_fuzzed(pages_app):
    rules = page_rules(pages_app)
    assert {"/login", "/logout", "/approvals/decide"} <= set(rules)


@FUZZ
@given(data=st.data(), form=forms)
def test_no_page_form_answers_5xx(pages_app, signed_in, check_body, data, form):
    client = signed_in("A01")
    desk = get_desk(pages_app)
    incident = desk.check(**check_body).incident_id
    rule = data.draw(st.sampled_from(page_rules(pages_app)), label="rule")
    argument = data.draw(st.one_of(st.just(incident), st.text(min_size=1, max_size=20)))
    path = re.sub(r"<[^>]+>", lambda _: _quote(argument), rule)
    token = csrf_token(client.get("/approvals").text)
    response = client.post(path, data={**form, "csrf_token": token})
    assert response.status_code < 500, (path, form, response.text[:500])
    _unlock_everyone(pages_app)  # wrong PINs count: keep A01 able to sign in next example


@FUZZ
@given(data=st.data(), query=forms)
def test_no_page_answers_5xx_to_any_query(pages_app, signed_in, check_body, data, query):
    client = signed_in("A01")
    incident = get_desk(pages_app).check(**check_body).incident_id
    rule = data.draw(st.sampled_from(page_rules(pages_app, "GET")), label="rule")
    argument = data.draw(st.one_of(st.just(incident), st.text(min_size=1, max_size=20)))
    path = re.sub(r"<[^>]+>", lambda _: _quote(argument), rule)
    response = client.get(path, query_string=query)
    response.close()  # a download streams from a temporary file the close releases
    assert response.status_code < 500, (path, query, response.text[:500])


def _unlock_everyone(app) -> None:  # type: ignore[no-untyped-def]
    """Lift every lock and the sign-in throttle the last example's posts may have set."""
    desk = get_desk(app)
    for person in desk.list_staff("S001"):
        desk.unlock_staff("S001", code=person["code"])
    for limiter in app.extensions["limiter"]:
        limiter.reset()


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
