"""``posdisc whatif``: a store's period replayed under another policy, side by side.

Prints the comparison table, the rules that decided the incidents, the first changed
incidents and every assumption; ``--json`` prints :meth:`WhatIf.to_dict` instead.
Nothing is stored. See docs/whatif.md.
"""

from __future__ import annotations

import json

import click

from ..domain.whatif_policy import WHATIF_KEYS, parse_assignments
from ..domain.whatif_result import WhatIf
from .context import CliContext, pass_context

#: How many changed incidents the table lists (``--json`` has up to 50).
LISTED = 10


@click.command()
@click.option("--store", required=True, help="Store code.")
@click.option("--since", default=None, help="First day, e.g. 2026-11-01 (default: 30 days ago).")
@click.option("--until", default=None, help="Last day, inclusive (default: today).")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="KEY=VALUE",
    help=f"A policy key to change (repeatable): {', '.join(WHATIF_KEYS)}.",
)
@click.option(
    "--jurisdiction", default=None, help='Another jurisdiction plugin, or "none" for none.'
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def whatif(
    ctx: CliContext,
    store: str,
    since: str | None,
    until: str | None,
    assignments: tuple[str, ...],
    jurisdiction: str | None,
    as_json: bool,
) -> None:
    """Replay a period's incidents under another policy; compare with what happened."""
    settings = parse_assignments(assignments, field="--set")
    result = ctx.desk.whatif(
        store, since=since, until=until, settings=settings, jurisdiction=jurisdiction
    )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=1, ensure_ascii=False))
        return
    for line in render(result):
        click.echo(line)


def render(result: WhatIf) -> list[str]:
    """The comparison for a terminal, in the store's words: table, rules, changes,
    assumptions."""
    say = result.say
    _ = say.gettext
    rows = result.rows()
    width = max(len(r.label) for r in rows)
    heads = (_("Recorded"), _("What-if"), _("Difference"))
    cells = [(r.recorded, r.what_if, r.change) for r in rows]
    widths = [max(len(c[i]) for c in [heads, *cells]) for i in range(3)]

    def line(label: str, values: tuple[str, str, str]) -> str:
        right = "  ".join(v.rjust(w) for v, w in zip(values, widths, strict=True))
        return f"{label.ljust(width)}  {right}"

    lines = [
        _("What-if for %(name)s (%(store)s), %(since)s to %(until)s", name=result.store_name,
          store=result.store, since=result.since, until=result.until),
        _("Policy: %(policy)s", policy=result.policy_words),
        "",
        line("", heads),
        *(line(r.label, c) for r, c in zip(rows, cells, strict=True)),
        "",
        _("Walk-aways avoided (expected): %(count)s", count=say.number(result.walk_aways_avoided)),
        _("Incidents that end differently: %(count)s", count=say.number(result.replay.changed)),
    ]  # fmt: skip
    lines += [f"  {say.number(count)} {words}" for words, count in result.rule_counts()]
    for change in result.changes[:LISTED]:
        item = change.description or change.sku
        lines.append(f"  - {item}: {change.reason}")
    if result.replay.changed > LISTED:
        more = result.replay.changed - LISTED
        lines.append("  " + _("… and %(count)s more (--json lists up to 50)",
                              count=say.number(more)))  # fmt: skip
    lines += ["", _("Assumptions:"), *(f"  - {a}" for a in result.assumptions)]
    lines += [_("Note: %(note)s", note=note) for note in result.notes]
    return lines


def register(cli: click.Group) -> None:
    """Attach ``whatif``."""
    cli.add_command(whatif)
