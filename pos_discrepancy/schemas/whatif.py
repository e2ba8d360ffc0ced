"""The answer of ``GET /api/v1/whatif``: a model of :meth:`WhatIf.to_dict` (docs/whatif.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..domain import Resolution
from .fields import MoneyText
from .records import Record

#: An exact decimal as text (expected walk-aways, seconds, the walk-away rate).
DecimalText = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$")]


class WhatIfTotals(Record):
    """One side of the comparison, summed over the replayed incidents."""

    incidents: int
    given_away: MoneyText = Field(description="Scanned line total − charge, honored ones.")
    bonuses: MoneyText
    declines: int
    escalations: int
    manager_answered: int
    timed_out: int
    admin_approvals: int = Field(description="Approvals above the manager override limit.")
    expected_walk_aways: DecimalText = Field(
        description="Declines × the observed walk-away rate, exact."
    )
    waiting_seconds: DecimalText = Field(description="The customers' total wait for a manager.")


class WhatIfRow(Record):
    """One line of the side-by-side table, in words."""

    key: str
    label: str
    recorded: str
    what_if: str
    change: str


class WhatIfRule(Record):
    """How many incidents one replay rule decided."""

    rule: str = Field(description="honored_at_once, not_allowed, now_needs_manager, kept.")
    words: str
    incidents: int


class WhatIfSide(Record):
    """How one changed incident ended, recorded or replayed."""

    action: str
    resolution: Resolution
    charge: MoneyText
    escalated: bool
    wait_seconds: DecimalText = Field(description="Its wait for a manager (0: none).")


class WhatIfChange(Record):
    """An incident that ends differently under the other policy, and why."""

    incident_id: str = Field(json_schema_extra={"format": "uuid"})
    sku: str
    description: str
    rule: str
    reason: str
    recorded: WhatIfSide
    what_if: WhatIfSide


class WhatIfJurisdiction(Record):
    """The store's jurisdiction plugin now, and the what-if's (null: none)."""

    now: str | None
    what_if: str | None


class WhatIfEvidence(Record):
    """What the recorded period showed, which the replay takes as given."""

    declines: int
    declines_with_outcome: int
    walked_after_decline: int
    walk_away_rate: DecimalText = Field(description="Rounded half-even to 4 places.")
    answered_escalations: int
    median_wait_seconds: DecimalText | None = Field(
        description="Nearest-rank median; null: no manager answered."
    )


class WhatIf(Record):
    """A store's period replayed under another policy, beside what happened."""

    store: str
    currency: str
    since: str = Field(json_schema_extra={"format": "date"})
    until: str = Field(json_schema_extra={"format": "date"})
    settings: dict[str, str] = Field(description="The policy keys the what-if sets.")
    jurisdiction: WhatIfJurisdiction
    recorded: WhatIfTotals
    what_if: WhatIfTotals
    walk_aways_avoided: DecimalText = Field(description="Expected walk-aways recorded − what-if.")
    rows: list[WhatIfRow]
    rules: list[WhatIfRule]
    changed: int = Field(description="How many incidents end differently.")
    changes: list[WhatIfChange] = Field(description="The first 50 of them.")
    evidence: WhatIfEvidence
    open_incidents: int = Field(description="Incidents of the period not resolved yet.")
    assumptions: list[str]
    notes: list[str]
