"""``posdisc sync``: deliver an offline register's local journal to the store server;
``posdisc sync quarantine list|retry``: on the server, the synced events it did not apply."""

from __future__ import annotations

import click

from ..i18n import words
from ..sync.delivery import DEFAULT_BATCH
from ..sync.outbox import Batch
from .context import CliContext, pass_context


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.group("sync", invoke_without_command=True)
@click.option(
    "--server",
    envvar="POSDISC_SYNC_SERVER",
    help="The store server's URL, e.g. http://store-server:8000 (or POSDISC_SYNC_SERVER).",
)
@click.option(
    "--token",
    envvar="POSDISC_SYNC_TOKEN",
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
@click.pass_context
def sync_command(
    click_ctx: click.Context,
    server: str | None,
    token: str | None,
    batch_size: int,
    store: str | None,
) -> None:
    """Send every local journal event the server has not had yet, oldest first.

    Run it on the register, against its local database (--database-url). Each batch
    is marked delivered only after the server accepted it; if the server cannot be
    reached, nothing is marked and the next sync sends it again. On the server,
    `posdisc sync quarantine` lists and retries the events it did not apply.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    for name, value in (("--server", server), ("--token", token)):
        if not value:
            raise click.UsageError(f"Missing option '{name}'.", ctx=click_ctx)
    assert server is not None and token is not None
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None  # the root command made it
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


@sync_command.group("quarantine")
def quarantine() -> None:
    """Synced events the server took but did not apply (a rule refused them)."""


@quarantine.command("list")
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def list_quarantine(ctx: CliContext, store: str | None) -> None:
    """Each quarantined event: store, register, incident, event, kind, when, reason."""
    held = ctx.desk.quarantine(store)
    if not held:
        click.echo("No quarantined sync events.")
        return
    for item in held:
        waits = f" (waits for {item.waits_for})" if item.waits_for else ""
        info = ctx.desk.store_info(item.store)
        say = words(info.locale)
        tries = say.ngettext("%(num)s try", "%(num)s tries", item.attempts)
        when = say.datetime(item.quarantined_at, info.timezone, "yyyy-MM-dd HH:mm zzz")
        click.echo(
            f"{item.store} {item.register} seq {item.seq} event {item.event_id} incident "
            f"{item.incident_id} {item.kind} at {item.at.isoformat()}, quarantined "
            f"{when}, {tries}"
            f"{waits}: {item.reason}"
        )
    click.echo(f"{_plural(len(held), 'event')} quarantined.")


@quarantine.command("retry")
@click.option("--event", "event_id", default=None, help="This event (and those behind it).")
@click.option("--store", default=None, help="Only this store's events.")
@pass_context
def retry_quarantine(ctx: CliContext, event_id: str | None, store: str | None) -> None:
    """Run intake again for quarantined events, after fixing the cause (say, adding the
    manager who approved); those still refused stay, with the new reason."""
    report = ctx.desk.retry_quarantined(event=event_id, store=store)
    for item in report.still_quarantined:
        click.echo(f"Still quarantined: event {item.event_id}: {item.reason}")
    click.echo(
        f"Retried {_plural(report.tried, 'event')}: {report.applied} applied, "
        f"{len(report.still_quarantined)} still quarantined."
    )


def register(cli: click.Group) -> None:
    """Attach ``sync``."""
    cli.add_command(sync_command)
