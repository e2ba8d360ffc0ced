"""``posdisc demo``: the seeding, the walkthrough, the interactive start, and the real
console script in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import pos_discrepancy
from pos_discrepancy.cli import demo_data
from pos_discrepancy.domain import Status
from pos_discrepancy.store import repository


def seeded_facts(desk) -> tuple:  # type: ignore[no-untyped-def]
    """The demo store as stored: store facts, staff, price file."""
    info = desk.store_info("S001")
    with desk.context.reading() as connection:
        prices = [
            repository.get_price(connection=connection, store_id="S001", sku=i.sku, currency="USD")
            for i in demo_data.ITEMS
        ]
    return (info.name, info.currency), desk.list_staff("S001"), prices


def test_demo_items_are_valid_gtins_and_include_the_novel():
    assert 18 <= len(demo_data.ITEMS) <= 25
    assert all(demo_data.is_valid_gtin(i.sku) for i in demo_data.ITEMS)
    assert {len(i.sku) for i in demo_data.ITEMS} == {12, 13}  # UPC-A and EAN-13
    assert len({i.sku for i in demo_data.ITEMS}) == len(demo_data.ITEMS)
    assert demo_data.item("9788883701122").price == "19.95"
    assert demo_data.item("9788883701122").description == "Paperback novel"
    assert any(i.location for i in demo_data.ITEMS)
    assert not demo_data.is_valid_gtin("9788883701123")


def test_walkthrough_seeds_the_store_and_logs_what_it_shows(invoke, make_desk):
    result = invoke(["demo"])  # CliRunner's stdin is not a terminal: the walkthrough
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Demo store S001 set up: added store S001 'Main St (demo)'" in out
    assert "manager M01 Dana (PIN 2468)" in out and "ops O02" in out
    assert "20 items in the price file" in out
    for scene in ("(a) Prices agree", "(b) Small overcharge", "(c) Bigger overcharge", "(d)"):
        assert scene in out
    assert "Prices agree — nothing to do." in out
    assert "Honored: charge $1.99." in out
    assert "Honored: charge $9.98 — approved by M01." in out
    assert "The promotion on this tag ended on" in out
    assert "Declined: charge $5.49 (the scanned price)." in out
    assert out.rstrip().splitlines()[-1].startswith("journal intact: 10 events verified")

    desk = make_desk(clock=lambda: datetime.now(UTC))
    (name, currency), staff, prices = seeded_facts(desk)
    assert (name, currency) == ("Main St (demo)", "USD")
    assert {(p["code"], p["role"]) for p in staff} == {
        ("M01", "manager"),
        ("M02", "manager"),
        ("A01", "admin"),
        ("O02", "ops"),
        ("C07", "cashier"),
    }
    assert all(p is not None for p in prices)
    assert desk.pending_approvals("S001") == []
    approved = desk.approve  # M02 and A01 PINs work as documented
    check = desk.check(
        store="S001", register="R2", cashier="C01", sku="9788883701122", shelf_price="9.98"
    )
    desk.decide(check.incident_id, action="escalate", cashier="C01")
    assert approved(check.incident_id, manager="M02", pin="1122").status is Status.HONORED
    assert desk.verify_journal("S001").ok


def test_demo_twice_changes_nothing_the_second_time(invoke, make_desk):
    assert invoke(["demo", "--walkthrough"]).exit_code == 0
    desk = make_desk()
    before = seeded_facts(desk)
    again = invoke(["demo", "--walkthrough"])
    assert again.exit_code == 0, again.output
    assert "Demo store S001 is already set up — nothing changed." in again.output
    assert seeded_facts(desk) == before
    assert again.output.rstrip().splitlines()[-1].startswith("journal intact: 20 events")


def test_demo_completes_a_partly_set_up_store(invoke, make_desk):
    desk = make_desk()
    desk.add_store("S001", name="Corner shop", currency="USD")
    desk.add_staff("S001", code="M01", name="Pat", role="manager", pin="8642")
    result = invoke(["demo", "--walkthrough"])
    assert result.exit_code == 0, result.output
    assert "added manager M02 Lee" in result.output
    assert "store S001" not in result.output.split("added", 1)[1].split(";")[0]
    staff = {p["code"]: p["name"] for p in desk.list_staff("S001")}
    assert staff["M01"] == "Pat"  # existing staff are left alone
    assert desk.store_info("S001").name == "Corner shop"
    # the demo's M01 PIN is not this M01's: the walkthrough says so and leaves it waiting
    assert "✗ PIN: wrong PIN for M01" in result.output
    assert "(this S001 was not set up by the demo)" in result.output
    assert len(desk.pending_approvals("S001")) == 1


def test_demo_interactive_starts_the_cashier_prompt(invoke):
    result = invoke(["demo", "--interactive"], input="4006381333931\n2.49\n\n\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "Things to try" in result.output
    assert "Main St (demo) (S001) · register R1 · cashier C07" in result.output
    assert "Prices agree — nothing to do." in result.output
    assert "(a) Prices agree" not in result.output


def _posdisc() -> str:
    script = shutil.which("posdisc") or str(Path(sys.executable).with_name("posdisc"))
    assert Path(script).exists(), "the posdisc console script is not installed"
    return script


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The installed console script with stdin closed, as in CI or a pipe."""
    return subprocess.run(
        [_posdisc(), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSDISC_")}
    env["POSDISC_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return {**env, **extra}


def test_console_script_help_and_demo_with_no_configuration(tmp_path: Path):
    env = _env(XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path / "home"))
    helped = _run(["--help"], env)
    assert helped.returncode == 0, helped.stderr
    for command in ("check", "demo", "init", "journal", "prices", "registers", "staff"):
        assert f"  {command} " in helped.stdout
    played = _run(["demo"], env)  # no terminal, no flag: the walkthrough
    assert played.returncode == 0, played.stdout + played.stderr
    assert "Traceback" not in played.stderr
    default_file = tmp_path / "data" / "pos-discrepancy" / "posdisc.sqlite3"
    assert f"Database: SQLite file {default_file}" in played.stdout
    assert "(c) Bigger overcharge" in played.stdout
    assert played.stdout.rstrip().splitlines()[-1].startswith("journal intact: 10 events")
    with pos_discrepancy.connect(f"sqlite:///{default_file}") as desk:
        assert desk.store_info("S001").name == "Main St (demo)"


def test_console_script_walkthrough_then_verify(database_url: str):
    env = _env(POSDISC_DATABASE_URL=database_url)
    played = _run(["demo", "--walkthrough"], env)
    assert played.returncode == 0, played.stdout + played.stderr
    assert "Demo store S001 set up" in played.stdout
    assert played.stdout.rstrip().splitlines()[-1].startswith("journal intact: 10 events")
    again = _run(["demo", "--walkthrough"], env)
    assert "nothing changed" in again.stdout
    verified = _run(["journal", "verify", "--store", "S001"], env)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.splitlines()[0] == "S001: 20 events checked"


def test_demo_in_a_terminal_starts_the_prompt_and_hides_the_pin(database_url: str):
    """A real pseudo-terminal: ``posdisc demo`` goes interactive on its own, and the
    manager's PIN is not echoed."""
    pty = pytest.importorskip("pty")
    import fcntl
    import select
    import termios
    import time

    main_fd, terminal_fd = pty.openpty()

    def own_terminal() -> None:  # the pty becomes the child's controlling terminal
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [_posdisc(), "demo"],
        stdin=terminal_fd,
        stdout=terminal_fd,
        stderr=terminal_fd,
        preexec_fn=own_terminal,
        env=_env(POSDISC_DATABASE_URL=database_url),
    )
    os.close(terminal_fd)
    seen = b""

    def answer(prompt: str, text: str) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while prompt.encode() not in seen.rsplit(b"\n", 1)[-1]:
            assert time.monotonic() < deadline, f"no prompt {prompt!r}; got {seen[-500:]!r}"
            if select.select([main_fd], [], [], 0.2)[0]:
                seen += os.read(main_fd, 4096)
        os.write(main_fd, f"{text}\n".encode())
        time.sleep(0.05)

    try:
        for prompt, text in [
            ("SKU (blank", "9788883701122"),
            ("Shelf (tag) price", "9.98"),
            ("Scanned price", ""),
            ("Quantity", ""),
            ("Location", "A7-B3"),
            ("Choose an option", "2"),
            ("Manager code", "M01"),
            ("Manager PIN", "2468"),
            ("Approve charging", "y"),
            ("Customer:", "w"),
            ("SKU (blank", "q"),
        ]:
            answer(prompt, text)
        assert process.wait(timeout=60) == 0
        while select.select([main_fd], [], [], 0.2)[0]:
            try:
                seen += os.read(main_fd, 4096)
            except OSError:  # the child closed the terminal
                break
    finally:
        process.kill()
        os.close(main_fd)
    shown = seen.decode(errors="replace")
    assert "Things to try" in shown
    assert "Honored: charge $9.98 — approved by M01." in shown
    typed_pin = shown.split("Manager PIN:", 1)[1].split("Approve charging", 1)[0]
    assert "2468" not in typed_pin  # echo was off while the manager typed
    with pos_discrepancy.connect(database_url) as desk:
        report = desk.verify_journal("S001")  # detected, decided, approved, outcome
        assert report.ok and report.events_checked == {"S001": 4}
