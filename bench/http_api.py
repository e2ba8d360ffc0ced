"""Benchmark the HTTP API through the real server: ``posdisc serve --demo`` (waitress).

Starts the server on a free port with a temporary SQLite file (or the database given
with --database-url: an empty database of its own, which gets migrated and the demo
store), then several tills post overcharge checks at once
(``POST /api/v1/checks``, each one an incident and a journal event), and finally
downloads the summary PDF of everything. Prints requests per second, latency
percentiles per client count, and the report's size and time, beside the same-run
baseline: a Flask hello-JSON on the same waitress with the same threads, under the same
load. Client and server share
this machine's cores, so the figures are a floor.

    python bench/http_api.py [--checks 400] [--clients 1,4,8] [--threads 4]
                             [--database-url postgresql+psycopg://…/db]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

CHECK = json.dumps(
    {"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",
     "scanned_price": "19.95", "shelf_price": "9.98", "quantity": 1}
).encode()  # fmt: skip


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


#: The same-run baseline: Flask answering a small JSON on the same waitress, same threads.
HELLO = """
import logging, sys
from flask import Flask, jsonify
from waitress import serve
logging.getLogger("waitress.queue").setLevel(logging.ERROR)
app = Flask("hello")
@app.post("/api/v1/checks")
def hello():
    return jsonify(hello="world"), 201
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=int(sys.argv[2]), _quiet=True)
"""


def start_hello(threads: int) -> tuple[subprocess.Popen[bytes], str]:
    """The hello-JSON server on a free port, once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", HELLO, str(port), str(threads)],
                              stdin=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the hello-JSON server did not start") from None
            time.sleep(0.05)


def call(url: str, token: str, data: bytes | None = None) -> bytes:
    """One request; raises on any status but 2xx."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=60) as r:
        return bytes(r.read())


def load(base: str, token: str, clients: int, total: int) -> tuple[float, list[float]]:
    """``total`` checks spread over ``clients`` threads; returns (seconds, latencies)."""
    latencies: list[float] = []

    def till(count: int) -> None:
        for _ in range(count):
            started = time.perf_counter()
            call(f"{base}/api/v1/checks", token, CHECK)
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=till, args=(total // clients,)) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, sorted(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=400, help="checks per client count")
    parser.add_argument("--clients", default="1,4,8", help="client counts to try")
    parser.add_argument("--threads", type=int, default=4, help="server threads")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="posdisc-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'posdisc.sqlite3'}"
    port = free_port()
    out = (folder / "serve.txt").open("w")
    server = subprocess.Popen(
        [sys.executable, "-c", "from pos_discrepancy.cli import main; main()", "serve",
         "--demo", "--port", str(port), "--threads", str(args.threads)],
        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
        env={**os.environ, "POSDISC_DATABASE_URL": url, "XDG_DATA_HOME": str(folder)},
    )  # fmt: skip
    try:
        text = ""
        while "Serving pos-discrepancy" not in text:
            if server.poll() is not None:
                raise SystemExit(f"posdisc serve exited:\n{text}")
            time.sleep(0.1)
            text = (folder / "serve.txt").read_text()
        token = re.search(r"bearer token .*:\n\s+(\S+)\n", text).group(1)  # type: ignore[union-attr]
        base = f"http://127.0.0.1:{port}"
        print(f"posdisc serve --threads {args.threads} on {url.split('://')[0]}, "
              "and the baseline: hello-JSON on the same waitress and threads")  # fmt: skip
        hello, hello_base = start_hello(args.threads)
        try:
            for clients in (int(c) for c in args.clients.split(",")):
                rates = []
                for name, where in (("hello-JSON", hello_base), ("check", base)):
                    seconds, lat = load(where, token, clients, args.checks)
                    p50, p99 = lat[len(lat) // 2], lat[max(0, int(len(lat) * 0.99) - 1)]
                    rates.append(len(lat) / seconds)
                    print(
                        f"  {clients} client(s), {len(lat)} {name} checks: "
                        f"{len(lat) / seconds:.0f}/s, p50 {p50 * 1000:.1f} ms, "
                        f"p99 {p99 * 1000:.1f} ms"
                    )
                print(f"  {clients} client(s): the check does {rates[1] / rates[0]:.0%} "
                      "of hello-JSON's requests per second")  # fmt: skip
        finally:
            hello.terminate()
            hello.wait(timeout=30)
        started = time.perf_counter()
        pdf = call(f"{base}/api/v1/reports/summary.pdf", token)
        print(f"  summary.pdf: {len(pdf):,} bytes in {time.perf_counter() - started:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)
        out.close()


if __name__ == "__main__":
    main()
