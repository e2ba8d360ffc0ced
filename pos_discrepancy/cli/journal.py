"""``posdisc journal verify [--anchor FILE]`` and ``posdisc journal head``."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import click

from ..desk import Desk
from ..errors import InvalidInput
from .context import CliContext, pass_context, store_words


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
    say = store_words(desk, store)
    for store_id, count in sorted(report.events_checked.items()):
        line = say.ngettext("%(num)s event checked", "%(num)s events checked", count)
        click.echo(f"{store_id}: {line}")
    for store_id, count in sorted(report.links_checked.items()):
        line = say.ngettext(
            "%(num)s event of till chains checked", "%(num)s events of till chains checked", count
        )
        click.echo(f"{store_id}: {line}")
    broken = "BROKEN"  # a marker scripts look for, in every language
    for problem in report.problems:
        where = (
            say.gettext(" (event %(event)s)", event=problem.event_id) if problem.event_id else ""
        )
        click.echo(
            f"{broken} {problem.store_id}: {problem.problem}: {problem.message}{where}", err=True
        )
    for store_id, count in sorted(report.omitted.items()):
        more = say.ngettext("%(num)s more problem not listed", "%(num)s more problems not listed",
                            count)  # fmt: skip
        click.echo(f"{broken} {store_id}: {more}", err=True)
    if not report.ok:
        return False
    total = sum(report.events_checked.values())
    verified = say.ngettext(
        "journal intact: %(num)s event verified in %(seconds)s s",
        "journal intact: %(num)s events verified in %(seconds)s s",
        total,
        seconds=say.number(Decimal(f"{seconds:.2f}")),
    )
    if report.anchors_checked:
        verified += say.ngettext(", %(num)s anchor line matched", ", %(num)s anchor lines matched",
                                 report.anchors_checked)  # fmt: skip
    click.echo(verified)
    return True


def register(cli: click.Group) -> None:
    """Attach ``journal``."""
    cli.add_command(journal)
