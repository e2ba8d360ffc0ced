"""``posdisc fix``: mark shelf tags fixed, by incident, by SKU, or by scanning tags."""

from __future__ import annotations

import sys

import click

from ..domain import Cause
from ..errors import DiscrepancyError
from ..i18n import words
from .context import CliContext, pass_context

CAUSES = [c.value for c in Cause]


@click.command()
@click.argument("incident_id", required=False)
@click.option("--store", default=None, help="Store code (with --sku or --scan).")
@click.option("--sku", default=None, help="Fix every open incident of this SKU at --store.")
@click.option(
    "--scan",
    is_flag=True,
    help="Read SKUs from a barcode scanner (one per line) until an empty line.",
)
@click.option("--staff", required=True, help="Your staff code: who fixed the tag.")
@click.option("--cause", type=click.Choice(CAUSES), default=None,
              help="Why the tag was wrong, when known.")  # fmt: skip
@pass_context
def fix(
    ctx: CliContext,
    incident_id: str | None,
    store: str | None,
    sku: str | None,
    scan: bool,
    staff: str,
    cause: str | None,
) -> None:
    """Mark a shelf tag fixed: INCIDENT_ID, or --store with --sku, or --store --scan."""
    ways = sum([incident_id is not None, sku is not None, scan])
    if ways != 1:
        raise click.UsageError("give one of INCIDENT_ID, --sku or --scan")
    if incident_id is not None:
        if store is not None:
            raise click.UsageError("--store goes with --sku or --scan, not with INCIDENT_ID")
        incident = ctx.desk.fix(incident_id, staff=staff, cause=cause)
        say = words(ctx.desk.store_info(incident.store).locale)
        click.echo(say.gettext("Fixed: %(sku)s at %(store)s (incident %(id)s)", sku=incident.sku,
                               store=incident.store, id=incident.id))  # fmt: skip
        return
    if store is None:
        raise click.UsageError("--sku and --scan need --store")
    if sku is not None:
        _fix_sku(ctx, store, sku, staff, cause)
        return
    say = words(ctx.desk.store_info(store).locale)  # an unknown store fails before a scan
    click.echo(say.gettext("Scan each fixed tag's barcode (an empty line stops)."), err=True)
    fixed = failed = 0
    scanner = sys.stdin  # a keyboard-wedge scanner types the digits and Enter
    while True:
        line = scanner.readline()
        scanned = line.strip()
        if not scanned:
            break
        try:
            _fix_sku(ctx, store, scanned, staff, cause)
            fixed += 1
        except DiscrepancyError as error:
            failed += 1
            click.echo(say.gettext("Not fixed: %(problem)s", problem=error.message), err=True)
    click.echo(say.ngettext("%(num)s tag fixed, %(failed)s not found.",
                            "%(num)s tags fixed, %(failed)s not found.", fixed,
                            failed=say.number(failed)))  # fmt: skip


def _fix_sku(ctx: CliContext, store: str, sku: str, staff: str, cause: str | None) -> None:
    incidents = ctx.desk.fix_sku(store, sku=sku, staff=staff, cause=cause)
    say = words(ctx.desk.store_info(store).locale)
    first = incidents[0]
    click.echo(
        say.ngettext(
            "Fixed: %(sku)s %(item)s at %(store)s (%(num)s incident)",
            "Fixed: %(sku)s %(item)s at %(store)s (%(num)s incidents)",
            len(incidents),
            sku=first.sku,
            item=first.description or first.sku,
            store=first.store,
        )
    )


def register(cli: click.Group) -> None:
    """Attach ``fix``."""
    cli.add_command(fix)
