"""Benchmark the HTTP check through the production server against hello-JSON (issue 13).

Sets up a database (a temporary SQLite file, or with --database-url a PostgreSQL
database of its own, created and dropped here) with eight stores and eight registers in
store S001, starts ``posdisc serve`` (waitress, ``--threads``, the worker inside) on it
and, as the same-run baseline, a Flask hello-JSON on the same waitress with the same
threads. Load comes from this process (another process than the servers) over loopback,
each client a thread with its own keep-alive connection. For each client count it
prints, for hello-JSON, the check, and the check with a fresh ``Idempotency-Key`` on every
request:

- requests per second over ``--seconds`` of closed-loop load, and the ratio to hello's;
- the server's CPU time per request (user + system, from ``/proc``), and the ratio;

then p50/p99 latency at a fixed ``--rate`` (open loop: each request is timed from the
moment it was due, so a stall counts against every request it delays), and finally, at
the highest client count, the clients as registers of **one** store against registers
of as many stores. Client and servers share this machine's cores: the figures are a floor.

    python bench/http_api.py [--seconds 3] [--clients 1,4,8] [--threads 4] [--rate 200]
                             [--rate-seconds 5] [--no-worker | --worker-process]
                             [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

import pos_discrepancy
from pos_discrepancy.store.engine import make_engine

SKU, PRICE = "9788883701122", "19.95"
STORES = 8
BENCH_DB = "posdisc_bench_http"
TICK = os.sysconf("SC_CLK_TCK")

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


@dataclass(frozen=True)
class Till:
    """One client's identity: its register's token and the check body it posts."""

    token: str
    body: bytes


@dataclass(frozen=True)
class Run:
    """What one load run measured."""

    requests: int
    seconds: float
    cpu_seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / max(self.requests, 1)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[bytes], what: str) -> None:
    """Return once ``port`` accepts connections; exit if ``server`` died first."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"{what} did not start") from None
            time.sleep(0.05)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def set_up(url: str) -> tuple[list[Till], list[Till]]:
    """Eight stores with the item, registers R1–R8 in S001 and R1 in every store.

    Returns the tills of one store and the tills of eight stores (S001/R1 in both)."""
    desk = pos_discrepancy.connect(url)
    try:
        tokens: dict[tuple[str, str], str] = {}
        for n in range(1, STORES + 1):
            store = f"S{n:03}"
            desk.add_store(store, name=f"Store {n}", currency="USD")
            desk.import_prices(store, [(SKU, "Paperback novel", PRICE)])
            registers = [f"R{r}" for r in range(1, STORES + 1)] if n == 1 else ["R1"]
            for register in registers:
                tokens[store, register] = desk.add_register(store, register=register)
    finally:
        desk.close()

    def till(store: str, register: str) -> Till:
        body = {"store": store, "register": register, "cashier": "C07", "sku": SKU,
                "scanned_price": PRICE, "shelf_price": "9.98", "quantity": 1}  # fmt: skip
        return Till(tokens[store, register], json.dumps(body).encode())

    one_store = [till("S001", f"R{r}") for r in range(1, STORES + 1)]
    many_stores = [till(f"S{n:03}", "R1") for n in range(1, STORES + 1)]
    return one_store, many_stores


class Client:
    """A keep-alive connection posting checks as one till."""

    def __init__(self, port: int, till: Till, idempotent: bool) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.till = till
        self.idempotent = idempotent

    def post(self) -> None:
        headers = {"Authorization": f"Bearer {self.till.token}",
                   "Content-Type": "application/json"}  # fmt: skip
        if self.idempotent:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        self.connection.request("POST", "/api/v1/checks", self.till.body, headers)
        response = self.connection.getresponse()
        answer = response.read()
        if response.status != 201:
            raise SystemExit(f"the check answered {response.status}: {answer[:300]!r}")

    def close(self) -> None:
        self.connection.close()


def closed_loop(
    port: int, pid: int, tills: Sequence[Till], seconds: float, idempotent: bool = False
) -> Run:
    """Each till posts as fast as it is answered for ``seconds``."""
    clients = [Client(port, till, idempotent) for till in tills]
    for client in clients:  # connect and warm up outside the timed part
        client.post()
    counts = [0] * len(clients)
    stop = threading.Event()

    def work(index: int) -> None:
        while not stop.is_set():
            clients[index].post()
            counts[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    for client in clients:
        client.close()
    return Run(sum(counts), elapsed, cpu)


def open_loop(port: int, tills: Sequence[Till], rate: float, seconds: float) -> list[float]:
    """Requests due every ``1/rate`` s for ``seconds``; latencies from the due moment."""
    total = max(1, int(rate * seconds))
    due_numbers = itertools.count()
    latencies: list[float] = []
    start = time.perf_counter() + 0.05

    def work(till: Till) -> None:
        client = Client(port, till, idempotent=False)
        client.post()
        while (n := next(due_numbers)) < total:
            due = start + n / rate
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            client.post()
            latencies.append(time.perf_counter() - due)
        client.close()

    threads = [threading.Thread(target=work, args=(till,)) for till in tills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies)


def percentile(values: Sequence[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(len(values) * fraction))]


def start(
    command: list[str], port: int, env: dict[str, str], log: Path, what: str
) -> subprocess.Popen[bytes]:
    """Start a server listening on ``port``; return once it accepts connections."""
    with log.open("w") as out:
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, env=env)  # fmt: skip
    try:
        wait_for(port, server, what)
    except SystemExit:
        server.kill()
        raise SystemExit(f"{what} did not start:\n{log.read_text()[-3000:]}") from None
    return server


