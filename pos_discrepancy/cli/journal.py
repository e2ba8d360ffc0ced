"""``posdisc journal verify``."""

from __future__ import annotations

import time

import click

from ..desk import Desk
from .context import CliContext, pass_context


@click.group()
def journal() -> None:
    """The tamper-evident incident journal."""


@journal.command()
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def verify(ctx: CliContext, store: str | None) -> None:
    """Check every event's hash chain; name the first broken event and exit 1."""
    if not print_verification(ctx.desk, store):
        raise SystemExit(1)


def print_verification(desk: Desk, store: str | None = None) -> bool:
    """Verify the journal and print the report; ``True`` when it is intact."""
    started = time.perf_counter()
    report = desk.verify_journal(store)
    seconds = time.perf_counter() - started
    for store_id, count in sorted(report.events_checked.items()):
        click.echo(f"{store_id}: {count} events checked")
    for problem in report.problems:
        where = f" (event {problem.event_id})" if problem.event_id else ""
        click.echo(
            f"BROKEN {problem.store_id}: {problem.problem}: {problem.message}{where}", err=True
        )
    if not report.ok:
        return False
    total = sum(report.events_checked.values())
    click.echo(f"journal intact: {total} events verified in {seconds:.2f} s")
    return True


def register(cli: click.Group) -> None:
    """Attach ``journal``."""
    cli.add_command(journal)
