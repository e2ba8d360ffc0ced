"""``posdisc init``, ``stores``, ``prices import``, ``staff`` and ``registers``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pos_discrepancy import AuthenticationFailed, NotFound, TooManyAttempts
from pos_discrepancy.service.sign_in import SIGNIN_MAX_FAILURES
from pos_discrepancy.store import repository


def test_init_prints_where_the_database_is(invoke, desk, database_url):
    result = invoke(["init"])
    assert result.exit_code == 0, result.output
    if database_url.startswith("sqlite"):
        assert f"Database ready: SQLite file {database_url.removeprefix('sqlite:///')}" in (
            result.output
        )
    else:
        assert "Database ready: postgresql+psycopg://postgres@127.0.0.1:5432/" in result.output


def test_init_migrates_a_new_sqlite_file(tmp_path: Path):
    from click.testing import CliRunner

    from pos_discrepancy.cli import build

    path = tmp_path / "fresh" / "new.sqlite3"
    path.parent.mkdir()
    result = CliRunner().invoke(build(), ["--database-url", f"sqlite:///{path}", "init"])
    assert result.exit_code == 0, result.output
    assert f"Database ready: SQLite file {path}" in result.output
    assert path.exists()


def test_init_with_a_store_adds_it(invoke, desk):
    store = ["--store", "S002", "--name", "Harbour Rd", "--currency", "cad"]
    result = invoke(["init", *store, "--timezone", "America/Toronto", "--locale", "fr_CA"])
    assert result.exit_code == 0, result.output
    assert "Magasin S002 ajouté : Harbour Rd (CAD, America/Toronto, fr_CA)" in result.output
    info = desk.store_info("S002")
    assert (info.name, info.currency, info.timezone) == ("Harbour Rd", "CAD", "America/Toronto")
    assert info.locale == "fr_CA"


def test_init_store_needs_name_and_currency(invoke, desk):
    result = invoke(["init", "--store", "S002"])
    assert result.exit_code == 2
    assert "--store needs --name and --currency" in result.output
    with pytest.raises(NotFound):
        desk.store_info("S002")


def test_init_refuses_a_bad_currency_in_one_line(invoke, desk):
    result = invoke(["init", "--store", "S002", "--name", "X", "--currency", "XYZ"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: currency: 'XYZ' is not a supported ISO 4217 currency code "
        "(for example USD, EUR, CAD)"
    )
    with pytest.raises(NotFound):
        desk.store_info("S002")


def test_stores_add_and_list(invoke, desk):
    assert invoke(["stores", "list"]).output.startswith("No stores yet")
    result = invoke(["stores", "add", "--store", "S003", "--name", "Mall", "--currency", "EUR"])
    assert result.exit_code == 0, result.output
    again = invoke(["stores", "add", "--store", "S003", "--name", "Mall", "--currency", "EUR"])
    assert again.exit_code == 1
    assert "Error: code: store 'S003' already exists" in again.output
    assert invoke(["stores", "list"]).output == "S003  Mall  (EUR, UTC, en_US)\n"


def test_prices_import_prints_the_count(invoke, shop, tmp_path: Path):
    prices = tmp_path / "prices.csv"
    prices.write_text(
        "sku,description,price\n"
        "5012345678900,Tea bags 80,3.49\n"
        "012345678905,Coffee beans 1kg,13.49\n",
        encoding="utf-8",
    )
    result = invoke(["prices", "import", str(prices), "--store", "S001"])
    assert result.exit_code == 0, result.output
    assert result.output == "Imported 2 prices into S001.\n"
    check = shop.check(
        store="S001", register="R1", cashier="C07", sku="012345678905", shelf_price="13.49"
    )
    assert not check.discrepancy  # the price file now says 13.49


def test_prices_import_bad_rows_name_the_lines_and_import_nothing(invoke, shop, tmp_path):
    prices = tmp_path / "prices.csv"
    prices.write_text(
        "sku,description,price\n"
        "5012345678900,Tea bags 80,3.49\n"
        "012345678905,Coffee beans 1kg,13.499\n"
        "4006381333931,Highlighter pen,-1\n",
        encoding="utf-8",
    )
    result = invoke(["prices", "import", str(prices), "--store", "S001"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: file: 2 bad rows, nothing imported: line 3: price:")
    assert "line 4: price: must not be negative" in lines[0]
    with pytest.raises(NotFound):  # the good first row was not imported either
        shop.check(store="S001", register="R1", cashier="C07", sku="5012345678900", shelf_price=1)


def test_prices_import_missing_file(invoke, shop, tmp_path):
    result = invoke(["prices", "import", str(tmp_path / "nope.csv"), "--store", "S001"])
    assert result.exit_code == 1
    assert "Error: file:" in result.output and "does not exist" in result.output


def test_staff_add_manager_asks_the_pin_hidden_twice(invoke, shop):
    result = invoke(
        ["staff", "add", "--store", "S001", "--code", "M05", "--name", "Kim", "--role", "manager"],
        input="12\n9753\n9735\n9753\n9753\n",
    )
    assert result.exit_code == 0, result.output
    assert "PIN for M05: " in result.output
    assert "Repeat for confirmation: " in result.output
    assert "pin: type the PIN as 4 to 8 digits" in result.output
    assert "Error: The two entered values do not match." in result.output
    assert "9753" not in result.output and "9735" not in result.output
    assert "M05 (Kim, manager) added to S001." in result.output
    check = shop.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122", shelf_price="9.98"
    )
    shop.decide(check.incident_id, action="escalate", cashier="C07")
    with pytest.raises(AuthenticationFailed):
        shop.approve(check.incident_id, manager="M05", pin="9735")
    assert shop.approve(check.incident_id, manager="M05", pin="9753").status == "honored"


def test_staff_add_with_pin_option_and_cashier_without(invoke, shop):
    manager = ["staff", "add", "--store", "S001", "--code", "M06", "--name", "Ray"]
    assert invoke([*manager, "--role", "admin", "--pin", "4321"]).exit_code == 0
    cashier = ["staff", "add", "--store", "S001", "--code", "C09", "--name", "Jo"]
    result = invoke([*cashier, "--role", "cashier"])
    assert result.exit_code == 0, result.output
    assert "PIN" not in result.output
    roles = {p["code"]: p["role"] for p in shop.list_staff("S001")}
    assert roles["M06"] == "admin" and roles["C09"] == "cashier"


def test_staff_add_refuses_bad_role_and_unknown_store(invoke, shop):
    bad_role = ["staff", "add", "--store", "S001", "--code", "X1", "--name", "X", "--role", "boss"]
    assert invoke(bad_role).exit_code == 2
    unknown = ["staff", "add", "--store", "S404", "--code", "X1", "--name", "X", "--role"]
    result = invoke([*unknown, "manager"])
    assert result.exit_code == 1
    assert "Error: store: there is no store 'S404'" in result.output
    assert "PIN for" not in result.output  # refused before anyone types a PIN
    assert "X1" not in {p["code"] for p in shop.list_staff("S001")}


def test_staff_list(invoke, shop):
    result = invoke(["staff", "list", "--store", "S001"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "M01      manager  Dana",
        "M02      manager  Lee",
    ]


def test_staff_list_shows_a_lockout(invoke, shop):
    with shop.context.transaction() as connection:  # as five wrong PINs in a row would leave it
        repository.update_staff(
            connection=connection,
            store_id="S001",
            code="M02",
            locked_until=shop.clock() + timedelta(minutes=15),
        )
    until = f"{shop.clock() + timedelta(minutes=15):%Y-%m-%d %H:%M}"
    result = invoke(["staff", "list", "--store", "S001"])
    assert f"M02      manager  Lee  locked (wrong PINs) until {until} UTC" in result.output


def test_staff_pin_sets_a_new_pin_asked_hidden_twice(invoke, shop):
    result = invoke(["staff", "pin", "--store", "S001", "--code", "M02"], input="8642\n8642\n")
    assert result.exit_code == 0, result.output
    assert "New PIN for M02: " in result.output and "8642" not in result.output
    assert "M02 at S001 has a new PIN." in result.output
    check = shop.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122", shelf_price="9.98"
    )
    shop.decide(check.incident_id, action="escalate", cashier="C07")
    with pytest.raises(AuthenticationFailed):
        shop.approve(check.incident_id, manager="M02", pin="1122")  # the old PIN
    assert shop.approve(check.incident_id, manager="M02", pin="8642").status == "honored"


def test_staff_unlock_lifts_a_lock_at_once(invoke, shop):
    with shop.context.transaction() as connection:  # as five wrong PINs in a row would leave it
        repository.update_staff(
            connection=connection,
            store_id="S001",
            code="M02",
            failed_pin_attempts=0,
            locked_until=datetime.now(UTC) + timedelta(minutes=15),
        )
    result = invoke(["staff", "unlock", "--store", "S001", "--code", "M02"])
    assert result.exit_code == 0, result.output
    assert "M02 at S001 is unlocked." in result.output
    assert "locked" not in invoke(["staff", "list", "--store", "S001"]).output
    unknown = invoke(["staff", "unlock", "--store", "S001", "--code", "M99"])
    assert unknown.exit_code == 1 and "M99" in unknown.output


def test_staff_unlock_lifts_a_paused_sign_in_too(invoke, shop):
    for _ in range(SIGNIN_MAX_FAILURES):  # ten failed sign-ins pause M02's web sign-in
        with pytest.raises((AuthenticationFailed, TooManyAttempts)):
            shop.sign_in("S001", code="M02", pin="0000")
    assert "sign-in paused until" in invoke(["staff", "list", "--store", "S001"]).output
    with pytest.raises(TooManyAttempts):
        shop.sign_in("S001", code="M02", pin="1122")
    assert invoke(["staff", "unlock", "--store", "S001", "--code", "M02"]).exit_code == 0
    assert shop.sign_in("S001", code="M02", pin="1122").code == "M02"


def test_staff_role_changes_the_role_and_ends_the_sessions(invoke, shop):
    member = shop.sign_in("S001", code="M02", pin="1122")
    result = invoke(["staff", "role", "--store", "S001", "--code", "m02", "--role", "ops"])
    assert result.exit_code == 0, result.output
    assert "M02 at S001 is now ops." in result.output
    assert shop.session_member("S001", code="M02", version=member.session_version) is None
    assert shop.sign_in("S001", code="M02", pin="1122").role == "ops"
    bad = invoke(["staff", "role", "--store", "S001", "--code", "M02", "--role", "boss"])
    assert bad.exit_code == 2 and "'boss' is not one of" in bad.output


def test_registers_add_prints_the_token_last(invoke, shop):
    result = invoke(["registers", "add", "--store", "S001", "--register", "R7"])
    assert result.exit_code == 0, result.output
    token = result.output.splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    identity = shop.authenticate_register(token)
    assert (identity.store, identity.register) == ("S001", "R7")
    again = invoke(["registers", "add", "--store", "S001", "--register", "R7"])
    assert again.exit_code == 1
    assert "Error: register: 'R7' already exists at S001" in again.output


def test_database_url_from_the_environment(database_url, desk):
    from click.testing import CliRunner

    from pos_discrepancy.cli import build

    runner = CliRunner(env={"POSDISC_DATABASE_URL": database_url})
    store = ["--store", "S010", "--name", "Env", "--currency", "GBP"]
    result = runner.invoke(build(), ["stores", "add", *store])
    assert result.exit_code == 0, result.output
    assert desk.store_info("S010").currency == "GBP"


def test_bad_database_url_is_one_line():
    from click.testing import CliRunner

    from pos_discrepancy.cli import build

    result = CliRunner().invoke(build(), ["--database-url", "nonsense", "init"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: database_url: 'nonsense' is not a database URL")
