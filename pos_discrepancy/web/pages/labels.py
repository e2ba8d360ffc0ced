"""The codes of incidents and their journal as ops read them, marked for the catalogs.

Each table maps a machine code (``declined``, ``walked_away``) to its English words,
marked with ``N_`` and translated where a page shows it (``_(label)`` in a template,
:func:`label` in Python); a code no table knows is shown with its underscores as spaces.
"""

from __future__ import annotations

from collections.abc import Mapping

from pos_discrepancy.domain import Status
from pos_discrepancy.i18n import N_, Words
from pos_discrepancy.reports.causes import CAUSE_LABELS

#: The statuses as ops read them.
STATUS_LABELS = {
    Status.DETECTED.value: N_("Open, not decided"),
    Status.AWAITING_APPROVAL.value: N_("Waiting for a manager"),
    Status.HONORED.value: N_("Honored, tag still wrong"),
    Status.DECLINED.value: N_("Declined, tag still wrong"),
    Status.SIGNAGE_FIXED.value: N_("Tag fixed"),
}
#: Codes of the decision and the journal: directions, actions, approvals, outcomes,
#: event kinds and the journal's field names.
CODE_LABELS = {
    "overcharge": N_("overcharge"),
    "undercharge": N_("undercharge"),
    "honor": N_("honor"),
    "decline": N_("decline"),
    "escalate": N_("escalate"),
    "approved": N_("approved"),
    "denied": N_("denied"),
    "timed_out": N_("timed out"),
    "purchased": N_("purchased"),
    "walked_away": N_("walked away"),
    "unknown": N_("unknown"),
    "detected": N_("detected"),
    "decided": N_("decided"),
    "approval_timed_out": N_("approval timed out"),
    "outcome_recorded": N_("outcome recorded"),
    "signage_fixed": N_("tag fixed"),
    "bonus_claimed": N_("bonus claimed"),
    "honored": N_("honored"),
    "declined": N_("declined"),
    "awaiting_approval": N_("waiting for a manager"),
    "status": N_("status"),
    "cashier": N_("cashier"),
    "manager": N_("manager"),
    "staff": N_("staff"),
    "action": N_("action"),
    "cause": N_("cause"),
    "customer_outcome": N_("customer outcome"),
    "note": N_("note"),
    "charge": N_("charge"),
    "refund": N_("refund"),
    "bonus": N_("bonus"),
    "owed": N_("owed"),
    **CAUSE_LABELS,
}


def label(code: str | None, say: Words, table: Mapping[str, str] = CODE_LABELS) -> str:
    """``code`` in words of ``say``'s locale (``—`` for none)."""
    if not code:
        return "—"
    words = table.get(code)
    return say.gettext(words) if words else code.replace("_", " ")
