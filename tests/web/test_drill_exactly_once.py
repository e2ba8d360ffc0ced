"""The SIGKILL drill (issue 9, item 6): retries with the same ``Idempotency-Key`` across
server crashes make each check exactly once.

A real ``posdisc serve --no-worker`` runs on a fresh database (an SQLite file, and the
PostgreSQL test database). Eight tills each POST checks to ``/api/v1/checks``, every
check with its own key, and retry the *same* key on any connection error, 5xx or 409
until they get 201. Meanwhile the drill SIGKILLs the server at random moments and starts
it again. At the end every key must have exactly its one incident: none lost, none
duplicated, and every till's answer names that incident.

``POSDISC_DRILL_KILLS`` (default 5) sets the kills per database; ``POSDISC_DRILL_TILLS``
(default 8) the tills. The figures are printed (``pytest -s`` shows them)::

    drill sqlite: kills 5, checks 412, retries 61, lost 0, duplicated 0
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import pos_discrepancy
from pos_discrepancy.store.engine import make_engine

from .test_serve import LAUNCH, START_SECONDS

KILLS = int(os.environ.get("POSDISC_DRILL_KILLS", "5"))
TILLS = int(os.environ.get("POSDISC_DRILL_TILLS", "8"))
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # this checkout, not an install
#: How long the server runs between being up and being killed (seconds, uniform).
UP_FOR = (0.3, 1.5)
SERVING = re.compile(r"Serving pos-discrepancy on http://127\.0\.0\.1:(\d+) ")


@dataclass
class Drill:
    """What the tills and the killer share."""

    url: tuple[str, int] | None = None  # (host, port) of the running server
    kills: int = 0
    retries: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: dict[str, str] = field(default_factory=dict)  # key -> incident_id answered
    errors: list[str] = field(default_factory=list)


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``posdisc serve --port 0 --no-worker`` writing to ``log``; the process and its port."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "serve", "--port", "0", "--no-worker", "--threads", "8"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + START_SECONDS
    while True:
        found = SERVING.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return process, int(found.group(1))
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.05)


def post_check(drill: Drill, token: str, key: str, body: bytes) -> tuple[int, bytes] | None:
    """One try; ``None`` when the server could not be reached or the answer was cut."""
    address = drill.url
    if address is None:
        return None
    connection = http.client.HTTPConnection(*address, timeout=30)
    try:
        connection.request(
            "POST",
            "/api/v1/checks",
            body=body,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        answer = connection.getresponse()
        return answer.status, answer.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def till(drill: Drill, number: int, token: str) -> None:
    """Checks with a key each, every key retried until it is answered 201."""
    n = 0
    while not drill.stopping.is_set():
        n += 1
        key = f"till-{number}-check-{n}"
        body = json.dumps(
            {
                "store": "S001",
                "register": "R1",
                "cashier": f"C{number:02d}",
                "sku": "9788883701122",
                "scanned_price": "19.95",
                "shelf_price": "9.98",
                "quantity": 1,
                "location": key,  # the incident names its key
            }
        ).encode()
        deadline = time.monotonic() + 120
        while True:
            answer = post_check(drill, token, key, body)
            if answer is not None and answer[0] == 201:
                incident_id = json.loads(answer[1])["incident_id"]
                with drill.lock:
                    drill.answers[key] = incident_id
                break
            if answer is not None and answer[0] < 500 and answer[0] != 409:
                with drill.lock:
                    drill.errors.append(f"{key}: {answer[0]} {answer[1][:300]!r}")
                return
            with drill.lock:
                drill.retries += 1
            if time.monotonic() > deadline:
                with drill.lock:
                    drill.errors.append(f"{key}: never answered")
                return
            time.sleep(0.02)


def seed(database_url: str) -> str:
    """Store S001 and register R1 on the fresh database; the register's token."""
    desk = pos_discrepancy.connect(database_url)
    try:
        desk.add_store("S001", name="Main St", currency="USD")
        return desk.add_register("S001", register="R1")
    finally:
        desk.close()


def run_drill(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """Run the drill; the figures and the incidents per key."""
    token = seed(database_url)
    env = {
        **os.environ,
        "POSDISC_DATABASE_URL": database_url,
        "POSDISC_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    logs = (tmp_path / f"serve-{n}.log" for n in range(KILLS + 1))
    drill = Drill()
    process, port = start_server(env, next(logs))
    drill.url = ("127.0.0.1", port)
    tills = [threading.Thread(target=till, args=(drill, i, token)) for i in range(TILLS)]
    for thread in tills:
        thread.start()
    rng = random.Random()
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(*UP_FOR))
            process.send_signal(signal.SIGKILL)
            process.wait()
            drill.kills += 1
            drill.url = None
            process, port = start_server(env, next(logs))
            drill.url = ("127.0.0.1", port)
        time.sleep(rng.uniform(*UP_FOR))
        drill.stopping.set()  # each till finishes the check it is on, then stops
        for thread in tills:
            thread.join(timeout=150)
    finally:
        drill.stopping.set()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT location, id FROM incidents")).all()
    finally:
        engine.dispose()
    made = Counter(location for location, _ in rows)
    ids = {location: incident_id for location, incident_id in rows}
    lost = [key for key in drill.answers if made[key] == 0]
    duplicated = [key for key, count in made.items() if count > 1]
    wrong = [k for k, i in drill.answers.items() if made[k] == 1 and ids[k] != i]
    return {
        "kills": drill.kills,
        "checks": len(drill.answers),
        "retries": drill.retries,
        "lost": len(lost),
        "duplicated": len(duplicated),
        "wrong_answer": len(wrong),
        "unasked": len(set(made) - set(drill.answers)),
        "errors": drill.errors,
    }


def test_sigkill_drill_loses_nothing_and_duplicates_nothing(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = run_drill(database_url, tmp_path)
    name = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    with capsys.disabled():
        print(
            f"\ndrill {name}: kills {figures['kills']}, checks {figures['checks']}, "
            f"retries {figures['retries']}, lost {figures['lost']}, "
            f"duplicated {figures['duplicated']}"
        )
    assert figures["errors"] == [], figures["errors"][:5]
    assert figures["kills"] == KILLS
    assert figures["checks"] > 0
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["wrong_answer"] == 0
    assert figures["unasked"] == 0  # no incident without its till's key
