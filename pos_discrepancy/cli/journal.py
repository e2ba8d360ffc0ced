"""``posdisc journal verify [--anchor FILE]`` and ``posdisc journal head``."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..desk import Desk
from ..errors import InvalidInput
from .context import CliContext, pass_context


@click.group()
def journal() -> None:
    """The tamper-evident incident journal."""


@journal.command()
@click.option("--store", default=None, help="Only this store (default: every store).")
@click.option(
    "--anchor",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A file of 'posdisc journal head' lines kept elsewhere: name a chain that no "
    "longer reaches them.",
)
@pass_context
def verify(ctx: CliContext, store: str | None, anchor: Path | None) -> None:
    """Check every chain and every incident against its events; name each problem, exit 1."""
    if not print_verification(ctx.desk, store, anchor=anchor):
        raise SystemExit(1)


@journal.command()
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def head(ctx: CliContext, store: str | None) -> None:
    """Print each chain's newest event: '<store> <chain> <seq> <hash>', one line per chain.

    Keep the lines somewhere the database's owner cannot rewrite; later,
    'posdisc journal verify --anchor FILE' names a chain cut short or rewritten.
    """
    for journal_head in ctx.desk.journal_heads(store):
        click.echo(journal_head.line())


def print_verification(desk: Desk, store: str | None = None, *, anchor: Path | None = None) -> bool:
    """Verify the journal and print the report; ``True`` when it is intact."""
    started = time.perf_counter()
    try:
        report = desk.verify_journal(store, anchor=anchor)
    except InvalidInput as error:
        if error.field != "anchor":
            raise
        raise click.BadParameter(
            str(error).removeprefix("anchor: "), param_hint="'--anchor'"
        ) from None
    seconds = time.perf_counter() - started
    for store_id, count in sorted(report.events_checked.items()):
        click.echo(f"{store_id}: {count} events checked")
    for store_id, count in sorted(report.links_checked.items()):
        click.echo(f"{store_id}: {count} events of till chains checked")
    for problem in report.problems:
        where = f" (event {problem.event_id})" if problem.event_id else ""
        click.echo(
            f"BROKEN {problem.store_id}: {problem.problem}: {problem.message}{where}", err=True
        )
    for store_id, count in sorted(report.omitted.items()):
        click.echo(f"BROKEN {store_id}: {count} more problems not listed", err=True)
    if not report.ok:
        return False
    total = sum(report.events_checked.values())
    anchored = f", {report.anchors_checked} anchor lines matched" if report.anchors_checked else ""
    click.echo(f"journal intact: {total} events verified in {seconds:.2f} s{anchored}")
    return True


def register(cli: click.Group) -> None:
    """Attach ``journal``."""
    cli.add_command(journal)
