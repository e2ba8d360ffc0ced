"""``posdisc bonus claim``: record a Michigan bonus claim made after the sale."""

from __future__ import annotations

import click

from ..money import Money
from .context import CliContext, pass_context


@click.group()
def bonus() -> None:
    """Michigan bonus claims (jurisdiction us_mi)."""


@bonus.command()
@click.argument("incident_id")
@click.option("--staff", required=True, help="Your staff code.")
@click.option("--note", default=None, help="How notice was given (in person, letter, …).")
@pass_context
def claim(ctx: CliContext, incident_id: str, staff: str, note: str | None) -> None:
    """Record that the customer gave notice of an overcharge; print what they are owed."""
    incident = ctx.desk.claim_bonus(incident_id, staff=staff, note=note)
    event = incident.events[-1].data

    def money(key: str) -> str:
        return Money.parse(event[key], incident.currency, field=key).format()

    click.echo(
        f"Bonus claim recorded for incident {incident.id}: refund {money('refund')} "
        f"+ bonus {money('bonus')} = {money('owed')} owed to the customer."
    )


def register(cli: click.Group) -> None:
    """Attach ``bonus``."""
    cli.add_command(bonus)
