"""The records the HTTP API answers with, as models of the desk's ``to_dict()`` shapes.

Later versions may add fields, so these models ignore extras (and the document does not
close them): clients must too. Money is decimal text, times ISO 8601 with their offset.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain import CustomerOutcome, Direction, Resolution, Signage, Status
from .fields import MoneyText, register_field_allowed


class Record(BaseModel):
    """An answer of the API; fields it does not know are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorDetail(Record):
    """What went wrong, for programs (``code``) and people (``message``)."""

    code: str = Field(description="Machine-readable: invalid_input, not_found, ...")
    message: str = Field(description="For people; starts with the field it concerns.")
    field: str | None = Field(description="The field, parameter or header at fault.")


class Error(Record):
    """Every refusal: ``{"error": {"code", "message", "field"}}``."""

    error: ErrorDetail


class Option(Record):
    """One thing the cashier may do about a discrepancy."""

    action: str = Field(description="What to send back as the decision's action.")
    label: str = Field(description="Short label for the cashier's screen.")
    charge: MoneyText = Field(description="What the customer pays for the line.")
    requires_approval: bool
    available: bool
    reason: str | None = Field(description="Why the option is unavailable, for the cashier.")
    script: str | None = Field(description="What the cashier can say to the customer.")
    resolves_as: Status = Field(description="The status the incident ends in.")
    bonus: MoneyText | None = Field(description="Bonus owed (jurisdictions).")


class CheckResult(Record):
    """The answer to a check: is there a discrepancy, and what can the cashier do."""

    discrepancy: bool
    incident_id: str | None = Field(json_schema_extra={"format": "uuid"})
    direction: Direction | None = Field(description="overcharge: scanned above the tag.")
    difference: MoneyText | None
    line_difference: MoneyText | None
    options: list[Option]
    status: Status | None = Field(description="The new incident's status.")
    cause: str | None
    findings: list[str]
    warnings: list[str]
    flags: list[Literal["not_in_price_file", "check_digit_wrong"]] = Field(
        default_factory=list,
        description=(
            "Marks on the scanned code, each explained in warnings: not_in_price_file "
            "(the SKU is not in the store's price file), check_digit_wrong (a numeric "
            "code of GTIN length, 8, 12, 13 or 14 digits, whose GS1 check digit is wrong)."
        ),
    )


class Event(Record):
    """One journal event of an incident."""

    id: str
    seq: int = Field(description="Sequence number in the store's journal.")
    kind: str
    at: datetime
    data: dict[str, Any]


class Decision(Record):
    """What was decided at the register, and the approval if one was needed."""

    action: str
    charge: MoneyText | None
    decided_by: str
    decided_at: datetime
    approval: str | None
    approved_by: str | None
    approved_at: datetime | None
    customer_outcome: CustomerOutcome | None
    goodwill: MoneyText | None
    bonus: MoneyText | None
    note: str | None


with register_field_allowed():

    class Incident(Record):
        """An incident with its decision and (when shown alone) its events."""

        id: str = Field(json_schema_extra={"format": "uuid"})
        store: str
        register: str = Field(description="The register that detected it.")
        cashier: str
        sku: str
        description: str
        location: str | None
        status: Status = Field(
            description="One summary word: the resolution, or signage_fixed once the tag "
            "is fixed and the customer's case resolved."
        )
        resolution: Resolution = Field(description="The customer's case at the till.")
        signage: Signage = Field(description="The shelf tag: open (still wrong) or fixed.")
        customer_outcome: CustomerOutcome = Field(
            description="unknown until recorded: purchased or walked_away."
        )
        direction: Direction
        currency: str = Field(pattern=r"^[A-Z]{3}$")
        shelf_price: MoneyText
        scanned_price: MoneyText
        quantity: int
        claimed_total: MoneyText
        scanned_total: MoneyText
        difference: MoneyText
        line_difference: MoneyText
        cause: str | None
        requested_action: str | None
        options: list[Option]
        claim: dict[str, Any]
        detected_at: datetime
        escalated_at: datetime | None
        resolved_at: datetime | None
        fixed_at: datetime | None
        fixed_by: str | None
        decision: Decision | None
        events: list[Event]

    class QuarantinedSync(Record):
        """An event of the batch the server took but did not apply: a rule refused it, or
        it waits behind an earlier quarantined event of its incident (design §6)."""

        event_id: str = Field(description="The register's event id.")
        incident_id: str
        kind: str = Field(description="The event's kind, as sent.")
        reason: str = Field(description="Why, for a manager; starts with the field at fault.")
        field: str | None = Field(
            description="The event's member at fault, by path (incidents[0].events[1].data"
            ".manager)."
        )
        waits_for: str | None = Field(
            description="The quarantined event of the same incident this one waits behind."
        )

    class SyncResult(Record):
        """What a synced batch held: every event of it is now on the server, applied or
        quarantined (listed)."""

        store: str
        register: str = Field(description="The register whose batch it was.")
        incidents: int = Field(description="Incidents in the batch.")
        events: int = Field(description="Events in the batch (all now held).")
        quarantined: list[QuarantinedSync] = Field(
            default_factory=list,
            description="Events not applied, in the register's order, each with its reason; "
            "they stay on the server for a manager, and retry after a fix.",
        )


class Approvals(Record):
    """Incidents waiting for a manager, oldest first."""

    approvals: list[Incident]