def database(admin_url: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """The URL to use and a function that removes it."""
    if admin_url is None:
        return f"sqlite:///{folder / 'posdisc.sqlite3'}", lambda: None
    url = admin_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"

    def run(statement: str) -> None:
        admin = make_engine(admin_url)
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(statement))
        admin.dispose()

    run(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    run(f'CREATE DATABASE "{BENCH_DB}"')
    return url, lambda: run(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def report(clients: int, runs: dict[str, Run]) -> None:
    hello = runs["hello-JSON"]
    for name, run in runs.items():
        print(f"  {clients} client(s), {name}: {run.rate:.0f} req/s, "
              f"{run.cpu_ms:.2f} ms server CPU per request")  # fmt: skip
    for name, run in runs.items():
        if name != "hello-JSON":
            print(
                f"  {clients} client(s), {name} / hello-JSON: {run.rate / hello.rate:.0%} "
                f"of its req/s, {run.cpu_ms / hello.cpu_ms:.1f}x its CPU per request"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per load run")
    parser.add_argument("--clients", default="1,4,8", help="client counts to try (≤ 8)")
    parser.add_argument("--threads", type=int, default=4, help="server threads")
    parser.add_argument("--rate", type=float, default=200.0, help="requests/s for latency")
    parser.add_argument("--rate-seconds", type=float, default=5.0)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server's URL")
    worker = parser.add_mutually_exclusive_group()
    worker.add_argument("--no-worker", action="store_true", help="serve without the worker")
    worker.add_argument(
        "--worker-process",
        action="store_true",
        help="serve without the worker; run `posdisc worker` beside it",
    )
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    if max(counts) > STORES:
        parser.error(f"--clients: at most {STORES}")
    folder = Path(tempfile.mkdtemp(prefix="posdisc-bench-"))
    url, drop = database(args.database_url, folder)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        one_store, many_stores = set_up(url)
        port, hello_port = free_port(), free_port()
        env = {**os.environ, "POSDISC_DATABASE_URL": url, "XDG_DATA_HOME": str(folder)}
        servers.append(start(
            [sys.executable, "-c", "from pos_discrepancy.cli import main; main()", "serve",
             "--port", str(port), "--threads", str(args.threads),
             *(["--no-worker"] if args.no_worker or args.worker_process else [])],
            port, env, folder / "serve.txt", "posdisc serve"))  # fmt: skip
        servers.append(start([sys.executable, "-c", HELLO, str(hello_port), str(args.threads)],
                             hello_port, env, folder / "hello.txt", "hello-JSON"))  # fmt: skip
        check_pid, hello_pid = servers[0].pid, servers[1].pid
        if args.worker_process:  # its CPU is not in the server's figures
            with (folder / "worker.txt").open("w") as out:
                servers.append(subprocess.Popen(
                    [sys.executable, "-c", "from pos_discrepancy.cli import main; main()",
                     "worker"], stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT, env=env))  # fmt: skip
        print(f"posdisc serve --threads {args.threads} on {url.split('://')[0]}, and the "
              "baseline: hello-JSON on the same waitress and threads; "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")  # fmt: skip
        for clients in counts:
            tills = many_stores[:clients]
            report(clients, {
                "hello-JSON": closed_loop(hello_port, hello_pid, tills, args.seconds),
                "check": closed_loop(port, check_pid, tills, args.seconds),
                "check + Idempotency-Key": closed_loop(port, check_pid, tills, args.seconds,
                                                       idempotent=True),
            })  # fmt: skip
        clients = max(counts)
        latency = {
            "hello-JSON": open_loop(hello_port, many_stores[:clients], args.rate,
                                    args.rate_seconds),
            "check": open_loop(port, many_stores[:clients], args.rate, args.rate_seconds),
        }  # fmt: skip
        for name, values in latency.items():
            print(
                f"  at {args.rate:.0f} req/s, {name}: p50 {percentile(values, 0.5) * 1000:.1f}"
                f" ms, p99 {percentile(values, 0.99) * 1000:.1f} ms ({len(values)} requests)"
            )
        print(
            f"  at {args.rate:.0f} req/s: the check's p99 is "
            f"{percentile(latency['check'], 0.99) / percentile(latency['hello-JSON'], 0.99):.1f}"
            "x hello-JSON's"
        )
        hello = closed_loop(hello_port, hello_pid, many_stores[:clients], args.seconds)
        stores = closed_loop(port, check_pid, many_stores[:clients], args.seconds)
        store = closed_loop(port, check_pid, one_store[:clients], args.seconds)
        print(f"  {clients} registers in {clients} stores: {stores.rate:.0f} req/s "
              f"({stores.rate / hello.rate:.0%} of hello-JSON's {hello.rate:.0f}); "
              f"{clients} registers in one store: {store.rate:.0f} req/s "
              f"({store.rate / hello.rate:.0%}); one store / {clients} stores: "
              f"{store.rate / stores.rate:.0%}")  # fmt: skip
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        drop()


if __name__ == "__main__":
    main()
