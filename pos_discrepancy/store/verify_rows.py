"""Verifying the rows against the journal: passes 2 and 3 of :func:`.verify.verify_journal`.

2. **the rows** — incidents, with their decision, in batches: each incident's events are
   folded by :class:`.projection.Projection` into the rows they imply, and every column
   of ``incidents`` and ``decisions`` is compared with it. This pass runs first and
   reads every event of the stores verified: it also judges each on its own
   (:class:`SelfChecked`), so the chain pass need not read the bodies again.
3. **strays** — events whose incident has no row, decisions whose incident has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, func, select, true

from ..money import CURRENCY_DIGITS
from .audits import AUDIT_KINDS
from .journal import EVENTS, INCIDENTS
from .projection import MONEY_COLUMNS, Projection, agrees, load_data, money_text
from .repository import DECISIONS
from .verify_events import EVENT_COLUMNS, Event, event_verifies
from .verify_raw import minor_text, raw, raw_date, typed
from .verify_report import JournalProblem, VerifyReport

#: Incidents read (with their events) per round trip in the row pass.
ROWS_PER_BATCH = 500


# --- 2. the rows -----------------------------------------------------------------------

_DECISION_COLUMNS = [c for c in DECISIONS.c if c.name != "incident_id"]
_DECISION_LABELS = {f"decision_{c.name}": c.name for c in _DECISION_COLUMNS}
#: Columns too long to quote in a message.
_QUIET = frozenset({"claim_json", "options_json"})
#: Columns of dates (a time column's raw values are compared as they are).
_DATES = frozenset({"promo_ends"})


#: Past this many events failing on their own, their ids are not kept: the chain pass
#: then reads the bodies again and judges each event itself.
MAX_FAILED = 100_000


@dataclass
class SelfChecked:
    """The row pass's verdict on each event on its own (:func:`.event_verifies`): how
    many ``events`` of the stores verified it judged, and the ids of those that fail
    (``failed``; ``None`` past :data:`MAX_FAILED`)."""

    store_id: str | None
    typed_at: Callable[[Any], Any]
    events: int = 0
    failed: set[str] | None = field(default_factory=set)

    def judge(self, event: Event) -> None:
        """Judge ``event`` (an event of another store than the one verified is not)."""
        if self.store_id is not None and event.store_id != self.store_id:
            return
        self.events += 1
        if self.failed is not None and not event_verifies(event, self.typed_at):
            self.failed.add(event.id)
            if len(self.failed) > MAX_FAILED:
                self.failed = None


def check_rows(
    connection: Connection, report: VerifyReport, store_id: str | None, batch_size: int
) -> SelfChecked:
    """Every incident and decision row against the projection of its events; on the way,
    every event of the stores verified is judged on its own (returned).

    Rows and events are read raw (:mod:`.verify_raw`) and an incident whose raw values
    are what its events say is done with; any other is read again typed and compared
    column by column (:func:`_compare`), which names what differs.
    """
    checked = SelfChecked(store_id, typed(connection, EVENTS.c.at))
    result = connection.execution_options(yield_per=batch_size).execute(
        _rows_query(store_id, raw_values=True)
    )
    index = {name: number for number, name in enumerate(result.keys())}
    specs: dict[tuple[str, tuple[str, ...]], _Spec] = {}
    for rows in result.partitions(ROWS_PER_BATCH):
        projections = _project_raw(connection, [row.id for row in rows], checked)
        doubtful = [
            row.id for row in rows if not _agrees_raw(row, index, projections.get(row.id), specs)
        ]
        if not doubtful:
            continue
        projections = _project(connection, doubtful)
        query = _rows_query(store_id, raw_values=False).where(INCIDENTS.c.id.in_(doubtful))
        for row in connection.execute(query):
            _compare(report, row._mapping, projections.get(row.id))
    others = EVENTS.outerjoin(
        INCIDENTS,
        (INCIDENTS.c.id == EVENTS.c.incident_id)
        & (true() if store_id is None else INCIDENTS.c.store_id == store_id),
    )
    query = select(*EVENT_COLUMNS).select_from(others).where(INCIDENTS.c.id.is_(None))
    if store_id is not None:
        query = query.where(EVENTS.c.store_id == store_id)
    for row in connection.execution_options(yield_per=batch_size).execute(query):
        checked.judge(Event(*row))  # events of no incident verified: audits, strays
    return checked


def _rows_query(store_id: str | None, *, raw_values: bool) -> Any:
    """Incidents with their decision (``decision_…`` columns), by store and id."""
    read = raw if raw_values else _labelled
    query = select(
        *(read(c) for c in INCIDENTS.c),
        read(DECISIONS.c.incident_id, "decision_incident_id"),
        *(read(c, label) for label, c in _LABELLED),
    ).select_from(INCIDENTS.outerjoin(DECISIONS, DECISIONS.c.incident_id == INCIDENTS.c.id))
    if store_id is not None:
        query = query.where(INCIDENTS.c.store_id == store_id)
    return query.order_by(INCIDENTS.c.store_id, INCIDENTS.c.id)


_LABELLED = [(f"decision_{c.name}", c) for c in _DECISION_COLUMNS]


def _labelled(column: Any, name: str | None = None) -> Any:
    """``column`` read typed, labelled as :func:`.verify_raw.raw` labels it."""
    return column.label(name or column.name)


def _project_raw(
    connection: Connection, incident_ids: list[str], checked: SelfChecked
) -> dict[str, Projection]:
    """The projection of each incident's events, times raw; each event judged too."""
    query = (
        select(*EVENT_COLUMNS)
        .where(EVENTS.c.incident_id.in_(incident_ids))
        .order_by(EVENTS.c.incident_id, EVENTS.c.seq)
    )
    projections: dict[str, Projection] = {}
    for row in connection.execute(query):
        event = Event(*row)
        checked.judge(event)
        _fold(projections, event.incident_id, event.store_id, event.seq, event.kind, event.at,
              event.body)  # fmt: skip
    return projections


