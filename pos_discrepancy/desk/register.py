"""The register path of design §5: the check, the cashier's decision, the manager's
approval, the customer's outcome, the fixed tag, a bonus claim."""

from __future__ import annotations

from typing import Any

from ..money import MoneyInput
from ..service import bonus, check, decide, fix
from ..service.approve import approve as approve_escalation
from ..views import CheckResult, IncidentView
from .part import DeskPart


class RegisterPath(DeskPart):
    """The register path (design §5): check, decide, approve, outcome, fix, bonus."""

    # --- the register path (design §5) -------------------------------------------------
    def check(
        self,
        *,
        store: str,
        register: str,
        cashier: str,
        sku: str,
        shelf_price: MoneyInput,
        scanned_price: MoneyInput | None = None,
        quantity: int | str = 1,
        **claim: Any,
    ) -> CheckResult:
        """Compare the shelf claim with the scan; on a mismatch, log it and offer options.

        Optional claim fields: ``location``, ``promo_ends``, ``multi_buy`` (``"3 for 10.00"``
        or ``(3, "10.00")``), ``displayed_prices`` (``[{"source": "sign", "price": "8.99"}]``),
        ``tag_barcode``, ``description``.
        """
        return check.check(
            self.context,
            store=store,
            register=register,
            cashier=cashier,
            sku=sku,
            shelf_price=shelf_price,
            scanned_price=scanned_price,
            quantity=quantity,
            **claim,
        )

    def decide(
        self,
        incident_id: str,
        *,
        action: str,
        cashier: str,
        customer_outcome: str | None = None,
        note: str | None = None,
        goodwill: MoneyInput | None = None,
    ) -> IncidentView:
        """Record the cashier's choice among the offered options."""
        return decide.decide(
            self.context,
            incident_id,
            action=action,
            cashier=cashier,
            customer_outcome=customer_outcome,
            note=note,
            goodwill=goodwill,
        )

    def approve(
        self,
        incident_id: str,
        *,
        manager: str,
        pin: str,
        approve: bool = True,
        note: str | None = None,
        customer_outcome: str | None = None,
    ) -> IncidentView:
        """A manager approves (honor) or denies (decline) an escalated incident."""
        return approve_escalation(
            self.context,
            incident_id,
            manager=manager,
            pin=pin,
            approve=approve,
            note=note,
            customer_outcome=customer_outcome,
        )

    def record_outcome(
        self, incident_id: str, *, customer_outcome: str, staff: str
    ) -> IncidentView:
        """Record afterwards whether the customer bought the item or walked away."""
        return decide.record_outcome(
            self.context, incident_id, customer_outcome=customer_outcome, staff=staff
        )

    def fix(self, incident_id: str, *, staff: str, cause: str | None = None) -> IncidentView:
        """Ops staff mark the shelf tag fixed, with the cause when known."""
        return fix.fix(self.context, incident_id, staff=staff, cause=cause)

    def fix_sku(
        self, store: str, *, sku: str, staff: str, cause: str | None = None
    ) -> list[IncidentView]:
        """Mark every open incident of ``sku`` at ``store`` fixed (a scanned tag)."""
        return fix.fix_sku(self.context, store, sku=sku, staff=staff, cause=cause)

    def claim_bonus(self, incident_id: str, *, staff: str, note: str | None = None) -> IncidentView:
        """Record a Michigan bonus claim (notice after the sale) against a decided incident.

        Stores the amount owed (refund plus bonus) on the decision and journals a
        ``bonus_claimed`` event; refuses a second claim, a price corrected before the
        sale ended, a claim after 30 days, and stores not under ``us_mi``.
        """
        return bonus.claim_bonus(self.context, incident_id, staff=staff, note=note)
