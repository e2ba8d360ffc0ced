"""The incident and decision rows that one incident's events imply (design §3).

Every column of ``incidents`` and ``decisions`` is a projection of the journal: the
``detected`` event records the facts (prices, register, cashier, claim, options, …),
``decided`` the cashier's choice, ``approved`` / ``denied`` / ``approval_timed_out`` how an
escalation was settled, ``outcome_recorded`` the customer's outcome, ``signage_fixed`` the
tag's fix and ``bonus_claimed`` a Michigan bonus. :class:`Projection` folds an incident's
events, oldest first, into the rows they imply; :mod:`.verify` compares them with the
tables.

Events of an older format (written before a key was recorded) are tolerated: a column
whose value the events do not record is left out of the projection (not compared), never
guessed. Events written now record every column.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ..money import CURRENCY_DIGITS
from .journal import canonical_json

#: Resolutions an event may record (``domain.incident.Resolution``).
RESOLUTIONS = frozenset({"detected", "awaiting_approval", "honored", "declined"})
#: How an escalation was settled, by the kind of its event.
APPROVALS = {"approved": "approved", "denied": "denied", "approval_timed_out": "timed_out"}
#: Incident columns copied from the ``detected`` event's data: ``{data key: column}``.
DETECTED_FACTS = {
    "register": "register_id",
    "cashier": "cashier",
    "sku": "sku",
    "description": "description",
    "location": "location",
    "currency": "currency",
    "quantity": "quantity",
    "direction": "direction",
    "cause": "cause",
    "shelf_price": "shelf_price_minor",
    "scanned_price": "scanned_price_minor",
    "claimed_total": "claimed_total_minor",
    "scanned_total": "scanned_total_minor",
    "difference": "difference_minor",
    "line_difference": "line_difference_minor",
}
#: Columns kept as JSON text, compared as their canonical encoding.
JSON_FACTS = {"claim": "claim_json", "options": "options_json"}
#: Columns of money: integer minor units in the tables, decimal text in the events.
MONEY_COLUMNS = frozenset(
    {
        "shelf_price_minor",
        "scanned_price_minor",
        "claimed_total_minor",
        "scanned_total_minor",
        "difference_minor",
        "line_difference_minor",
        "charge_minor",
        "goodwill_minor",
        "bonus_minor",
    }
)


def agrees(column: str, have: Any, wanted: Any, currency: str) -> bool:
    """Whether a row's ``have`` is the ``wanted`` value a projection gives ``column``
    (money compared exactly: minor units against the events' decimal text)."""
    if column not in MONEY_COLUMNS:
        return bool(have == wanted)
    if have is None or wanted is None:
        return have is None and wanted is None
    try:
        return Decimal(str(wanted)) == Decimal(have).scaleb(-CURRENCY_DIGITS.get(currency, 2))
    except (InvalidOperation, ValueError, TypeError):
        return False


def money_text(minor: int, currency: str) -> str:
    """``str(Money.from_minor(minor, currency))``, without the checks (a hot loop)."""
    return str(Decimal(minor).scaleb(-CURRENCY_DIGITS.get(currency, 2)))


def load_data(body: str) -> dict[str, Any] | None:
    """The ``data`` object of an event body, or ``None`` when the body has none."""
    try:
        record = json.loads(body)
    except ValueError:
        return None
    data = record.get("data") if isinstance(record, dict) else None
    return data if isinstance(data, dict) else None


class Projection:
    """What one incident's events say its rows are; feed events with :meth:`apply`.

    ``incident`` and ``decision`` map column names to the values the events imply (money
    as the event's decimal text, times as datetimes); a column missing from them is one
    the events do not record (an older format). ``decision`` is ``None`` while no
    ``decided`` event was seen; ``decision_known`` is false when the only one is of a
    format that did not record the decision.
    """

    __slots__ = (
        "_fix_seen",
        "_fixed",
        "_resolution",
        "_said",
        "_said_by_register",
        "decision",
        "decision_known",
        "detected",
        "events",
        "incident",
        "store_id",
        "unreadable",
    )

    def __init__(self) -> None:
        self.incident: dict[str, Any] = {}
        self.decision: dict[str, Any] | None = None
        self.decision_known = True
        self.detected = False
        self.events = 0
        self.store_id: str | None = None
        self.unreadable: list[int] = []  # seqs of events whose body has no data object
        self._resolution: str | None = None
        self._fixed = False
        self._fix_seen = False
        self._said: Any = None
        self._said_by_register = False

    def apply(self, *, store_id: str, kind: str, at: datetime, data: dict[str, Any]) -> None:
        """Fold one event (in journal order) into the projection."""
        self.events += 1
        if self.store_id is None:
            self.store_id = store_id
        self._facets(kind, data)
        if kind == "detected":
            self._detected(store_id, at, data)
        elif kind == "decided":
            self._decided(store_id, at, data)
        elif kind in APPROVALS:
            self._settled(kind, at, data)
        elif kind == "outcome_recorded" and self.decision is not None:
            self.decision["customer_outcome"] = data.get("customer_outcome")
        elif kind == "bonus_claimed" and self.decision is not None:
            self.decision["bonus_minor"] = data.get("owed")
        elif kind == "signage_fixed":
            self._fix(at, data)

    def _facets(self, kind: str, data: dict[str, Any]) -> None:
        if "status" in data:
            self._said = data["status"]
            self._said_by_register = "synced_from" in data
        said = data.get("resolution", data.get("status"))
        if kind == "signage_fixed" or data.get("status") == "signage_fixed":
            self._fixed = True
        if kind != "signage_fixed" and said in RESOLUTIONS:
            self._resolution = said

    def _detected(self, store_id: str, at: datetime, data: dict[str, Any]) -> None:
        if self.detected:
            return  # a second detected event changes no fact (verify names the first)
        self.detected = True
        incident = self.incident
        incident["store_id"] = store_id
        for key, column in DETECTED_FACTS.items():
            if key in data:
                incident[column] = data[key]
        for key, column in JSON_FACTS.items():
            if key in data:
                incident[column] = canonical_json(data[key])
        claim = data.get("claim")
        if isinstance(claim, dict) and "promo_ends" in claim:
            incident["promo_ends"] = _date(claim["promo_ends"])
        incident["detected_at"] = at
        incident["synced"] = "synced_from" in data
        for column in ("requested_action", "escalated_at", "resolved_at", "fixed_at", "fixed_by"):
            incident.setdefault(column, None)

    def _decided(self, store_id: str, at: datetime, data: dict[str, Any]) -> None:
        incident = self.incident
        if "action" not in data:  # an older format: the decision is not recorded
            self.decision, self.decision_known = None, False
            for column in ("requested_action", "escalated_at", "resolved_at"):
                incident.pop(column, None)
            return
        waiting = data.get("resolution", data.get("status")) == "awaiting_approval"
        incident["requested_action"] = data["action"]
        incident["escalated_at"] = at if waiting else None
        incident["resolved_at"] = None if waiting else at
        self.decision_known = True
        self.decision = {
            "store_id": store_id,
            "action": data["action"],
            "charge_minor": data.get("charge"),
            "decided_by": data.get("cashier"),
            "decided_at": at,
            "approval": None,
            "approved_by": None,
            "approved_at": None,
            "customer_outcome": data.get("customer_outcome"),
            "goodwill_minor": data.get("goodwill"),
            "bonus_minor": data.get("bonus"),
            "note": data.get("note"),
        }

    def _settled(self, kind: str, at: datetime, data: dict[str, Any]) -> None:
        self.incident["resolved_at"] = at
        decision = self.decision
        if decision is None:
            return
        decision["approval"] = APPROVALS[kind]
        decision["approved_by"] = data.get("manager")
        decision["approved_at"] = at
        decision["charge_minor"] = data.get("charge")
        for key in ("customer_outcome", "note"):
            if key in data:
                decision[key] = data[key]

    def _fix(self, at: datetime, data: dict[str, Any]) -> None:
        if self._fix_seen:
            return  # a tag is fixed once; a later fix (a register's, by sync) changes nothing
        self._fix_seen = True
        incident = self.incident
        incident["fixed_at"] = at
        for key, column in (("staff", "fixed_by"), ("cause", "cause")):
            if key in data:
                incident[column] = data[key]
            else:
                incident.pop(column, None)

    def facets(self) -> dict[str, Any]:
        """``status``, ``resolution`` and ``signage`` as the events left them.

        The status is the one the last event recorded; when that event came from an
        offline register (which states its own view, and cannot know of a tag fixed on
        the server meanwhile) it is the summary of the facets.
        """
        signage = "fixed" if self._fixed else "open"
        status = self._said
        if self._said_by_register:
            resolved = self._resolution in ("honored", "declined")
            status = "signage_fixed" if self._fixed and resolved else self._resolution
        return {"status": status, "resolution": self._resolution, "signage": signage}

    def expected_incident(self) -> dict[str, Any]:
        """Every incident column the events imply (facts, facets, times, fix)."""
        return {**self.incident, **self.facets()}


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


__all__ = [
    "APPROVALS",
    "DETECTED_FACTS",
    "JSON_FACTS",
    "MONEY_COLUMNS",
    "Projection",
    "agrees",
    "load_data",
    "money_text",
]
