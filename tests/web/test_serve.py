"""``posdisc serve``: the real command in a subprocess, spoken to over real HTTP.

Each test starts its own server on a free port with the test database (a temporary
SQLite file, and the PostgreSQL test database) and stdin closed, waits for it to
answer, and stops it with SIGTERM or Ctrl-C (SIGINT).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import pos_discrepancy
from pos_discrepancy.cli.serve import DEMO_CHECK, base_url

START_SECONDS = 60
LAUNCH = "from pos_discrepancy.cli import main; main()"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running ``posdisc serve``."""

    process: subprocess.Popen[bytes]
    url: str
    out: Path
    err: Path

    @property
    def output(self) -> str:
        return self.out.read_text(encoding="utf-8")

    @property
    def token(self) -> str:
        found = re.search(r"bearer token .*:\n\s+(\S+)\n", self.output)
        assert found, self.output
        return found.group(1)

    def stop(self, signum: int = signal.SIGTERM) -> tuple[str, str]:
        """Send ``signum``, wait for the exit; returns (stdout, stderr)."""
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        stdout, stderr = self.output, self.err.read_text(encoding="utf-8")
        assert code == 0, (code, stdout, stderr)
        assert "Traceback" not in stderr, stderr
        return stdout, stderr


@pytest.fixture
def start(tmp_path: Path, database_url: str) -> Iterator[Any]:
    """``start(*args)``: run ``posdisc serve --port <free> *args`` until it answers, on
    the test database (an SQLite file, and the PostgreSQL test database)."""
    servers: list[Server] = []
    env = {
        **os.environ,
        "POSDISC_DATABASE_URL": database_url,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "POSDISC_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTHONUNBUFFERED": "1",
    }

    def run(*args: str) -> Server:
        port = free_port()
        number = len(servers)
        out, err = tmp_path / f"out{number}.txt", tmp_path / f"err{number}.txt"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", LAUNCH, "serve", "--port", str(port), *args],
                stdin=subprocess.PIPE,
                stdout=stdout,
                stderr=stderr,
                env=env,
                cwd=tmp_path,
            )
        assert process.stdin is not None
        process.stdin.close()  # nobody types into a server
        server = Server(process, f"http://127.0.0.1:{port}", out, err)
        servers.append(server)
        deadline = time.monotonic() + START_SECONDS
        while "Serving pos-discrepancy on" not in server.output:
            code = process.poll()
            assert code is None, (code, server.output, err.read_text())
            assert time.monotonic() < deadline, (server.output, err.read_text())
            time.sleep(0.1)
        status, _ = request(f"{server.url}/api/v1/openapi.json")
        assert status == 200
        return server

    yield run
    for server in servers:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def request(
    url: str, *, token: str | None = None, body: dict[str, Any] | None = None
) -> tuple[int, bytes]:
    """One HTTP request with urllib; returns (status, body) also for error statuses."""
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def test_serve_demo_answers_a_real_check_and_stops_on_sigterm(start: Any) -> None:
    server = start("--demo")
    output = server.output
    assert "Demo store S001 set up" in output
    assert f"curl -s -X POST {server.url}/api/v1/checks" in output
    assert f"OpenAPI document: {server.url}/api/v1/openapi.json" in output
    assert f"Serving pos-discrepancy on {server.url} (Ctrl-C to stop)" in output

    status, body = request(f"{server.url}/api/v1/checks", token=server.token, body=DEMO_CHECK)
    assert status == 201, body
    check = json.loads(body)
    assert check["direction"] == "overcharge"
    assert check["difference"] == "9.97"
    assert {o["action"] for o in check["options"]} >= {"honor", "escalate"}

    status, body = request(f"{server.url}/api/v1/openapi.json")
    assert status == 200
    assert json.loads(body)["openapi"] == "3.1.0"

    status, body = request(f"{server.url}/api/v1/reports/summary.pdf", token=server.token)
    assert status == 200
    assert body.startswith(b"%PDF")

    status, body = request(f"{server.url}/api/v1/checks", body=DEMO_CHECK)
    assert status == 401
    assert json.loads(body)["error"]["field"] == "Authorization"

    stdout, stderr = server.stop(signal.SIGTERM)
    assert stdout.rstrip().endswith("Stopped.")
    assert stderr == ""