def _project(connection: Connection, incident_ids: list[str]) -> dict[str, Projection]:
    """The projection of each incident's events, times typed."""
    query = (
        select(EVENTS.c.incident_id, EVENTS.c.store_id, EVENTS.c.seq, EVENTS.c.kind,
               EVENTS.c.at, EVENTS.c.body)
        .where(EVENTS.c.incident_id.in_(incident_ids))
        .order_by(EVENTS.c.incident_id, EVENTS.c.seq)
    )  # fmt: skip
    projections: dict[str, Projection] = {}
    for row in connection.execute(query):
        _fold(projections, *row)
    return projections


def _fold(
    projections: dict[str, Projection], incident_id: str, store: str, seq: int, kind: str,
    at: Any, body: str,
) -> None:  # fmt: skip
    projection = projections.get(incident_id)
    if projection is None:
        projection = projections[incident_id] = Projection()
    data = load_data(body)
    if data is None:
        projection.unreadable.append(seq)
        data = {}
    projection.apply(store_id=store, kind=kind, at=at, data=data)


class _Spec:
    """How to pick the columns a projection names out of a raw row, in its order."""

    __slots__ = ("dates", "money", "pick")

    def __init__(self, columns: tuple[str, ...], index: dict[str, int], prefix: str) -> None:
        positions = [index[prefix + column] for column in columns]
        if len(positions) > 1:  # one itemgetter call picks them all (a tuple)
            getter = itemgetter(*positions)
            self.pick: Callable[[Any], list[Any]] = lambda row: list(getter(row))
        else:
            self.pick = lambda row: [row[position] for position in positions]
        self.money = [n for n, column in enumerate(columns) if column in MONEY_COLUMNS]
        self.dates = [n for n, column in enumerate(columns) if column in _DATES]


def _agrees_raw(
    row: Any,
    index: dict[str, int],
    projection: Projection | None,
    specs: dict[tuple[str, tuple[str, ...]], _Spec],
) -> bool:
    """Whether the raw ``row`` is certainly what ``projection`` says (no problem at all);
    ``False`` means: compare it typed."""
    if projection is None or not projection.detected or projection.unreadable:
        return False
    currency = row[index["currency"]]
    if not _same(row, projection.expected_incident(), "", index, specs, currency):
        return False
    has_decision = row[index["decision_incident_id"]] is not None
    if projection.decision is None:
        return not (has_decision and projection.decision_known)
    return has_decision and _same(row, projection.decision, "decision_", index, specs, currency)


def _same(
    row: Any,
    expected: dict[str, Any],
    prefix: str,
    index: dict[str, int],
    specs: dict[tuple[str, tuple[str, ...]], _Spec],
    currency: Any,
) -> bool:
    """Whether each column ``expected`` names has its value in the raw ``row``: equal raw
    values are equal typed ones; money as the events' decimal text, dates as dates."""
    columns = tuple(expected)
    spec = specs.get((prefix, columns))
    if spec is None:
        spec = specs[(prefix, columns)] = _Spec(columns, index, prefix)
    have = spec.pick(row)
    digits = CURRENCY_DIGITS.get(currency, 2) if isinstance(currency, str) else 2
    for n in spec.money:
        minor = have[n]
        if type(minor) is int:
            have[n] = minor_text(minor, digits)
        elif minor is not None:
            return False
    for n in spec.dates:
        if have[n] is not None:
            have[n] = raw_date(have[n])
            if have[n] is None:
                return False
    return have == list(expected.values())


