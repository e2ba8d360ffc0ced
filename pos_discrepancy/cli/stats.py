"""``posdisc stats``, ``posdisc chain-signal`` and ``posdisc scans record``: how a store's
tags are doing (docs/outcomes.md)."""

from __future__ import annotations

import json

import click

from ..i18n import words
from ..reports.stats_words import chain_words, measure_rows
from .context import CliContext, pass_context


@click.command()
@click.option("--store", required=True, help="Store code.")
@click.option("--since", default=None, help="First day, e.g. 2026-11-01 (default: 30 days ago).")
@click.option("--until", default=None, help="Last day, inclusive (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the measures as JSON.")
@pass_context
def stats(ctx: CliContext, store: str, since: str | None, until: str | None, as_json: bool) -> None:
    """A store's outcome measures over a period: accuracy, cost, walk-aways, speed."""
    measures = ctx.desk.stats(store, since=since, until=until)
    if as_json:
        click.echo(json.dumps(measures.to_dict(), indent=1, ensure_ascii=False))
        return
    say = words(ctx.desk.store_info(measures.store).locale)
    click.echo(say.gettext("Store %(store)s, %(since)s to %(until)s", store=measures.store,
                           since=measures.since, until=measures.until))  # fmt: skip
    rows = measure_rows(measures, say)
    width = max(len(label) for _, label, _ in rows)
    for _, label, text in rows:
        click.echo(f"  {label:<{width}}  {text}")
    for repeat in measures.repeat_skus:
        line = say.gettext(
            "repeat: %(sku)s %(description)s ×%(count)s",
            sku=repeat.sku, description=repeat.description, count=say.number(repeat.repeats),
        )  # fmt: skip
        click.echo(f"  {line}".rstrip())


@click.command("chain-signal")
@click.option("--since", default=None, help="First day (default: 30 days ago), in UTC.")
@click.option("--until", default=None, help="Last day, inclusive (default: today).")
@click.option("--min-stores", default=2, show_default=True, help="Stores a SKU must be met at.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@pass_context
def chain_signal(
    ctx: CliContext, since: str | None, until: str | None, min_stores: int, as_json: bool
) -> None:
    """SKUs mismatching in several stores: likely a price-file or promotion-feed error."""
    rows = ctx.desk.chain_signal(since, until, min_stores)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=1, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"No SKU mismatched in {min_stores} stores or more in the period.")
    for row in rows:
        item = row.description or "(no description)"
        counts = f"{len(row.stores)} stores, {row.incidents} incidents"
        click.echo(f"{row.sku}  {item}: {counts} ({chain_words(row)})")


@click.group()
def scans() -> None:
    """Daily scan counts: the denominator of the per-1,000 measures."""


@scans.command("record")
@click.option("--store", required=True, help="Store code.")
@click.option("--day", required=True, help="The day counted, e.g. 2026-11-30.")
@click.option("--scans", "count", required=True, help="Items scanned that day (a whole number).")
@click.option("--register", default=None, help="The register (default: the whole store).")
@pass_context
def record(ctx: CliContext, store: str, day: str, count: str, register: str | None) -> None:
    """Record how many items were scanned on a day; a repeat replaces the count."""
    replaced = ctx.desk.record_scans(store, day, count, register=register)
    who = f"register {register.upper()}" if register else "the whole store"
    verb = "Replaced" if replaced else "Recorded"
    click.echo(f"{verb} {int(count):,} scans on {day} for {who} at {store.upper()}.")


def register(cli: click.Group) -> None:
    """Attach ``stats``, ``chain-signal`` and ``scans``."""
    cli.add_command(stats)
    cli.add_command(chain_signal)
    cli.add_command(scans)
