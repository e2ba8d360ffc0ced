"""``posdisc audit start|sheet|record|score|list``: a self-audit in the inspector's style
(NIST Handbook 130 price verification; docs/outcomes.md, "Self-audit").

``--by`` names the member of staff doing it (a manager, ops or admin to start and
score; anyone of the store's staff to record); it may come from ``POSDISC_STAFF``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from ..domain.audit import Audit
from .context import CliContext, pass_context

_STORE = click.option("--store", required=True, help="Store code.")
_AUDIT = click.option("--audit", "audit_id", required=True, help="The audit's id.")
_BY = click.option("--by", required=True, envvar="POSDISC_STAFF", show_envvar=True,
                   help="Your staff code.")  # fmt: skip
_JSON = click.option("--json", "as_json", is_flag=True, help="Print the audit as JSON.")


@click.group()
def audit() -> None:
    """Self-audits: sample items by aisle, check shelf against scan, score at 98 %."""


@audit.command()
@_STORE
@click.option("--size", required=True, help="Items to sample (at most the price file's).")
@click.option("--seed", default=None, help="The draw's seed (default: random, recorded).")
@_BY
@_JSON
@pass_context
def start(ctx: CliContext, store: str, size: str, seed: str | None, by: str, as_json: bool) -> None:
    """Draw a sample of the store's price file, stratified by aisle."""
    started = ctx.desk.start_audit(store, size=size, seed=seed, by=by)
    if as_json:
        click.echo(json.dumps(started.to_dict(), indent=1, ensure_ascii=False))
        return
    click.echo(
        f"Audit {started.id} started at {started.store}: {started.size:,} of "
        f"{started.items_in_file:,} items, seed {started.seed}."
    )
    for stratum in started.strata:
        aisle = f"aisle {stratum.aisle}" if stratum.aisle else "unknown aisle"
        click.echo(f"  {aisle}: {stratum.sampled} of {stratum.items}")
    if started.unknown_aisle_items:
        click.echo(
            f"{started.unknown_aisle_items:,} items have no known aisle (no shelf location "
            "recorded yet): sampled as one stratum, unknown aisle."
        )
    click.echo(
        f"Print its sheet: posdisc audit sheet --store {started.store} --audit {started.id} "
        "--out audit.pdf"
    )


@audit.command()
@_STORE
@_AUDIT
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")  # fmt: skip
@pass_context
def sheet(ctx: CliContext, store: str, audit_id: str, out: Path) -> None:
    """Print the audit sheet: barcodes to scan, boxes for the shelf and scanned prices."""
    buffer = io.BytesIO()  # nothing is written when the audit is refused
    found = ctx.desk.write_audit_sheet(store, audit_id, buffer)
    out.write_bytes(buffer.getvalue())
    click.echo(f"Wrote the sheet of audit {found.id} ({len(found.items)} items): {out}")


@audit.command()
@_STORE
@_AUDIT
@click.option("--sku", required=True, help="A SKU of the sample (scan it).")
@click.option("--shelf", required=True, help="The price on its shelf tag, e.g. 9.99.")
@click.option("--scanned", required=True, help="The price it scanned at, e.g. 9.99.")
@_BY
@pass_context
def record(
    ctx: CliContext, store: str, audit_id: str, sku: str, shelf: str, scanned: str, by: str
) -> None:
    """Record one item's shelf and scanned price (again: replaces it)."""
    updated = ctx.desk.record_audit_finding(store, audit_id, sku, shelf, scanned, by=by)
    item = updated.item(sku.strip())
    assert item is not None and item.shelf_price and item.scanned_price  # just recorded
    score = updated.score
    click.echo(
        f"Recorded {item.sku} {item.description}: shelf {item.shelf_price.format()}, "
        f"scanned {item.scanned_price.format()}: {item.result} "
        f"({score.checked} of {score.sampled} checked)"
    )


@audit.command()
@_STORE
@_AUDIT
@_BY
@_JSON
@pass_context
def score(ctx: CliContext, store: str, audit_id: str, by: str, as_json: bool) -> None:
    """Score the audit against the 98 % pass line and close it."""
    scored = ctx.desk.score_audit(store, audit_id, by=by)
    if as_json:
        click.echo(json.dumps(scored.to_dict(), indent=1, ensure_ascii=False))
        return
    for line in score_lines(scored):
        click.echo(line)


@audit.command("list")
@_STORE
@pass_context
def list_audits(ctx: CliContext, store: str) -> None:
    """The store's audits, newest first."""
    for found in ctx.desk.audits(store):
        result = found.score
        state = "scored" if found.scored_at else "open"
        accuracy = "—" if result.accuracy_percent is None else f"{result.accuracy_percent} %"
        click.echo(f"{found.id}  {found.started_at:%Y-%m-%d}  {state:<6}  "
                   f"{result.checked}/{result.sampled} checked  {accuracy}")  # fmt: skip


def score_lines(scored: Audit) -> list[str]:
    """The score in words, one line each."""
    result = scored.score
    verdict = {True: "PASS", False: "FAIL", None: "not scored"}[result.passed]
    accuracy = "—" if result.accuracy_percent is None else f"{result.accuracy_percent} %"
    over = result.overcharge_accuracy_percent
    return [
        f"Audit {scored.id} at {scored.store} (seed {scored.seed})",
        f"  Items checked        {result.checked} of {result.sampled}",
        f"  Priced right         {result.right}",
        f"  Overcharges          {result.overcharges} ({result.overcharged.format()})",
        f"  Undercharges         {result.undercharges} ({result.undercharged.format()})",
        f"  Accuracy             {accuracy} (right / checked; pass line 98 %)",
        f"  Overcharges only     {'—' if over is None else f'{over} %'}",
        f"Result: {verdict}",
    ]


def register(cli: click.Group) -> None:
    """Attach ``audit``."""
    cli.add_command(audit)
