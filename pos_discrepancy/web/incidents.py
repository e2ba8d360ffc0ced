"""The incident endpoints: read one, and the steps after the check.

An incident of another store than the register's is answered 404, as if it did not
exist, so a token cannot probe other stores.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint

from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.schemas import (
    ApprovalRequest,
    BonusClaimRequest,
    DecisionRequest,
    FixRequest,
    OutcomeRequest,
    Request,
    plain,
    validate,
)
from pos_discrepancy.schemas.validation import ShapeError

from .auth import RegisterIdentity, authenticated
from .extension import current_desk
from .idempotency import Answer, api_post, json_response
from .json_body import read_json_object

bp = Blueprint("incidents", __name__, url_prefix="/api/v1/incidents")
M = TypeVar("M", bound=Request)


def own_incident(incident_id: str, identity: RegisterIdentity) -> str:
    """The checked incident id, when the incident belongs to the register's store."""
    return current_desk().get_incident(incident_id, store=identity.store).id


@bp.get("/<incident_id>")
@authenticated
def show(identity: RegisterIdentity, incident_id: str) -> Any:
    """The incident with its decision and events."""
    incident = current_desk().get_incident(own_incident(incident_id, identity))
    return json_response(incident.to_dict(), 200)


@bp.post("/<incident_id>/decision")
@api_post
def decide(identity: RegisterIdentity, incident_id: str) -> Answer:
    """The cashier's choice among the offered options."""
    incident_id, body = read_for(DecisionRequest, incident_id, identity)
    return current_desk().decide(incident_id, **plain(body)).to_dict(), 200


@bp.post("/<incident_id>/approval")
@api_post
def approve(identity: RegisterIdentity, incident_id: str) -> Answer:
    """A manager approves (``approve: true``) or denies an escalated incident."""
    incident_id, body = read_for(ApprovalRequest, incident_id, identity)
    return current_desk().approve(incident_id, **plain(body)).to_dict(), 200


@bp.post("/<incident_id>/fix")
@api_post
def fix(identity: RegisterIdentity, incident_id: str) -> Answer:
    """Ops staff mark the shelf tag fixed."""
    incident_id, body = read_for(FixRequest, incident_id, identity)
    return current_desk().fix(incident_id, **plain(body)).to_dict(), 200


@bp.post("/<incident_id>/outcome")
@api_post
def outcome(identity: RegisterIdentity, incident_id: str) -> Answer:
    """Whether the customer bought the item or walked away, recorded afterwards."""
    incident_id, body = read_for(OutcomeRequest, incident_id, identity)
    return current_desk().record_outcome(incident_id, **plain(body)).to_dict(), 200


@bp.post("/<incident_id>/bonus-claim")
@api_post
def bonus_claim(identity: RegisterIdentity, incident_id: str) -> Answer:
    """A bonus claim (Michigan) against a decided incident."""
    incident_id, body = read_for(BonusClaimRequest, incident_id, identity)
    return current_desk().claim_bonus(incident_id, **plain(body)).to_dict(), 200


def read_for(model: type[M], incident_id: str, identity: RegisterIdentity) -> tuple[str, M]:
    """The checked incident id and the body read by ``model``.

    An unknown or missing field is refused first, then an incident of another store (404,
    so nothing about it shows), then a bad value. Amounts are read in the store's currency.
    """
    body = read_json_object()
    currency = current_desk().store_info(identity.store).currency
    try:
        request = validate(model, body, context={"currency": currency})
    except ShapeError:
        raise
    except InvalidInput:
        own_incident(incident_id, identity)
        raise
    return own_incident(incident_id, identity), request
