"""The policy what-if page: replay the store's period under other settings, side by side.

``GET /whatif`` shows the form: the period (default the last 30 days), one field per
policy key a what-if may change (blank keeps the store's value, shown beside it), and
the jurisdiction plugins installed. ``POST /whatif`` (CSRF-checked, as every form) runs
:meth:`Desk.whatif` and shows the comparison table, the incidents that end differently
and every assumption under the form. Nothing is stored; a refused value comes back
marked, with the reason naming it, and status 422.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, render_template, request

from pos_discrepancy.domain.whatif_policy import NO_JURISDICTION, WHATIF_KEYS
from pos_discrepancy.domain.whatif_result import WhatIf
from pos_discrepancy.errors import DiscrepancyError
from pos_discrepancy.i18n import N_, Words

from ..extension import current_desk
from .access import SignedIn, role_required
from .i18n import field_message, page_words

bp = Blueprint("pages_whatif", __name__)

#: Roles that read the what-if (those that read the reports).
READERS = ("ops", "manager", "admin")
#: How the page names each policy key (the key itself is shown beside, in code).
KEY_LABELS = {
    "auto_honor_max": N_("Honor without a manager up to (amount)"),
    "auto_honor_max_percent": N_("… or up to this percentage of the scanned line"),
    "decline_allowed": N_("Cashiers may charge the scanned price"),
    "approval_timeout_seconds": N_("Seconds a manager has to answer"),
    "on_approval_timeout": N_("When no manager answers in time"),
    "manager_override_limit": N_("Managers approve up to (amount; above: an admin)"),
}
#: The keys chosen from a list, and their choices (value, words).
CHOICES = {
    "decline_allowed": (("true", N_("yes")), ("false", N_("no"))),
    "on_approval_timeout": (("honor", N_("honor the tag")), ("decline", N_("charge the scan"))),
}
FIELD_LABELS = {
    "since": N_("From"),
    "until": N_("To"),
    "jurisdiction": N_("Jurisdiction"),
    **KEY_LABELS,
}
#: How many changed incidents the page lists.
LISTED = 20


@bp.get("/whatif")
@role_required(*READERS)
def form(staff: SignedIn) -> tuple[str, int]:
    """The empty form for the staff member's store."""
    return _page(staff, {}, None)


@bp.post("/whatif")
@role_required(*READERS)
def compare(staff: SignedIn) -> tuple[str, int]:
    """The comparison for the period and settings sent."""
    sent = request.form
    settings = {key: sent[key].strip() for key in WHATIF_KEYS if sent.get(key, "").strip()}
    jurisdiction = sent.get("jurisdiction", "").strip() or None
    try:
        result = current_desk().whatif(
            staff.store, since=sent.get("since"), until=sent.get("until"),
            settings=settings, jurisdiction=jurisdiction,
        )  # fmt: skip
    except DiscrepancyError as error:
        flash(field_message(error, FIELD_LABELS), "error")
        return _page(staff, sent, None, error=error.field, status=error.http_status)
    return _page(staff, sent, result)


def _page(
    staff: SignedIn,
    sent: Mapping[str, str],
    result: WhatIf | None,
    *,
    error: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    desk = current_desk()
    info = desk.store_info(staff.store)
    period = desk.report_request("summary", store=staff.store)  # the default period
    policy = info.policy
    say = page_words()
    fields = [
        {
            "key": key,
            "label": say.gettext(KEY_LABELS[key]),
            "now": _words(getattr(policy, key), say),
            "value": sent.get(key, ""),
            "choices": [(value, say.gettext(text)) for value, text in CHOICES.get(key, ())],
            "invalid": error == key,
        }
        for key in WHATIF_KEYS
    ]
    html = render_template(
        "pages/whatif.html",
        store=info,
        since=sent.get("since") or period.since.isoformat(),
        until=sent.get("until") or period.until.isoformat(),
        fields=fields,
        jurisdictions=desk.installed_jurisdictions(),
        no_jurisdiction=NO_JURISDICTION,
        chosen=sent.get("jurisdiction", ""),
        invalid=error,
        result=result,
        rules=result.rule_counts() if result else [],
        changes=result.changes[:LISTED] if result else (),
    )
    return html, status


def _words(value: Any, say: Words) -> str:
    """A policy value as the page shows it: ``yes`` / ``no`` and the timeout choices in
    words; amounts and seconds as the form takes them (``15.00``)."""
    if isinstance(value, bool):
        return say.gettext("yes") if value else say.gettext("no")
    if value in ("honor", "decline"):
        return say.gettext(dict(CHOICES["on_approval_timeout"])[value])
    return str(value)
