"""Read models: an incident, the approval queue, pages of incidents, stores."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import N_, NotFound
from ..ids import check_uuid
from ..store import log, repository
from ..views import IncidentView
from .context import Context

#: The problem when an incident id is well formed but unknown (or of another store).
NO_INCIDENT = N_("no incident %(incident_id)s")


def get_incident(ctx: Context, incident_id: str, *, store: str | None = None) -> IncidentView:
    """The incident with its decision and events.

    :param store: when given, an incident of another store is ``NotFound`` too (a
        register or a member of staff sees only their own store's incidents).
    """
    incident_id = check_uuid(incident_id, field="incident_id")
    store_id = None if store is None else ctx.store_info(store).code
    with ctx.reading() as connection:
        row = repository.get_incident_row(connection=connection, incident_id=incident_id)
        if row is None or (store_id is not None and row.store_id != store_id):
            raise NotFound.worded("incident_id", NO_INCIDENT, incident_id=incident_id)
        return repository.incident_view(connection=connection, row=row)


def pending_approvals(ctx: Context, store: str | None = None) -> list[IncidentView]:
    """Incidents waiting for a manager, oldest first (the worker applies timeouts)."""
    store_id = None if store is None else ctx.store_info(store).code
    with ctx.reading() as connection:
        ids = repository.awaiting_approval_ids(connection=connection, store_id=store_id)
        rows = {
            row.id: row
            for row in repository.get_incident_rows(connection=connection, incident_ids=ids)
        }
        return repository.incident_views(
            connection=connection, rows=[rows[i] for i in ids if i in rows], with_events=False
        )


@dataclass(frozen=True)
class StoreSummary:
    """One store as a list shows it."""

    code: str
    name: str
    currency: str
    timezone: str
    jurisdiction: str | None
    locale: str = "en_US"


def list_stores(ctx: Context) -> list[StoreSummary]:
    """Every store, by code."""
    with ctx.reading() as connection:
        rows = repository.list_stores(connection=connection)
    return [
        StoreSummary(r.id, r.name, r.currency, r.timezone, r.jurisdiction, r.locale) for r in rows
    ]


def store_has_incidents(ctx: Context, store: str) -> bool:
    """Whether the store has any incident at all."""
    info = ctx.store_info(store)
    with ctx.reading() as connection:
        return repository.store_has_incidents(connection=connection, store_id=info.code)


def journal_head(ctx: Context, store: str) -> int:
    """The store's newest journal ``seq`` (0 when it has none): a cheap change counter."""
    info = ctx.store_info(store)
    with ctx.reading() as connection:
        return log.journal_head(connection=connection, store_id=info.code)
