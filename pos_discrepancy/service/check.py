"""The register hot path: ``check`` a scan against the shelf claim.

A scan with equal prices touches no database; a mismatch writes its incident and first
journal event in one short transaction (:mod:`pos_discrepancy.store.hot_path`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from ..claims import claim_record, shelf_claim
from ..domain import (
    Action,
    Direction,
    Discrepancy,
    Finding,
    Option,
    OptionList,
    Resolution,
    ScannedItem,
    ShelfClaim,
    Signage,
    Status,
    StoreInfo,
    build_discrepancy,
)
from ..errors import DiscrepancyError, NotFound, PriceLookupFailed
from ..ids import uuid7
from ..money import Money
from ..policy import default_detect, default_options
from ..prices import (
    CHECK_DIGIT_WRONG,
    NOT_IN_PRICE_FILE,
    PriceRecord,
    check_digit_warning,
    not_in_price_file_warning,
)
from ..schemas import CheckRequest, validate_values
from ..store.hot_path import EventDraft, hot_path
from ..store.journal import RawJSON, canonical_json
from ..views import CheckResult
from .context import Context
from .decide import decision_values

__all__ = ["check", "options_for", "register_options"]
log = logging.getLogger(__name__)


def check(
    ctx: Context,
    *,
    store: str,
    register: str,
    cashier: str,
    sku: str,
    shelf_price: Any,
    scanned_price: Any,
    quantity: Any,
    **extra: Any,
) -> CheckResult:
    """See :meth:`pos_discrepancy.desk.Desk.check`."""
    info = ctx.store_info(store)
    # The model the HTTP API reads its body with: the same fields, checks and messages.
    request = validate_values(
        CheckRequest,
        {
            "store": info.code,
            "register": register,
            "cashier": cashier,
            "sku": sku,
            "shelf_price": shelf_price,
            "scanned_price": scanned_price,
            "quantity": quantity,
            **extra,
        },
        context={"currency": info.currency},
    )
    register_code, cashier_code, sku = request["register"], request["cashier"], request["sku"]
    # Money.parse made these amounts in the store's currency: exact, so no second check.
    claim = shelf_claim(Money._trusted(request["shelf_price"], info.currency), request)
    description, count = request["description"], request["quantity"]
    scanned_at = ctx.clock()
    record = None
    warnings: list[str] = []
    flags: list[str] = []
    digit_warning = check_digit_warning(sku)
    if digit_warning is not None:  # flagged, not refused: in-house codes may look alike
        flags.append(CHECK_DIGIT_WRONG)
        warnings.append(digit_warning)
    if request["scanned_price"] is None:
        record = _look_up(ctx, sku, info, warnings=None)
        if record is None:
            raise NotFound(
                f"sku: {sku} is not in the price file of {info.code}; send the "
                "scanned_price from the POS",
                field="sku",
            )
        price = record.price
    else:
        price = Money._trusted(request["scanned_price"], info.currency)
    scanned = ScannedItem(
        sku=sku,
        scanned_price=price,
        quantity=count,
        scanned_at=scanned_at,
        description=description,
    )
    discrepancy = build_discrepancy(claim, scanned, _findings(ctx, claim, scanned, info, warnings))
    if discrepancy is None:
        return CheckResult(discrepancy=False, warnings=tuple(warnings), flags=tuple(flags))
    if record is None:  # only now worth a lookup: description and item flags
        record = _look_up(ctx, sku, info, warnings=warnings)
        if record is None and not _lookup_failed(warnings):
            flags.append(NOT_IN_PRICE_FILE)
            warnings.append(not_in_price_file_warning(sku, info.code))
    if record is not None:
        scanned = replace(
            scanned, description=description or record.description, attributes=record.attributes
        )
        discrepancy = replace(discrepancy, scanned=scanned)
    options = register_options(ctx, discrepancy, info, warnings)
    result = _record_check(
        ctx, info, register_code, cashier_code, discrepancy, options, tuple(warnings)
    )
    return replace(result, flags=tuple(flags))


def _look_up(
    ctx: Context, sku: str, info: StoreInfo, *, warnings: list[str] | None
) -> PriceRecord | None:
    """Ask ``posdisc_price_lookup``; a failing price source must not crash the checkout.

    With ``warnings`` (the POS sent the scanned price, the lookup only adds the
    description and item flags) a failure becomes a warning; without it (the price itself
    was asked for) it is a ``PriceLookupFailed`` the cashier can act on.
    """
    try:
        return ctx.pm.hook.posdisc_price_lookup(sku=sku, store=info, context=ctx)
    except DiscrepancyError:
        raise
    except Exception as error:
        log.exception("a posdisc_price_lookup plugin failed for %s", sku)
        if warnings is None:
            raise PriceLookupFailed(
                f"scanned_price: the price of {sku} could not be looked up ({error}); "
                "send the scanned_price from the POS",
                field="scanned_price",
            ) from None
        warnings.append(f"{_LOOKUP_FAILED} ({error}); item details left out.")
        return None


#: The start of the warning a failed lookup leaves: the item may well be in the file.
_LOOKUP_FAILED = "The price file could not be read"


def _lookup_failed(warnings: list[str]) -> bool:
    """True when the last lookup failed (so "not in the price file" is not known)."""
    return bool(warnings) and warnings[-1].startswith(_LOOKUP_FAILED)


def _findings(
    ctx: Context, claim: ShelfClaim, scanned: ScannedItem, info: StoreInfo, warnings: list[str]
) -> list[Finding]:
    try:
        answers = ctx.pm.hook.posdisc_detect(claim=claim, scanned=scanned, store=info)
    except Exception as error:  # a broken detector must not stop the checkout
        log.exception("a posdisc_detect plugin failed")
        warnings.append(f"A detection plugin failed ({error}); built-in checks only.")
        answers = [default_detect.posdisc_detect(claim=claim, scanned=scanned, store=info)]
    findings: list[Finding] = []
    for answer in answers:
        if isinstance(answer, Finding):
            findings.append(answer)
        elif answer:
            findings.extend(answer)
    return findings


def options_for(ctx: Context, discrepancy: Discrepancy, info: StoreInfo) -> OptionList:
    """Run ``posdisc_options`` then ``posdisc_adjust_options``; plugin errors propagate."""
    options = OptionList()
    for answer in reversed(
        ctx.pm.hook.posdisc_options(discrepancy=discrepancy, policy=info.policy, store=info)
    ):
        for option in answer or ():
            if option.action not in options:
                options.add(option)
    ctx.pm.hook.posdisc_adjust_options(
        options=options, discrepancy=discrepancy, policy=info.policy, store=info
    )
    return options


def register_options(
    ctx: Context, discrepancy: Discrepancy, info: StoreInfo, warnings: list[str]
) -> tuple[Option, ...]:
    """The options the register shows: the plugins' (:func:`options_for`), else the
    store's defaults with a warning appended to ``warnings`` (a plugin failed)."""
    try:
        options = options_for(ctx, discrepancy, info)
    except Exception as error:  # the cashier still gets the store's defaults
        log.exception("a posdisc_options / posdisc_adjust_options plugin failed")
        warnings.append(
            f"A policy plugin failed ({error}); showing the store's default "
            "options. Tell the store's support."
        )
        options = OptionList()
    if not len(options):
        if not warnings:
            warnings.append("No plugin offered options; showing the store's defaults.")
        options = OptionList(
            default_options.posdisc_options(discrepancy=discrepancy, policy=info.policy, store=info)
        )
    return tuple(options)


