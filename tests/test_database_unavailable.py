"""A database that cannot be reached is one clear error everywhere, never a traceback."""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

import pos_discrepancy
from pos_discrepancy.cli import build
from pos_discrepancy.web import create_app
from pos_discrepancy.web.extension import close_desk, get_desk

PG_ADMIN_URL = os.environ.get(
    "POSDISC_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _closed_port_url() -> str:
    """A PostgreSQL URL on a local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/posdisc"


def test_connect_raises_database_unavailable_naming_the_url() -> None:
    with pytest.raises(pos_discrepancy.DatabaseUnavailable) as caught:
        pos_discrepancy.connect(_closed_port_url())
    assert caught.value.field == "database_url"
    assert caught.value.message.startswith("database_url: cannot reach the database")
    assert caught.value.http_status == 503


def test_cli_prints_one_line_and_exits_1() -> None:
    result = CliRunner().invoke(build(), ["--database-url", _closed_port_url(), "init"])
    assert result.exit_code == 1
    assert "Error: database_url: cannot reach the database" in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def doomed_postgresql_url():  # type: ignore[no-untyped-def]
    """A PostgreSQL database of this test's own, which the test drops while in use."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"no PostgreSQL server: {error.orig}")
        pytest.skip(f"no PostgreSQL server: {error.orig}")
    name = f"posdisc_doomed_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin, name, PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_http_api_answers_503_when_the_database_goes_away(doomed_postgresql_url) -> None:  # type: ignore[no-untyped-def]
    admin, name, url = doomed_postgresql_url
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    desk = get_desk(app)
    desk.add_store("S001", name="Main St", currency="USD")
    token = desk.add_register("S001", register="R1")
    with admin.connect() as connection:  # the server loses the database under the app
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    response = app.test_client().get(
        "/api/v1/approvals?store=S001", headers={"Authorization": f"Bearer {token}"}
    )
    close_desk(app)
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "database_unavailable"
    assert error["message"].startswith("database_url: cannot reach the database")
