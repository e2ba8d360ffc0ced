"""``posdisc sync``: deliver an offline register's local journal to the store server."""

from __future__ import annotations

import click

from ..sync.delivery import DEFAULT_BATCH
from ..sync.outbox import Batch
from .context import CliContext, pass_context


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command("sync")
@click.option(
    "--server",
    envvar="POSDISC_SYNC_SERVER",
    required=True,
    help="The store server's URL, e.g. http://store-server:8000 (or POSDISC_SYNC_SERVER).",
)
@click.option(
    "--token",
    envvar="POSDISC_SYNC_TOKEN",
    required=True,
    help="This register's bearer token from the server (or POSDISC_SYNC_TOKEN).",
)
@click.option(
    "--batch",
    "batch_size",
    type=click.IntRange(1, 1000),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Events per request.",
)
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def sync_command(
    ctx: CliContext, server: str, token: str, batch_size: int, store: str | None
) -> None:
    """Send every local journal event the server has not had yet, oldest first.

    Run it on the register, against its local database (--database-url). Each batch
    is marked delivered only after the server accepted it; if the server cannot be
    reached, nothing is marked and the next sync sends it again.
    """
    desk = ctx.desk
    target = server.strip().rstrip("/")

    def report(batch: Batch) -> None:
        click.echo(
            f"{batch.store}: delivered {_plural(batch.events, 'event')} of "
            f"{_plural(len(batch.incident_ids), 'incident')} (local seq "
            f"{batch.first_seq}–{batch.last_seq})"
        )

    summary = desk.sync(
        server=server, token=token.strip(), batch_size=batch_size, store=store,
        on_batch=report,
    )  # fmt: skip
    left = desk.sync_pending(server=target, store=store)
    tail = "nothing left to send" if not left else f"{_plural(left, 'event')} left to send"
    if summary.events == 0 and not left:
        click.echo(f"Nothing to send to {target}: every event is delivered.")
        return
    click.echo(
        f"Delivered {_plural(summary.events, 'event')} of "
        f"{_plural(summary.incidents, 'incident')} to {target}; {tail}"
    )
    for item in summary.quarantined:
        click.echo(f"Quarantined by the server: event {item.get('event_id')}: {item.get('reason')}")
    if summary.quarantined:
        click.echo(
            f"{_plural(len(summary.quarantined), 'event')} quarantined by the server (not "
            "applied); a manager sees them on its Sync quarantine page"
        )


def register(cli: click.Group) -> None:
    """Attach ``sync``."""
    cli.add_command(sync_command)
