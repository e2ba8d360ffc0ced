"""``posdisc report summary|signage|tags|price-changes``: PDFs (or CSV) for ops and managers."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from ..i18n import N_
from ..reports.tags import DEFAULT_SHEET, SHEETS
from .context import CliContext, pass_context

#: How the confirmation names each report (translated where printed).
REPORT_NAMES = {"summary": N_("summary"), "signage": N_("signage"), "tags": N_("tags"),
                "price-changes": N_("price-changes")}  # fmt: skip

#: Show a progress bar when a report has at least this many rows.
PROGRESS_FROM = 200

DESCRIPTIONS = {
    "summary": "Incidents, money given away or lost, decisions, speed of fixes.",
    "signage": "Worklist of shelf tags to fix, in walking order, with barcodes.",
    "tags": "A sheet of replacement shelf tags with the correct price.",
}


@click.group()
def report() -> None:
    """Print reports: summary, signage worklist, replacement shelf tags."""


def _options(command: Any) -> Any:
    options = [
        click.option("--store", default=None, help="Store code (summary: leave out for all)."),
        click.option("--since", help="First day, e.g. 2026-11-01 (default: 30 days ago)."),
        click.option("--until", default=None, help="Last day, inclusive (default: today)."),
        click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                     help="File to write (FILE.pdf or FILE.csv)."),
        click.option("--format", "fmt", type=click.Choice(["pdf", "csv"]), default=None,
                     help="pdf or csv (default: from the --out suffix, else pdf)."),
        click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter",
                     show_default=True, help="Paper size."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _run(ctx: CliContext, kind: str, out: Path, fmt: str | None, **options: Any) -> None:
    fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "pdf")
    if out.exists() and out.is_dir():
        raise click.BadParameter(f"{out} is a folder; give a file name", param_hint="--out")
    with ExitStack() as stack:
        bar: list[Any] = []
        totals: list[int] = []

        def on_total(total: int) -> None:
            totals.append(total)
            if total >= PROGRESS_FROM:
                label = f"{kind} ({total:,} rows)"
                bar.append(stack.enter_context(
                    click.progressbar(length=total, label=label, file=sys.stderr)))  # fmt: skip

        def progress(count: int) -> None:
            if bar:
                bar[0].update(count)

        request = ctx.desk.write_report(
            kind, out, fmt=fmt, progress=progress, on_total=on_total, **options
        )
    say = request.words
    rows = " " + say.ngettext("(%(num)s row)", "(%(num)s rows)", totals[0]) if totals else ""
    click.echo(say.gettext(
        "Wrote the %(kind)s report for %(scope)s, %(period)s%(rows)s: %(out)s",
        kind=say.gettext(REPORT_NAMES.get(kind, kind)), scope=request.scope,
        period=request.period_label, rows=rows, out=out))  # fmt: skip


@report.command()
@_options
@click.option("--open-days", default=7, show_default=True, type=click.IntRange(0, 3650),
              help="List tags still open after this many days.")  # fmt: skip
@pass_context
def summary(ctx: CliContext, out: Path, fmt: str | None, open_days: int, **options: Any) -> None:
    """Incidents, money given away or lost, decisions, speed of fixes."""
    _run(ctx, "summary", out, fmt, open_days=open_days, **options)


@report.command()
@_options
@pass_context
def signage(ctx: CliContext, out: Path, fmt: str | None, **options: Any) -> None:
    """Worklist of shelf tags to fix, in walking order, with barcodes."""
    _run(ctx, "signage", out, fmt, **options)


@report.command()
@_options
@click.option("--sheet", type=click.Choice(sorted(SHEETS)), default=DEFAULT_SHEET,
              show_default=True, help="Label sheet layout.")  # fmt: skip
@pass_context
def tags(ctx: CliContext, out: Path, fmt: str | None, sheet: str, **options: Any) -> None:
    """A sheet of replacement shelf tags with the correct price."""
    _run(ctx, "tags", out, fmt, sheet=sheet, **options)


@report.command("price-changes")
@_options
@pass_context
def price_changes(ctx: CliContext, out: Path, fmt: str | None, **options: Any) -> None:
    """Prices to change in the POS price file: the tag was right, the file was wrong."""
    _run(ctx, "price-changes", out, fmt, **options)


def register(cli: click.Group) -> None:
    """Attach ``report``."""
    cli.add_command(report)