def _compare(report: VerifyReport, row: Any, projection: Projection | None) -> None:
    store, incident_id, currency = row["store_id"], row["id"], row["currency"]

    def add(kind: str, message: str, columns: tuple[str, ...] = ()) -> None:
        report.add(JournalProblem(store, None, None, kind, message, incident_id, columns))

    def mismatch(kind: str, lead: str, found: list[tuple[str, str]], why: str) -> None:
        if found:
            sentences = "; ".join(text for _, text in found)
            add(
                kind,
                f"incident {incident_id}: {lead}{sentences} ({why})",
                tuple(c for c, _ in found),
            )

    if projection is None:
        add(
            "incident_without_events",
            f"incident {incident_id} has no event in the journal (its events deleted, "
            "or the row forged)",
        )
        return
    found = _differences(row, projection.expected_incident(), currency)
    if not projection.detected:
        found.insert(0, ("detected event", "the journal has no detected event of it"))
    if projection.unreadable:
        seqs = ", ".join(str(seq) for seq in projection.unreadable)
        found.insert(0, ("events", f"its events {seqs} have no readable data"))
    mismatch("incident_mismatch", "", found, "the row edited, or events removed or added")
    has_decision = row["decision_incident_id"] is not None
    if projection.decision is None:
        if has_decision and projection.decision_known:
            add(
                "decision_without_event",
                f"incident {incident_id} has a decision ({row['decision_action']}) but the "
                "journal has no decided event of it (the row forged, or the event deleted)",
            )
        return
    if not has_decision:
        add(
            "decision_missing",
            f"incident {incident_id}: the journal has its decision "
            f"({projection.decision['action']}) but there is no decision row (deleted)",
        )
        return
    decision = {column: row[label] for label, column in _DECISION_LABELS.items()}
    found = _differences(decision, projection.decision, currency)
    mismatch("decision_mismatch", "its decision's ", found, "the decision row edited")


def _differences(row: Any, expected: dict[str, Any], currency: str) -> list[tuple[str, str]]:
    """``(column, sentence)`` for each column of ``row`` that is not what ``expected`` says."""
    found = []
    for column, wanted in expected.items():
        have = row[column]
        if agrees(column, have, wanted, currency):
            continue
        if column in MONEY_COLUMNS and have is not None:
            have = money_text(have, currency)
        name = column.removesuffix("_minor")  # money is shown as money
        if column in _QUIET:
            found.append((column, f"{name} differs from its detected event"))
        else:
            found.append(
                (column, f"{name} is {_shown(have)} but the journal says {_shown(wanted)}")
            )
    return found


def _shown(value: Any) -> str:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return repr(value)


# --- 3. strays -------------------------------------------------------------------------


def check_strays(connection: Connection, report: VerifyReport, store_id: str | None) -> None:
    """Events whose incident has no row; decisions whose incident has none."""
    stray_events = (
        select(EVENTS.c.store_id, EVENTS.c.incident_id, func.count(), func.min(EVENTS.c.seq))
        .select_from(EVENTS.outerjoin(INCIDENTS, INCIDENTS.c.id == EVENTS.c.incident_id))
        .where(INCIDENTS.c.id.is_(None), EVENTS.c.kind.not_in(AUDIT_KINDS))  # an audit's
        .group_by(EVENTS.c.store_id, EVENTS.c.incident_id)
        .order_by(EVENTS.c.store_id, func.min(EVENTS.c.seq))
    )
    stray_decisions = (
        select(DECISIONS.c.store_id, DECISIONS.c.incident_id, DECISIONS.c.action)
        .select_from(DECISIONS.outerjoin(INCIDENTS, INCIDENTS.c.id == DECISIONS.c.incident_id))
        .where(INCIDENTS.c.id.is_(None))
        .order_by(DECISIONS.c.store_id, DECISIONS.c.incident_id)
    )
    if store_id is not None:
        stray_events = stray_events.where(EVENTS.c.store_id == store_id)
        stray_decisions = stray_decisions.where(DECISIONS.c.store_id == store_id)
    for store, incident_id, count, first in connection.execute(stray_events):
        report.add(
            JournalProblem(
                store, first, None, "events_without_incident",
                f"the journal has {count} event{'s' if count > 1 else ''} (from event "
                f"{first}) for incident {incident_id}, which does not exist (a forged "
                "event, or the incident row deleted)",
                incident_id,
            )
        )  # fmt: skip
    for store, incident_id, action in connection.execute(stray_decisions):
        report.add(
            JournalProblem(
                store, None, None, "decision_without_event",
                f"decision ({action}) of incident {incident_id}, which does not exist (the "
                "incident row deleted, or the decision forged)",
                incident_id,
            )
        )  # fmt: skip


__all__ = ["MAX_FAILED", "ROWS_PER_BATCH", "SelfChecked", "check_rows", "check_strays"]
