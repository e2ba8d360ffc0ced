"""``posdisc approvals list|decide``: the manager's queue from a terminal.

A request the cashier left waiting (wrong PIN, no manager nearby) is decided here
later; the web queue does the same for managers on the floor.
"""

from __future__ import annotations

import click

from ..i18n import words
from .check import echo_lines
from .context import CliContext, pass_context
from .render import render_resolution

#: How the list writes the time a request has waited since, on the store's clock.
STORE_TIME = "HH:mm zzz"


@click.group()
def approvals() -> None:
    """Requests waiting for a manager."""


@approvals.command("list")
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def list_waiting(ctx: CliContext, store: str | None) -> None:
    """Incidents waiting for a manager, oldest first, with the time in the store's zone."""
    waiting = ctx.desk.pending_approvals(store)
    if not waiting:
        info = ctx.desk.store_info(store) if store else None
        click.echo(
            words(info.locale if info else None).gettext("Nothing is waiting for a manager.")
        )
    for incident in waiting:
        info = ctx.desk.store_info(incident.store)
        say = words(info.locale)
        asked = next((o for o in incident.options if o.action == incident.requested_action), None)
        since = say.datetime(
            incident.escalated_at or incident.detected_at, info.timezone, STORE_TIME
        )
        line = say.gettext(
            "%(id)s  %(store)s %(register)s  %(sku)s %(description)s  tag %(tag)s / scanned "
            "%(scanned)s  asks %(charge)s  (cashier %(cashier)s, since %(since)s)",
            id=incident.id,
            store=incident.store,
            register=incident.register,
            sku=incident.sku,
            description=incident.description or "",
            tag=say.money(incident.shelf_price),
            scanned=say.money(incident.scanned_price),
            charge=say.money(asked.charge) if asked else "?",
            cashier=incident.cashier,
            since=since,
        )
        click.echo(line)


@approvals.command("decide")
@click.argument("incident_id")
@click.option("--manager", required=True, help="Your staff code (manager or admin).")
@click.option("--deny", is_flag=True, help="Deny: charge the scanned price.")
@click.option("--note", default=None, help="Why, for the record.")
@pass_context
def decide(ctx: CliContext, incident_id: str, manager: str, deny: bool, note: str | None) -> None:
    """Approve (or --deny) a waiting request; your PIN is asked with hidden input."""
    desk = ctx.desk
    incident = desk.get_incident(incident_id)  # an unknown id fails before the PIN
    pin = click.prompt("Manager PIN", hide_input=True)
    incident = desk.approve(incident.id, manager=manager, pin=pin, approve=not deny, note=note)
    echo_lines(render_resolution(incident))


def register(cli: click.Group) -> None:
    """Attach ``approvals``."""
    cli.add_command(approvals)
