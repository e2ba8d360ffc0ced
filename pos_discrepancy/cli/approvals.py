"""``posdisc approvals list|decide``: the manager's queue from a terminal.

A request the cashier left waiting (wrong PIN, no manager nearby) is decided here
later; the web queue does the same for managers on the floor.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click

from .check import echo_lines
from .context import CliContext, pass_context
from .render import render_resolution


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
        click.echo("Nothing is waiting for a manager.")
    for incident in waiting:
        asked = next((o for o in incident.options if o.action == incident.requested_action), None)
        charge = asked.charge.format() if asked else "?"
        zone = ZoneInfo(ctx.desk.store_info(incident.store).timezone)
        since = (incident.escalated_at or incident.detected_at).astimezone(zone)
        click.echo(
            f"{incident.id}  {incident.store} {incident.register}  {incident.sku} "
            f"{incident.description or ''}  tag {incident.shelf_price.format()} / scanned "
            f"{incident.scanned_price.format()}  asks {charge}  (cashier {incident.cashier}, "
            f"since {since:%H:%M} {since.tzname()})"
        )


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
