"""``posdisc sync``: deliver an offline register's local journal to the store server;
``posdisc sync quarantine list|retry``: on the server, the synced events it did not apply."""

from __future__ import annotations

import click

from ..i18n import Words, words
from ..sync.delivery import DEFAULT_BATCH
from ..sync.outbox import Batch
from .context import CliContext, pass_context, store_words


def _events(say: Words, count: int) -> str:
    return say.ngettext("%(num)s event", "%(num)s events", count)


def _incidents(say: Words, count: int) -> str:
    return say.ngettext("%(num)s incident", "%(num)s incidents", count)


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

    say = store_words(desk, store)

    def report(batch: Batch) -> None:
        here = store_words(desk, batch.store)
        click.echo(here.gettext(
            "%(store)s: delivered %(events)s of %(incidents)s (local seq %(first)s–%(last)s)",
            store=batch.store, events=_events(here, batch.events),
            incidents=_incidents(here, len(batch.incident_ids)), first=batch.first_seq,
            last=batch.last_seq,
        ))  # fmt: skip

    summary = desk.sync(
        server=server, token=token.strip(), batch_size=batch_size, store=store,
        on_batch=report,
    )  # fmt: skip
    left = desk.sync_pending(server=target, store=store)
    if summary.events == 0 and not left:
        click.echo(say.gettext("Nothing to send to %(server)s: every event is delivered.",
                               server=target))  # fmt: skip
        return
    if left:
        tail = say.ngettext("%(num)s event left to send", "%(num)s events left to send", left)
    else:
        tail = say.gettext("nothing left to send")
    click.echo(say.gettext(
        "Delivered %(events)s of %(incidents)s to %(server)s; %(tail)s",
        events=_events(say, summary.events), incidents=_incidents(say, summary.incidents),
        server=target, tail=tail,
    ))  # fmt: skip
    for item in summary.quarantined:
        click.echo(say.gettext("Quarantined by the server: event %(event)s: %(reason)s",
                               event=item.get("event_id"), reason=item.get("reason")))  # fmt: skip
    if summary.quarantined:
        click.echo(say.ngettext(
            "%(num)s event quarantined by the server (not applied); a manager sees it on "
            "its Sync quarantine page",
            "%(num)s events quarantined by the server (not applied); a manager sees them on "
            "its Sync quarantine page",
            len(summary.quarantined),
        ))  # fmt: skip


@sync_command.group("quarantine")
def quarantine() -> None:
    """Synced events the server took but did not apply (a rule refused them)."""


@quarantine.command("list")
@click.option("--store", default=None, help="Only this store (default: every store).")
@pass_context
def list_quarantine(ctx: CliContext, store: str | None) -> None:
    """Each quarantined event: store, register, incident, event, kind, when, reason."""
    held = ctx.desk.quarantine(store)
    everyone = store_words(ctx.desk, store)
    if not held:
        click.echo(everyone.gettext("No quarantined sync events."))
        return
    for item in held:
        info = ctx.desk.store_info(item.store)
        say = words(info.locale)
        waits = (
            say.gettext(" (waits for %(event)s)", event=item.waits_for) if item.waits_for else ""
        )
        click.echo(say.gettext(
            "%(store)s %(register)s seq %(seq)s event %(event)s incident %(incident)s %(kind)s "
            "at %(at)s, quarantined %(when)s, %(tries)s%(waits)s: %(reason)s",
            store=item.store, register=item.register, seq=item.seq, event=item.event_id,
            incident=item.incident_id, kind=item.kind, at=item.at.isoformat(),
            when=say.datetime(item.quarantined_at, info.timezone, "yyyy-MM-dd HH:mm zzz"),
            tries=say.ngettext("%(num)s try", "%(num)s tries", item.attempts), waits=waits,
            reason=item.reason,
        ))  # fmt: skip
    click.echo(everyone.ngettext("%(num)s event quarantined.", "%(num)s events quarantined.",
                                 len(held)))  # fmt: skip


@quarantine.command("retry")
@click.option("--event", "event_id", default=None, help="This event (and those behind it).")
@click.option("--store", default=None, help="Only this store's events.")
@pass_context
def retry_quarantine(ctx: CliContext, event_id: str | None, store: str | None) -> None:
    """Run intake again for quarantined events, after fixing the cause (say, adding the
    manager who approved); those still refused stay, with the new reason."""
    report = ctx.desk.retry_quarantined(event=event_id, store=store)
    say = store_words(ctx.desk, store)
    for item in report.still_quarantined:
        click.echo(say.gettext("Still quarantined: event %(event)s: %(reason)s",
                               event=item.event_id, reason=item.reason))  # fmt: skip
    click.echo(say.gettext(
        "Retried %(events)s: %(applied)s applied, %(held)s still quarantined.",
        events=_events(say, report.tried), applied=say.number(report.applied),
        held=say.number(len(report.still_quarantined)),
    ))  # fmt: skip


def register(cli: click.Group) -> None:
    """Attach ``sync``."""
    cli.add_command(sync_command)
