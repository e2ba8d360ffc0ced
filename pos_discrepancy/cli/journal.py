"""``posdisc journal verify``."""

from __future__ import annotations

import time

import click

from .context import CliContext, pass_context


@click.group()
def journal() -> None:
    """The tamper-evident incident journal."""


@journal.command()
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def verify(ctx: CliContext, store: str | None) -> None:
    """Check every event's hash chain; name the first broken event and exit 1."""
    started = time.perf_counter()
    report = ctx.desk.verify_journal(store)
    seconds = time.perf_counter() - started
    for store_id, count in sorted(report.events_checked.items()):
        click.echo(f"{store_id}: {count} events checked")
    for problem in report.problems:
        where = f" (event {problem.event_id})" if problem.event_id else ""
        click.echo(
            f"BROKEN {problem.store_id}: {problem.problem}: {problem.message}{where}", err=True
        )
    if not report.ok:
        raise SystemExit(1)
    total = sum(report.events_checked.values())
    click.echo(f"journal intact: {total} events verified in {seconds:.2f} s")


def register(cli: click.Group) -> None:
    """Attach ``journal``."""
    cli.add_command(journal)
