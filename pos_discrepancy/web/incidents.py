"""The incident endpoints: read one, and the steps after the check.

An incident of another store than the register's is answered 404, as if it did not
exist, so a token cannot probe other stores.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from pos_discrepancy.errors import InvalidInput

from .auth import RegisterIdentity, authenticated
from .extension import current_desk
from .idempotency import Answer, api_post, json_response
from .json_body import read_json_object

bp = Blueprint("incidents", __name__, url_prefix="/api/v1/incidents")


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
    body = read_json_object(
        required=("action", "cashier"), optional=("customer_outcome", "note", "goodwill")
    )
    incident_id = own_incident(incident_id, identity)
    return current_desk().decide(incident_id, **body).to_dict(), 200


@bp.post("/<incident_id>/approval")
@api_post
def approve(identity: RegisterIdentity, incident_id: str) -> Answer:
    """A manager approves (``approve: true``) or denies an escalated incident."""
    body = read_json_object(
        required=("manager", "pin", "approve"), optional=("note", "customer_outcome")
    )
    check_flag(body["approve"], field="approve")
    incident_id = own_incident(incident_id, identity)
    return current_desk().approve(incident_id, **body).to_dict(), 200


@bp.post("/<incident_id>/fix")
@api_post
def fix(identity: RegisterIdentity, incident_id: str) -> Answer:
    """Ops staff mark the shelf tag fixed."""
    body = read_json_object(required=("staff",), optional=("cause",))
    incident_id = own_incident(incident_id, identity)
    return current_desk().fix(incident_id, **body).to_dict(), 200


@bp.post("/<incident_id>/outcome")
@api_post
def outcome(identity: RegisterIdentity, incident_id: str) -> Answer:
    """Whether the customer bought the item or walked away, recorded afterwards."""
    body = read_json_object(required=("customer_outcome", "staff"))
    incident_id = own_incident(incident_id, identity)
    return current_desk().record_outcome(incident_id, **body).to_dict(), 200


@bp.post("/<incident_id>/bonus-claim")
@api_post
def bonus_claim(identity: RegisterIdentity, incident_id: str) -> Answer:
    """A bonus claim (Michigan) against a decided incident."""
    body = read_json_object(required=("staff",), optional=("note",))
    incident_id = own_incident(incident_id, identity)
    return current_desk().claim_bonus(incident_id, **body).to_dict(), 200


def check_flag(value: object, *, field: str) -> bool:
    """A JSON ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise InvalidInput(f"{field}: must be true or false", field=field)
    return value
