"""Does the sign-in form tell staff codes apart by time? (design §11, issue 11)

Signs in through the real web app (Flask test client, SQLite file, the default argon2id
parameters) with, interleaved: an unknown staff code, a known code with a wrong PIN, and
the right PIN. The baseline measured in the same run is one bare argon2id verification.
Prints the p50/p90 of each and the gap between unknown code and wrong PIN, which should
be small next to the verification itself.

    python bench/sign_in_timing.py [--n 60]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher
from flask.testing import FlaskClient

from pos_discrepancy.web import create_app
from pos_discrepancy.web.extension import close_desk, get_desk


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"p50 {statistics.median(ordered) * 1e3:7.1f} ms   p90 {p90 * 1e3:7.1f} ms"


def _token(client: FlaskClient) -> str:
    """A fresh CSRF token (signing in starts a new session, and with it a new token)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert found is not None
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60, help="sign-ins of each kind")
    n = parser.parse_args().n
    hasher = PasswordHasher()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"DATABASE_URL": url, "SIGNIN_CLIENT_LIMIT": "100000 per minute"})
        desk = get_desk(app)
        desk.add_store("S001", name="Bench", currency="USD")
        desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
        client = app.test_client()
        kinds = {"unknown code": ("M99", "0000"), "wrong PIN": ("M01", "0000"),
                 "right PIN": ("M01", "2468")}  # fmt: skip
        samples: dict[str, list[float]] = {kind: [] for kind in kinds}
        stored = hasher.hash("2468")
        bare: list[float] = []
        for i in range(n):
            for kind, (code, pin) in kinds.items():
                form = {"csrf_token": _token(client), "store": "S001", "code": code, "pin": pin}
                start = time.perf_counter()
                status = client.post("/login", data=form).status_code
                samples[kind].append(time.perf_counter() - start)
                assert status == (302 if kind == "right PIN" else 401), (kind, status)
            start = time.perf_counter()
            hasher.verify(stored, "2468")
            bare.append(time.perf_counter() - start)
            if i % 8 == 7:  # stay under the per-code pause (10 failures in a row)
                desk.unlock_staff("S001", code="M01")
        close_desk(app)
    print(f"baseline: one argon2id verify   {summary(bare)}")
    for kind, times in samples.items():
        print(f"sign-in, {kind:<13}        {summary(times)}")
    gap = statistics.median(samples["wrong PIN"]) - statistics.median(samples["unknown code"])
    print(f"gap wrong PIN − unknown code (p50): {gap * 1e3:+.1f} ms "
          f"({gap / statistics.median(bare):+.0%} of one verify)")  # fmt: skip


if __name__ == "__main__":
    main()
