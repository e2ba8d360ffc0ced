"""Telling ``posdisc_incident_event`` plugins about committed events."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..plugins import call_each
from ..store import repository
from ..store.journal import JournalEntry
from ..views import EventView
from .context import Context

log = logging.getLogger(__name__)


def notify(ctx: Context, incident_id: str, entries: Iterable[JournalEntry]) -> None:
    """Call each ``posdisc_incident_event`` plugin for each committed event; never raises.

    A notifier must never break a checkout: its failures are logged, and one failing
    plugin silences no other.
    """
    hook = ctx.pm.hook.posdisc_incident_event
    if not hook.get_hookimpls():
        return
    try:
        with ctx.reading() as connection:
            row = repository.get_incident_row(connection=connection, incident_id=incident_id)
            if row is None:  # pragma: no cover - incidents are never deleted
                return
            incident = repository.incident_view(connection=connection, row=row)
        for entry in entries:
            event = EventView(entry.id, entry.seq, entry.kind, entry.at, entry.data)
            call_each(
                hook, incident=incident, event=event, plugin_settings=ctx.settings.plugin_settings
            )
    except Exception:
        log.exception("posdisc_incident_event plugin failed for incident %s", incident_id)
