"""Michigan bonus claims: the customer gives notice after the sale.

Michigan's scanner law (plugin ``us_mi``) owes a customer who was charged more than the
lowest displayed price, and who gives notice within 30 days, the difference back on
every unit plus a bonus of ten times the difference (at least $1, at most $5) once per
line. The register avoids this by correcting the price before the transaction ends; this
module records a claim made later, against the incident logged at the sale.
"""

from __future__ import annotations

from datetime import timedelta

from ..domain import Direction, Resolution
from ..errors import InvalidTransition, NotFound, NotPermitted
from ..ids import check_uuid
from ..jurisdiction import michigan_bonus
from ..money import Money
from ..schemas import BonusClaimRequest, validate
from ..store import repository
from ..store.journal import append_event
from ..views import IncidentView
from .context import Context
from .read import NO_INCIDENT, get_incident

JURISDICTION = "us_mi"
NOTICE_PERIOD = timedelta(days=30)


def claim_bonus(ctx: Context, incident_id: str, *, staff: str, note: str | None) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.claim_bonus`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    request = validate(BonusClaimRequest, {"staff": staff, "note": note})
    staff, note = request.staff, request.note
    with ctx.reading() as connection:
        found = repository.get_incident_row(connection=connection, incident_id=incident_id)
    if found is None:
        raise NotFound.worded("incident_id", NO_INCIDENT, incident_id=incident_id)
    info = ctx.store_info(found.store_id)  # outside the write: it may read the store
    if info.policy.jurisdiction != JURISDICTION:
        raise NotPermitted(
            f"incident_id: store {info.code} is not under Michigan's scanner law "
            f"(jurisdiction {JURISDICTION}); no bonus is owed there",
            field="incident_id",
        )
    with ctx.transaction() as connection:
        row = repository.get_incident_row(
            connection=connection, incident_id=incident_id, for_update=True
        )
        assert row is not None  # incidents are never deleted
        decision = repository.get_decision_row(connection=connection, incident_id=incident_id)
        if row.direction != Direction.OVERCHARGE.value:
            raise InvalidTransition(
                "incident_id: the item rang up below the tag; no bonus is owed",
                field="incident_id",
            )
        if (
            decision is None
            or decision.charge_minor is None
            or row.resolution in (Resolution.DETECTED.value, Resolution.AWAITING_APPROVAL.value)
        ):
            raise InvalidTransition(
                "incident_id: the sale is not settled yet; decide the incident first",
                field="incident_id",
            )
        currency = row.currency
        if decision.bonus_minor is not None:
            paid = Money.from_minor(decision.bonus_minor, currency)
            raise InvalidTransition(
                f"incident_id: a bonus claim of {paid.format()} is already recorded for "
                "this incident",
                field="incident_id",
            )
        if decision.customer_outcome == "walked_away":
            raise InvalidTransition(
                "incident_id: the customer did not buy the item; no bonus is owed",
                field="incident_id",
            )
        charged = Money.from_minor(decision.charge_minor, currency)
        claimed = Money.from_minor(row.claimed_total_minor, currency)
        if charged <= claimed:
            raise InvalidTransition(
                f"incident_id: the price was corrected before the transaction ended "
                f"({charged.format()} charged); no bonus is owed",
                field="incident_id",
            )
        sold_at = row.resolved_at or decision.decided_at
        now = ctx.clock()
        if now - sold_at > NOTICE_PERIOD:
            raise InvalidTransition(
                f"incident_id: notice must be given within 30 days of the sale "
                f"({sold_at.date().isoformat()}); this claim is too late",
                field="incident_id",
            )
        refund = charged - claimed
        bonus = michigan_bonus(Money.from_minor(row.difference_minor, currency))
        owed = refund + bonus
        repository.update_decision(
            connection=connection, incident_id=incident_id, bonus_minor=owed.minor
        )
        append_event(
            connection,
            store_id=row.store_id,
            incident_id=incident_id,
            kind="bonus_claimed",
            at=now,
            data={
                "status": row.status,
                "staff": staff,
                "refund": refund,
                "bonus": bonus,
                "owed": owed,
                "note": note,
            },
        )
    return get_incident(ctx, incident_id)
