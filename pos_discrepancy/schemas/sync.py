"""``POST /api/v1/sync``: an offline register's batch (docs/offline.md), field by field.

Read with ``context={"currency": <the store's>}``: amounts become integer minor units, as
the tables keep them, and an incident in another currency is refused. What concerns
several fields (events following each other, nothing twice in a batch) is checked by
:mod:`pos_discrepancy.sync.batch` once these models have read the batch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from ..domain import Direction, RecordedOutcome, Status
from ..errors import InvalidInput
from ..inputs import check_word
from .fields import (
    Code,
    Moment,
    OptionalCode,
    OptionalDate,
    OptionalMoment,
    OptionalSyncAmount,
    OptionalUuid,
    OptionalWord,
    Quantity,
    Seq,
    Sku,
    SyncAmount,
    Uuid,
    Word,
    array,
    checked,
    choice,
    refusal,
    register_field_allowed,
    text,
)
from .requests import Request

#: Most incidents and events one batch may carry.
MAX_INCIDENTS = 1000
MAX_EVENTS = 1000
#: A till's chain id (``till-<device>``, see ``store/chain_links.py``) and a SHA-256 hash.
CHAIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
#: The longest hashed body a link may carry (a whole batch is at most 1 MiB).
MAX_BODY = 1024 * 1024


def _currency(value: object, info: ValidationInfo) -> str:
    """Three letters of text, the store's currency on the server."""
    field = info.field_name or "currency"
    currency = (info.context or {}).get("currency")
    if not isinstance(value, str) or len(value) > 3:
        message = f"{field}: send the store's currency as its three-letter code, such as CAD"
    elif currency is not None and value != currency:
        message = (
            f"{field}: the server keeps this store in {currency}, not {value}; "
            f"sync the register's events in {currency}"
        )
    else:
        return value
    raise refusal(InvalidInput(message, field=field), field)


def _approval(value: object, *, field: str) -> str:
    word = check_word(value, field=field)
    if len(word) > 16:
        raise InvalidInput(
            f"{field}: is longer than 16 characters; send an approval word such as approved",
            field=field,
        )
    return word


def _matching(pattern: str, advice: str) -> Callable[..., str]:
    """A check that the value is text matching ``pattern``; else ``advice`` is the message."""

    def check(value: object, *, field: str) -> str:
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise InvalidInput(f"{field}: {advice}", field=field)
        return value

    return check


_chain_id = _matching(
    CHAIN_PATTERN,
    "send the till's chain id as its journal names it (1 to 64 letters, digits or "
    ". _ : / -, such as till-3f9a2c1b0d4e)",
)
_digest = _matching(
    HASH_PATTERN,
    "send the SHA-256 hash as the till's journal keeps it (64 lowercase hexadecimal characters)",
)
_body = _matching(
    rf"(?s).{{1,{MAX_BODY}}}",
    f"send the event's hashed body exactly as the till's journal keeps it (text of 1 to "
    f"{MAX_BODY} characters)",
)


Digest = checked(Annotated[str, Field(pattern=HASH_PATTERN)], _digest)


class SyncLink(Request):
    """The event's link in the till's own hash chain, exactly as the till made it."""

    chain: checked(Annotated[str, Field(pattern=CHAIN_PATTERN)], _chain_id) = Field(
        description="The till's chain id (its journal's device); the event's seq is its "
        "place in that chain."
    )
    prev_hash: Digest = Field(description="The hash of the chain's event before this one.")
    hash: Digest = Field(description="SHA-256 of prev_hash, a newline and body.")
    body: checked(Annotated[str, Field(min_length=1, max_length=MAX_BODY)], _body) = Field(
        description="The event's canonical JSON, exactly as hashed at the till."
    )


class EventData(BaseModel):
    """An event's data as the register journaled it; kept exactly as sent."""

    model_config = ConfigDict(extra="allow", frozen=True)
    status: choice(Status) = Field(description="The incident's status after the event.")


class SyncEvent(Request):
    """One of the register's events, with its id and local seq."""

    id: Uuid = Field(description="The register's event id; the server keeps it.")
    seq: Seq = Field(description="The register's local seq.")
    after: OptionalUuid = Field(None, description="The incident's previous event (null: none).")
    kind: Word
    at: Moment
    data: EventData
    link: SyncLink | None = Field(
        None,
        description="The event's link in the till's hash chain; the server checks it and "
        "keeps it (null: an older till, whose events the server chains anew).",
    )


class SyncDecision(Request):
    """The incident's decision row as the register has it."""

    customer_outcome: choice(RecordedOutcome, optional=True) = None
    action: Word
    charge: OptionalSyncAmount = None
    decided_by: Code
    decided_at: Moment
    approval: checked(Annotated[str, Field(max_length=16)] | None, _approval, optional=True) = None
    approved_by: OptionalCode = None
    approved_at: OptionalMoment = None
    goodwill: OptionalSyncAmount = None
    bonus: OptionalSyncAmount = None
    note: text(500) = None


Currency = Annotated[
    str,
    BeforeValidator(_currency, json_schema_input_type=Annotated[str, Field(pattern=r"^[A-Z]{3}$")]),
]

with register_field_allowed():

    class SyncIncident(Request):
        """The incident's row at the register now (facts, state and decision)."""

        id: Uuid
        store: Code = Field(description="Must be the token's store.")
        register: Code = Field(description="Must be the token's register.")
        currency: Currency
        cashier: Code
        sku: Sku
        description: text(200)
        location: text(64) = None
        quantity: Quantity
        direction: choice(Direction)
        promo_ends: OptionalDate = None
        claim: dict[str, Any]
        options: array(Any, most=50)
        detected_at: Moment
        shelf_price: SyncAmount
        scanned_price: SyncAmount
        claimed_total: SyncAmount
        scanned_total: SyncAmount
        difference: SyncAmount
        line_difference: SyncAmount
        status: choice(Status) = Field(description="The status at the register now.")
        cause: OptionalWord = None
        requested_action: OptionalWord = None
        escalated_at: OptionalMoment = None
        resolved_at: OptionalMoment = None
        fixed_at: OptionalMoment = None
        fixed_by: OptionalCode = None
        decision: SyncDecision | None = None


class SyncItem(Request):
    """One incident of the batch and its events, oldest first."""

    incident: SyncIncident
    last_event: Uuid = Field(
        description="The incident's newest event at the register; the server takes the "
        "state over once it has this event."
    )
    events: array(SyncEvent, least=1, most=MAX_EVENTS)


with register_field_allowed():

    class SyncRequest(Request):
        """A register's batch: incidents with their events, in the register's order."""

        store: Code = Field(description="Must be the token's store.")
        register: Code = Field(description="Must be the token's register.")
        incidents: array(SyncItem, least=1, most=MAX_INCIDENTS)
