"""``posdisc demo``: set up a demo store, then the cashier's prompt or a walkthrough.

From a terminal it starts the interactive check prompt (store S001, register R1,
cashier C07). Without one (CI, a pipe) it plays a short scripted walkthrough showing
what the cashier sees in four typical cases, then verifies the journal.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click

from ..desk import Desk
from ..domain import Status
from ..errors import DiscrepancyError
from ..money import Money
from ..views import CheckResult
from ..words import message_for_people
from . import demo_data
from .check import CheckPrompt, echo_lines, say_error
from .context import CliContext, database_location, pass_context
from .journal import print_verification
from .render import render_check, render_resolution


def stdin_is_terminal() -> bool:
    """True when a person can type answers (stdin may be closed or a pipe)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed stream
        return False


@click.command()
@click.option("--walkthrough", "mode", flag_value="walkthrough", help="Play the scripted demo.")
@click.option("--interactive", "mode", flag_value="interactive", help="Start the cashier prompt.")
@pass_context
def demo(ctx: CliContext, mode: str | None) -> None:
    """Set up demo store S001 (if missing), then try the cashier's check flow."""
    desk = ctx.desk
    click.echo(f"Database: {database_location(desk)}")
    added = demo_data.seed(desk)
    if added:
        click.echo(f"Demo store {demo_data.STORE} set up: added " + "; ".join(added) + ".")
    else:
        click.echo(f"Demo store {demo_data.STORE} is already set up — nothing changed.")
    if mode is None:
        mode = "interactive" if stdin_is_terminal() else "walkthrough"
    if mode == "interactive":
        interactive(desk)
    elif not walkthrough(desk):
        raise SystemExit(1)


def interactive(desk: Desk) -> None:
    """The real cashier prompt on the demo store, with a few things to try."""
    novel = demo_data.item("9788883701122")
    pen = demo_data.item("4006381333931")
    click.echo("")
    click.echo("Things to try (managers: M01 PIN 2468, M02 PIN 1122; admin A01 PIN 1357):")
    click.echo(f"  • SKU {pen.sku} ({pen.description}), tag {pen.price}, scan {pen.price}: agree")
    click.echo(
        f"  • SKU {pen.sku}, tag 1.99, scanned blank (looks up {pen.price}): small overcharge"
    )
    click.echo(
        f"  • SKU {novel.sku} ({novel.description}), tag 9.98, scanned blank "
        f"(looks up {novel.price}): pick the manager option, M01 / 2468"
    )
    click.echo("  • a tag price above the scan: an undercharge, logged on its own")
    click.echo("")
    info = desk.store_info(demo_data.STORE)
    CheckPrompt(desk, info, demo_data.REGISTER, demo_data.CASHIER).run()


def _scene(title: str) -> None:
    click.echo("")
    click.secho(f"── {title} ──", bold=True)


def _typed(sku: str, shelf: str, scanned: str | None, **extra: object) -> None:
    described = demo_data.item(sku).description
    scan = scanned if scanned is not None else "(blank: looked up in the price file)"
    more = "".join(f", {k.replace('_', ' ')} {v}" for k, v in extra.items())
    click.echo(
        f"Cashier {demo_data.CASHIER} at {demo_data.REGISTER}: SKU {sku} ({described}), "
        f"tag {shelf}, scanned {scan}{more}"
    )


def _check(desk: Desk, sku: str, shelf: str, scanned: str | None, **extra: Any) -> CheckResult:
    _typed(sku, shelf, scanned, **extra)
    result = desk.check(
        store=demo_data.STORE,
        register=demo_data.REGISTER,
        cashier=demo_data.CASHIER,
        sku=sku,
        shelf_price=shelf,
        scanned_price=scanned,
        **extra,
    )
    echo_lines(render_check(result))
    return result


def _decide(desk: Desk, result: CheckResult, action: str) -> None:
    assert result.incident_id is not None
    number, option = next(
        (n, o) for n, o in enumerate(result.options, start=1) if o.action == action
    )
    click.echo(f"> Cashier chooses {number} ({option.label}).")
    incident = desk.decide(result.incident_id, action=action, cashier=demo_data.CASHIER)
    if incident.status is Status.AWAITING_APPROVAL:
        click.echo("> Manager M01 (Dana) enters code M01 and PIN ****, and approves.")
        try:
            incident = desk.approve(incident.id, manager="M01", pin="2468", approve=True)
        except DiscrepancyError as error:  # S001 existed before the demo, with its own M01
            say_error(f"{message_for_people(error)} (this S001 was not set up by the demo)")
    echo_lines(render_resolution(incident))
    if incident.status is Status.AWAITING_APPROVAL:
        return
    desk.record_outcome(incident.id, customer_outcome="purchased", staff=demo_data.CASHIER)
    click.echo("> Customer bought it. Recorded: purchased.")


def walkthrough(desk: Desk) -> bool:
    """Four cases a cashier meets, as the prompt shows them; ``True`` when the journal
    verifies afterwards."""
    info = desk.store_info(demo_data.STORE)
    if info.currency != demo_data.CURRENCY:
        click.echo(f"Store {info.code} is not the demo store ({info.currency}); skipping.")
        return True
    policy = info.policy
    limit = Money.parse(str(policy.auto_honor_max), info.currency, field="auto_honor_max")
    click.echo("")
    click.echo("Walkthrough: what the cashier sees (each case is logged as the real thing).")
    click.echo(
        f"Store policy: honor up to {limit.format()} without a manager; "
        f"declining {'allowed' if policy.decline_allowed else 'not allowed'}."
    )

    _scene("(a) Prices agree")
    _check(desk, "4006381333931", "2.49", "2.49")

    _scene("(b) Small overcharge: the cashier honors the tag")
    result = _check(desk, "4006381333931", "1.99", None, location="A7-B1")
    _decide(desk, result, "honor")

    _scene("(c) Bigger overcharge: escalated, manager M01 approves")
    result = _check(desk, "9788883701122", "9.98", "19.95", location="A7-B3")
    _decide(desk, result, "escalate")

    _scene("(d) Sale tag left up after the promotion ended")
    today = desk.clock().astimezone(ZoneInfo(info.timezone)).date()
    result = _check(
        desk,
        "048000001757",
        "3.99",
        None,
        location="D2-B1",
        promo_ends=(today - timedelta(days=3)).isoformat(),
    )
    decline = next((o for o in result.options if o.action == "decline"), None)
    _decide(desk, result, "decline" if decline and decline.available else "escalate")

    _scene("posdisc journal verify")
    return print_verification(desk, demo_data.STORE)


def register(cli: click.Group) -> None:
    """Attach ``demo``."""
    cli.add_command(demo)
