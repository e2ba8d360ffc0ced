"""``posdisc worker [--once]``, ``worker status``, ``worker retry`` (design §10).

The worker applies approval timeouts when they fall due and delivers committed journal
events to the subscribers (``posdisc_incident_event`` plugins). ``posdisc serve`` runs one
inside the server process; run ``posdisc worker`` instead when the server runs with
``--no-worker`` (or to work a database no server serves). Several workers on one database
take turns: only the one holding the lease works.
"""

from __future__ import annotations

import signal

import click

from ..desk import WORKER_MAX_ATTEMPTS as MAX_ATTEMPTS
from ..desk import WORKER_POLL_SECONDS as POLL_SECONDS
from ..i18n import words
from .context import CliContext, pass_context, store_words


@click.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="One pass, then exit (cron, scripts, tests).")
@click.option("--poll", "poll_seconds", default=POLL_SECONDS, show_default=True,
              type=click.FloatRange(0.05, 60), help="Seconds between passes.")  # fmt: skip
@click.pass_context
def worker(click_ctx: click.Context, once: bool, poll_seconds: float) -> None:
    """Apply due approval timeouts and deliver events to subscribers, until stopped."""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None  # the root command made it
    say = store_words(ctx.desk)
    if once:
        report = ctx.desk.run_worker_pass()
        click.echo(
            say.gettext(
                "timeouts applied: %(timeouts)s; delivered: %(delivered)s; failed: %(failed)s; "
                "parked: %(parked)s; idempotency keys pruned: %(pruned)s",
                timeouts=report.timeouts, delivered=report.delivered, failed=report.failed,
                parked=report.parked, pruned=report.pruned_keys,
            )
        )  # fmt: skip
        return
    loop = ctx.desk.worker(poll_seconds=poll_seconds)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: loop.stop())
    click.echo(say.gettext("Worker running every %(seconds)s s (Ctrl-C to stop)",
                           seconds=f"{poll_seconds:g}"))  # fmt: skip
    try:
        loop.run()
    except KeyboardInterrupt:
        loop.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(say.gettext("Worker stopped."))


@worker.command()
@pass_context
def status(ctx: CliContext) -> None:
    """Each subscriber's place in each store's journal, and what waits for it."""
    places, waiting = ctx.desk.worker_status()
    if not places:
        click.echo(
            store_words(ctx.desk).gettext(
                "No subscribers (no posdisc_incident_event plugin is installed)."
            )
        )
    for place in places:
        click.echo(
            f"{place.subscriber} {place.store}: read {place.seq} of {place.head} events "
            f"({place.behind} behind), {place.due} to retry, {place.parked} parked"
        )
    for item in waiting:  # the retry time on the store's clock, in the store's words
        info = ctx.desk.store_info(item.store)
        say = words(info.locale)
        when = (
            say.gettext("parked")
            if item.state == "parked"
            else say.gettext("retry at %(when)s", when=say.clock(item.retry_at, info.timezone))
        )
        click.echo(
            f"  {item.state.upper()} {item.subscriber} {item.store} seq {item.seq} "
            f"event {item.event_id} incident {item.incident_id}: {item.attempts}/"
            f"{MAX_ATTEMPTS} tries, {when}: {item.last_error or ''}"
        )


@worker.command()
@click.option("--subscriber", default=None, help="Only this subscriber's parked events.")
@click.option("--event", "event_id", default=None, help="Only this event.")
@pass_context
def retry(ctx: CliContext, subscriber: str | None, event_id: str | None) -> None:
    """Deliver parked events again (after fixing what made them fail)."""
    count = ctx.desk.retry_deliveries(subscriber=subscriber, event_id=event_id)
    click.echo(store_words(ctx.desk).ngettext("%(num)s parked delivery due again now.",
                                "%(num)s parked deliveries due again now.", count))  # fmt: skip


def register(cli: click.Group) -> None:
    """Attach ``worker``."""
    cli.add_command(worker)