def test_concurrent_checks_keep_one_verified_journal(start: Any, database_url: str) -> None:
    """Four tills at once through waitress's threads: every check logged, chain intact."""
    server = start("--demo")
    answers: list[tuple[int, bytes]] = []

    def till() -> None:
        for _ in range(10):
            answers.append(
                request(f"{server.url}/api/v1/checks", token=server.token, body=DEMO_CHECK)
            )

    tills = [threading.Thread(target=till) for _ in range(4)]
    for thread in tills:
        thread.start()
    for thread in tills:
        thread.join()
    assert [status for status, _ in answers] == [201] * 40
    assert len({json.loads(body)["incident_id"] for _, body in answers}) == 40
    server.stop()
    env = {**os.environ, "POSDISC_DATABASE_URL": database_url}
    verify = subprocess.run(
        [sys.executable, "-c", LAUNCH, "journal", "verify"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=START_SECONDS,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_restart_keeps_the_store_and_issues_a_new_token(start: Any) -> None:
    first = start("--demo")
    old_token = first.token
    assert "Added 5 sample incidents" in first.output
    assert "Staff pages: http://127.0.0.1:" in first.output
    assert "ops      O02 Robin  PIN 4321" in first.output
    first.stop(signal.SIGINT)  # Ctrl-C

    second = start("--demo")
    assert "already set up — nothing changed" in second.output
    assert "sample incidents" not in second.output  # the store had incidents already
    assert second.token != old_token
    status, _ = request(f"{second.url}/api/v1/approvals", token=old_token)
    assert status == 401
    status, body = request(f"{second.url}/api/v1/approvals", token=second.token)
    assert status == 200
    waiting = json.loads(body)["approvals"]  # the one sample escalation, not two
    assert [(i["sku"], i["status"]) for i in waiting] == [("9788883701122", "awaiting_approval")]
    stdout, _ = second.stop(signal.SIGINT)
    assert stdout.rstrip().endswith("Stopped.")


def test_every_demo_start_leaves_an_escalation_waiting_with_time_to_look(
    start: Any, database_url: str
) -> None:
    first = start("--demo")
    assert "1 escalation waiting for a manager" in first.output
    assert "the policy settles one after 30 min" in first.output  # the demo policy
    first.stop(signal.SIGINT)
    with pos_discrepancy.connect(database_url) as desk:  # the manager answers it
        [waiting] = desk.pending_approvals("S001")
        desk.approve(waiting.id, manager="M01", pin="2468")
    second = start("--demo")
    assert "1 escalation waiting for a manager" in second.output  # a new one
    status, body = request(f"{second.url}/api/v1/approvals", token=second.token)
    assert status == 200
    assert [i["id"] != waiting.id for i in json.loads(body)["approvals"]] == [True]
    second.stop(signal.SIGINT)


def test_serve_without_demo_prints_no_token(start: Any) -> None:
    server = start()
    assert "bearer token" not in server.output
    status, _ = request(f"{server.url}/api/v1/approvals", token="nobody")
    assert status == 401
    server.stop()


def test_a_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "POSDISC_DATABASE_URL": f"sqlite:///{tmp_path / 'posdisc.sqlite3'}"}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-c", LAUNCH, "serve", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=START_SECONDS,
        )
    assert result.returncode == 1, result
    assert f"Error: cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_that_cannot_be_opened_is_one_clear_line(tmp_path: Path) -> None:
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/posdisc"
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, "serve"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "POSDISC_DATABASE_URL": nowhere},
        timeout=START_SECONDS,
    )
    assert result.returncode == 1, result
    assert result.stderr.startswith(
        "Error: database_url: cannot reach the database (connection failed"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("0.0.0.0", 80, "http://127.0.0.1:80"),
        ("::1", 8000, "http://[::1]:8000"),
        ("::", 8000, "http://127.0.0.1:8000"),
    ],
)
def test_base_url(host: str, port: int, url: str) -> None:
    assert base_url(host, port) == url