def _record_check(
    ctx: Context,
    info: StoreInfo,
    register_code: str,
    cashier: str,
    discrepancy: Discrepancy,
    options: tuple[Option, ...],
    warnings: tuple[str, ...],
) -> CheckResult:
    scanned, claim = discrepancy.scanned, discrepancy.claim
    now = scanned.scanned_at
    incident_id = uuid7()
    claim_data = claim_record(discrepancy)
    option_data = [o.to_dict() for o in options]
    claim_json, options_json = canonical_json(claim_data), canonical_json(option_data)
    auto = discrepancy.direction is Direction.UNDERCHARGE
    resolution = Resolution.HONORED if auto else Resolution.DETECTED
    status = Status(resolution.value)
    facts = {
        "status": Status.DETECTED,
        "register": register_code,
        "cashier": cashier,
        "sku": scanned.sku,
        "description": scanned.description or "",
        "location": claim.location,
        "currency": info.currency,
        "shelf_price": claim.shelf_price,
        "scanned_price": scanned.scanned_price,
        "quantity": scanned.quantity,
        "claimed_total": discrepancy.claimed_line_total,
        "scanned_total": scanned.line_total,
        "direction": discrepancy.direction,
        "difference": discrepancy.difference,
        "line_difference": discrepancy.line_difference,
        "cause": discrepancy.cause,
        "claim": RawJSON(claim_json),  # encoded once, for the row and the event
        "options": RawJSON(options_json),
    }
    incident = {
        "id": incident_id,
        "store_id": info.code,
        "register_id": register_code,
        "cashier": cashier,
        "sku": scanned.sku,
        "description": scanned.description or "",
        "location": claim.location,
        "currency": info.currency,
        "shelf_price_minor": claim.shelf_price.minor,
        "scanned_price_minor": scanned.scanned_price.minor,
        "quantity": scanned.quantity,
        "claimed_total_minor": discrepancy.claimed_line_total.minor,
        "scanned_total_minor": scanned.line_total.minor,
        "direction": discrepancy.direction.value,
        "difference_minor": discrepancy.difference.minor,
        "line_difference_minor": discrepancy.line_difference.minor,
        "promo_ends": claim.promo_ends,
        "cause": None if discrepancy.cause is None else str(discrepancy.cause),
        "status": status.value,
        "resolution": resolution.value,
        "signage": Signage.OPEN.value,
        "requested_action": Action.HONOR.value if auto else None,
        "claim_json": claim_json,
        "options_json": options_json,
        "detected_at": now,
        "resolved_at": now if auto else None,
    }
    events = [EventDraft("detected", now, facts)]
    decision = None
    if auto:  # an undercharge needs no prompt: the customer pays the lower scan
        decision, data = decision_values(
            info, incident_id, options[0], Resolution.HONORED, cashier, now, {}
        )
        events.append(EventDraft("decided", now, data))
    # One short transaction on the bare driver, committed before we answer; under an
    # Idempotency-Key, in the unit of work's transaction, committed with the key's answer.
    hot_path(ctx.engine).write_incident(
        incident=incident, decision=decision, events=events, connection=ctx.unit_connection()
    )
    return CheckResult(
        discrepancy=True,
        incident_id=incident_id,
        direction=discrepancy.direction,
        difference=discrepancy.difference,
        line_difference=discrepancy.line_difference,
        options=options,
        status=status,
        cause=None if discrepancy.cause is None else discrepancy.cause.value,
        findings=tuple(f.message for f in discrepancy.findings),
        warnings=warnings,
        detail=discrepancy,
    )
