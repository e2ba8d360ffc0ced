"""``posdisc serve [--demo] [--host] [--port] [--no-worker]``: the web app and HTTP API.

The app (:func:`pos_discrepancy.web.create_app`) runs on waitress. ``--demo`` first sets up
the demo store (as ``posdisc demo`` does; nothing is changed when it is there already),
adds sample incidents when the store has none, prints the staff who can sign in to the
web pages, and issues a fresh bearer token for its register R1, printed with a ``curl``
example.
Ctrl-C or SIGTERM stops the server cleanly, without a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import signal
import threading
from pathlib import Path
from types import FrameType

import click
import platformdirs
from sqlalchemy.exc import SQLAlchemyError
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from ..desk import Desk
from ..errors import AlreadyExists
from . import demo_data
from .context import CliContext, database_location, pass_context

#: The check the printed ``curl`` example sends: an overcharge on the demo store.
DEMO_CHECK = {
    "store": demo_data.STORE,
    "register": demo_data.REGISTER,
    "cashier": demo_data.CASHIER,
    "sku": "9788883701122",
    "scanned_price": "19.95",
    "shelf_price": "9.98",
    "quantity": 1,
    "location": "A7-B3",
}


@click.command()
@click.option("--demo", is_flag=True, help="Set up demo store S001 and print a register token.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at once.")  # fmt: skip
@click.option("--worker/--no-worker", "with_worker", default=True, show_default=True,
              help="Run the worker (timeouts, subscribers) inside the server.")  # fmt: skip
@pass_context
def serve(
    ctx: CliContext, demo: bool, host: str, port: int, threads: int, with_worker: bool
) -> None:
    """Serve the staff web pages (/login) and the HTTP API (/api/v1).

    The worker (``posdisc worker``) runs in a background thread unless ``--no-worker``.
    """
    from ..web import create_app
    from ..web.extension import close_desk, get_desk

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # "Task queue depth is N" on every busy moment would drown the errors that matter.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    config = ctx.config or os.environ.get("POSDISC_CONFIG") or None
    if demo and config is None:  # a person needs time to find the waiting escalation
        config = str(demo_data.demo_policy_file(demo_data_folder()))
    try:
        app = create_app({"DATABASE_URL": ctx.database_url, "POSDISC_CONFIG": config})
    except SQLAlchemyError as error:  # no server there, a bad URL, no permission
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise click.ClickException(f"cannot open the database: {reason}") from None
    try:
        desk = get_desk(app)
        click.echo(f"Database: {database_location(desk)}")
        token = seed_demo(desk) if demo else None
        try:
            server = create_server(app, host=host, port=port, threads=threads, ident="posdisc")
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise click.ClickException(f"cannot listen on {host} port {port}: {reason}") from None
        url = base_url(*listening(server)[0])
        if token is not None:
            print_demo_help(url, token)
        click.echo(f"OpenAPI document: {url}/api/v1/openapi.json")
        loop = desk.worker() if with_worker else None
        if loop is not None:
            thread = threading.Thread(target=loop.run, name="posdisc-worker", daemon=True)
            thread.start()
            click.echo("Worker running in the background (approval timeouts, subscribers)")
        click.echo(f"Serving pos-discrepancy on {url} (Ctrl-C to stop)")
        try:
            run_until_stopped(server)
        finally:
            if loop is not None:
                loop.stop()
                thread.join(timeout=10)
    finally:
        close_desk(app)
    click.echo("Stopped.")


def run_until_stopped(server: BaseWSGIServer | MultiSocketServer) -> None:
    """Serve until Ctrl-C (SIGINT) or SIGTERM, then close the listening sockets."""
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()  # returns on KeyboardInterrupt or SystemExit
    finally:
        signal.signal(signal.SIGTERM, previous)
        if not isinstance(server, MultiSocketServer):  # that one closes itself in run()
            server.close()


def listening(server: BaseWSGIServer | MultiSocketServer) -> list[tuple[str, int]]:
    """The ``(host, port)`` pairs ``server`` listens on (port 0 resolved)."""
    if isinstance(server, MultiSocketServer):
        return [(str(host), int(port)) for host, port in server.effective_listen]
    return [(str(server.effective_host), int(server.effective_port))]


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: leave the server loop the way Ctrl-C does."""
    raise KeyboardInterrupt


def base_url(host: str, port: int) -> str:
    """``http://host:port`` for people; a wildcard address shows as localhost."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def demo_data_folder() -> Path:
    """The user data folder, where the default SQLite file and the demo policy live."""
    return Path(platformdirs.user_data_dir("pos-discrepancy", appauthor=False))


def seed_demo(desk: Desk) -> str:
    """Set up the demo store if missing; return a new token for its register R1."""
    added = demo_data.seed(desk)
    if added:
        click.echo(f"Demo store {demo_data.STORE} set up: added " + "; ".join(added) + ".")
    else:
        click.echo(f"Demo store {demo_data.STORE} is already set up — nothing changed.")
    made = demo_data.seed_incidents(desk)
    if made:
        click.echo(f"Added {made} sample incidents.")
    if demo_data.seed_scan_counts(desk):
        click.echo(f"Reported {demo_data.SCAN_DAYS} days of scan counts at register R1.")
    demo_data.ensure_waiting_escalation(desk)
    waiting = len(desk.pending_approvals(demo_data.STORE))
    minutes = desk.store_info(demo_data.STORE).policy.approval_timeout_seconds // 60
    click.echo(
        f"{waiting} escalation{'s' if waiting != 1 else ''} waiting for a manager "
        f"(sign in as M01 to approve; the policy settles one after {minutes} min)."
    )
    return issue_token(desk, demo_data.STORE, demo_data.REGISTER)


def issue_token(desk: Desk, store: str, register: str) -> str:
    """Add ``register`` with a token, or give it a new one (the old token stops working)."""
    try:
        return desk.add_register(store, register=register)
    except AlreadyExists:
        return desk.rotate_register_token(store, register=register)


def print_demo_help(url: str, token: str) -> None:
    """How to sign in to the staff pages, the register's token and a ``curl`` check."""
    click.echo("")
    click.echo(f"Staff pages: {url}/login (store {demo_data.STORE})")
    for code, name, role, pin in demo_data.STAFF:
        if pin is not None:
            click.echo(f"  {role:<8} {code} {name:<6} PIN {pin}")
    click.echo("")
    click.echo(
        f"Register {demo_data.REGISTER} of {demo_data.STORE}: bearer token "
        "(new at every start; the previous one no longer works):"
    )
    click.echo(f"  {token}")
    click.echo("")
    click.echo("Try an overcharge (tag 9.98, scanned 19.95):")
    body = shlex.quote(json.dumps(DEMO_CHECK))
    click.echo(
        f"  curl -s -X POST {url}/api/v1/checks \\\n"
        f'    -H "Authorization: Bearer {token}" \\\n'
        '    -H "Content-Type: application/json" \\\n'
        f"    -d {body}"
    )
    click.echo(
        f'  curl -s -o summary.pdf -H "Authorization: Bearer {token}" '
        f"{url}/api/v1/reports/summary.pdf"
    )
    click.echo("")


def register(cli: click.Group) -> None:
    """Attach ``serve``."""
    cli.add_command(serve)
