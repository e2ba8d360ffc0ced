"""The app factory, the one desk per app, and errors in the API's JSON shape."""

from __future__ import annotations

import importlib
import json

import flask
import pytest

from pos_discrepancy import hookimpl
from pos_discrepancy.web import BLUEPRINT_MODULES, create_app, current_desk
from pos_discrepancy.web.extension import close_desk, get_desk


def test_one_desk_per_app_reached_with_current_desk(app):
    desk = app.extensions["posdisc"]
    with app.test_request_context("/api/v1/checks"):
        assert current_desk() is desk
    assert desk.clock is app.config["CLOCK"]


def test_every_listed_blueprint_is_registered(app):
    names = {importlib.import_module(module).bp.name for module in BLUEPRINT_MODULES}
    assert len(names) == len(BLUEPRINT_MODULES)
    assert names <= set(app.blueprints)


def test_plugins_add_blueprints_through_the_hook(make_app):
    extra = flask.Blueprint("kiosk", __name__, url_prefix="/kiosk")
    extra.add_url_rule("/hello", "hello", lambda: "hello")

    class KioskPlugin:
        @hookimpl
        def posdisc_register_blueprints(self, app):
            app.register_blueprint(extra)

    app = make_app(PLUGINS=[KioskPlugin()])
    assert app.test_client().get("/kiosk/hello").data == b"hello"


def test_bad_database_url_is_refused_when_the_app_is_built():
    from pos_discrepancy import ConfigurationError

    with pytest.raises(ConfigurationError):
        create_app({"DATABASE_URL": "nosuchdb://x"})


def test_close_desk_releases_the_connections(make_app):
    app = make_app()
    close_desk(app)
    assert get_desk(app).context.engine.pool.checkedout() == 0


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/nothing", 404, "not_found"),
        ("get", "/api/v1/checks", 405, "method_not_allowed"),
        ("delete", "/api/v1/approvals", 405, "method_not_allowed"),
    ],
)
def test_http_errors_under_api_are_json(client, method, path, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert path.rsplit("/", 1)[1] in response.json["error"]["message"] or status == 405


def test_http_errors_elsewhere_stay_html(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_a_body_over_64_kib_is_413(client, auth):
    response = client.post(
        "/api/v1/checks", data=b" " * (64 * 1024 + 1), headers=auth, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json["error"] == {
        "code": "too_large",
        "message": "body: the request body is larger than 65536 bytes",
        "field": "body",
    }


@pytest.mark.parametrize(
    ("data", "content_type", "status", "words"),
    [
        (b'{"store": ', "application/json", 400, "not valid JSON"),
        (b"\xff\xfe", "application/json", 400, "not UTF-8"),
        (b"[1, 2]", "application/json", 400, "expected a JSON object, got list"),
        (b'"S001"', "application/json", 400, "expected a JSON object, got str"),
        (b"", "application/json", 400, "no JSON body"),
        (b'{"store": "S001"}', "text/plain", 415, "Content-Type: application/json"),
        (b'{"store": "S001"}', None, 415, "Content-Type: application/json"),
    ],
)
def test_bodies_the_api_cannot_read(client, auth, snapshot, data, content_type, status, words):
    before = snapshot()
    response = client.post("/api/v1/checks", data=data, headers=auth, content_type=content_type)
    assert response.status_code == status
    assert words in response.json["error"]["message"]
    assert response.json["error"]["field"] == "body"
    assert snapshot() == before


def test_unknown_field_is_422_naming_it(client, auth, check_body):
    response = client.post("/api/v1/checks", json={**check_body, "colour": "red"}, headers=auth)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "colour"
    assert "unknown field" in response.json["error"]["message"]


def test_missing_field_is_422_naming_it(client, auth, check_body):
    del check_body["shelf_price"]
    response = client.post("/api/v1/checks", json=check_body, headers=auth)
    assert response.status_code == 422
    assert response.json["error"] == {
        "code": "invalid_input",
        "message": "shelf_price: required; send this field",
        "field": "shelf_price",
    }


def test_an_unexpected_failure_is_a_json_500_without_traceback(make_app):
    app = make_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_error"
    assert "secret" not in json.dumps(response.json)


def test_the_http_api_opens_no_staff_session(app):
    """Registers authenticate with tokens: under /api/ the signed staff cookie is not
    even read (Flask's null session), while a page still reads it."""
    interface = app.session_interface
    with app.test_request_context("/api/v1/checks", headers={"Cookie": "session=x"}):
        assert interface.open_session(app, flask.request) is None
    with app.test_request_context("/login"):
        assert interface.open_session(app, flask.request) is not None
