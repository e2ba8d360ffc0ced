"""The register path: check -> options -> decision, and the signage fix.

``check`` is the hot path: a scan with equal prices touches no database; a mismatch
writes its incident and first journal event in one short transaction.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .domain import (
    Action,
    Cause,
    CustomerOutcome,
    Direction,
    Discrepancy,
    DisplayedPrice,
    Finding,
    MultiBuy,
    Option,
    OptionList,
    ScannedItem,
    ShelfClaim,
    Status,
    StoreInfo,
    build_discrepancy,
)
from .domain.incident import after_decision, after_fix
from .errors import InvalidInput, InvalidTransition, NotFound
from .ids import check_uuid, uuid7
from .inputs import check_choice, check_code, check_date, check_quantity, check_text
from .money import Money
from .policy import default_detect, default_options
from .prices import check_sku
from .store import repository
from .store.journal import append_event, canonical_json
from .views import CheckResult, IncidentView

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from .desk import Desk

log = logging.getLogger(__name__)
CLAIM_FIELDS = frozenset(
    {"location", "promo_ends", "multi_buy", "displayed_prices", "tag_barcode", "description"}
)


def check(
    desk: Desk,
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
    unknown = set(extra) - CLAIM_FIELDS
    if unknown:
        raise InvalidInput(f"{sorted(unknown)[0]}: is not a check field", field=sorted(unknown)[0])
    info = desk.store_info(store)
    register_code = check_code(register, field="register")
    cashier_code = check_code(cashier, field="cashier")
    sku = check_sku(sku)
    claim = _claim(info.currency, shelf_price, extra)
    description = check_text(extra.get("description"), field="description", max_length=200)
    scanned = ScannedItem(
        sku=sku,
        scanned_price=Money.zero(info.currency),
        quantity=check_quantity(quantity),
        scanned_at=desk.clock(),
        description=description,
    )
    record = None
    if scanned_price is None:
        record = desk.pm.hook.posdisc_price_lookup(sku=sku, store=info)
        if record is None:
            raise NotFound(
                f"sku: {sku} is not in the price file of {info.code}; send the "
                "scanned_price from the POS",
                field="sku",
            )
        scanned = replace(scanned, scanned_price=record.price)
    else:
        scanned = replace(
            scanned, scanned_price=Money.parse(scanned_price, info.currency, field="scanned_price")
        )
    warnings: list[str] = []
    discrepancy = build_discrepancy(claim, scanned, _findings(desk, claim, scanned, info, warnings))
    if discrepancy is None:
        return CheckResult(discrepancy=False, warnings=tuple(warnings))
    if record is None:  # only now worth a lookup: description and item flags
        record = desk.pm.hook.posdisc_price_lookup(sku=sku, store=info)
    if record is not None:
        scanned = replace(
            scanned, description=description or record.description, attributes=record.attributes
        )
        discrepancy = replace(discrepancy, scanned=scanned)
    options = _options(desk, discrepancy, info, warnings)
    return _record_check(
        desk, info, register_code, cashier_code, discrepancy, options, tuple(warnings)
    )


def _claim(currency: str, shelf_price: Any, extra: dict[str, Any]) -> ShelfClaim:
    return ShelfClaim(
        shelf_price=Money.parse(shelf_price, currency, field="shelf_price"),
        location=check_text(extra.get("location"), field="location", max_length=64),
        promo_ends=check_date(extra.get("promo_ends"), field="promo_ends"),
        multi_buy=_multi_buy(extra.get("multi_buy"), currency),
        tag_barcode=check_text(extra.get("tag_barcode"), field="tag_barcode", max_length=40),
        displayed_prices=_displayed(extra.get("displayed_prices"), currency),
    )


def _multi_buy(value: Any, currency: str) -> MultiBuy | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        count, sep, total = value.lower().replace("$", "").partition(" for ")
        if not sep or not count.strip().isdigit():
            raise InvalidInput(
                f'multi_buy: {value[:40]!r} should read like "3 for 10.00"', field="multi_buy"
            )
        value = (int(count), total.strip())
    if isinstance(value, dict):
        value = (value.get("count"), value.get("total"))
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidInput(
            'multi_buy: give "3 for 10.00" or {"count": 3, "total": "10.00"}', field="multi_buy"
        )
    return MultiBuy(count=value[0], total=Money.parse(value[1], currency, field="multi_buy"))


def _displayed(value: Any, currency: str) -> tuple[DisplayedPrice, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or len(value) > 10:
        raise InvalidInput(
            'displayed_prices: give a list (at most 10) of {"source": "sign", "price": "8.99"}',
            field="displayed_prices",
        )
    prices = []
    for item in value:
        if not isinstance(item, dict):
            raise InvalidInput(
                "displayed_prices: each entry needs source and price", field="displayed_prices"
            )
        prices.append(
            DisplayedPrice(
                source=item.get("source", "other"),
                price=Money.parse(item.get("price"), currency, field="displayed_prices"),
            )
        )
    return tuple(prices)


def _findings(
    desk: Desk, claim: ShelfClaim, scanned: ScannedItem, info: StoreInfo, warnings: list[str]
) -> list[Finding]:
    try:
        answers = desk.pm.hook.posdisc_detect(claim=claim, scanned=scanned, store=info)
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


def options_for(desk: Desk, discrepancy: Discrepancy, info: StoreInfo) -> OptionList:
    """Run ``posdisc_options`` then ``posdisc_adjust_options``; plugin errors propagate."""
    options = OptionList()
    for answer in reversed(
        desk.pm.hook.posdisc_options(discrepancy=discrepancy, policy=info.policy, store=info)
    ):
        for option in answer or ():
            if option.action not in options:
                options.add(option)
    desk.pm.hook.posdisc_adjust_options(
        options=options, discrepancy=discrepancy, policy=info.policy, store=info
    )
    return options


def _options(
    desk: Desk, discrepancy: Discrepancy, info: StoreInfo, warnings: list[str]
) -> tuple[Option, ...]:
    try:
        options = options_for(desk, discrepancy, info)
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


def _claim_record(discrepancy: Discrepancy) -> dict[str, Any]:
    claim = discrepancy.claim
    return {
        "shelf_price": claim.shelf_price,
        "lowest_price": claim.lowest_price,
        "location": claim.location,
        "promo_ends": claim.promo_ends,
        "multi_buy": None
        if claim.multi_buy is None
        else {"count": claim.multi_buy.count, "total": claim.multi_buy.total},
        "tag_barcode": claim.tag_barcode,
        "displayed_prices": [
            {"source": d.source, "price": d.price} for d in claim.displayed_prices
        ],
        "findings": [
            {"code": f.code, "message": f.message, "cause": f.cause} for f in discrepancy.findings
        ],
        "attributes": discrepancy.scanned.attributes,
    }


def _record_check(
    desk: Desk,
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
    claim_data = _claim_record(discrepancy)
    option_data = [o.to_dict() for o in options]
    claim_json, options_json = canonical_json(claim_data), canonical_json(option_data)
    auto = discrepancy.direction is Direction.UNDERCHARGE
    status = Status.HONORED if auto else Status.DETECTED
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
        "claim": claim_data,
        "options": option_data,
    }
    with desk.transaction() as connection:
        repository.insert_incident(
            connection=connection,
            id=incident_id,
            store_id=info.code,
            register_id=register_code,
            cashier=cashier,
            sku=scanned.sku,
            description=scanned.description or "",
            location=claim.location,
            currency=info.currency,
            shelf_price_minor=claim.shelf_price.minor,
            scanned_price_minor=scanned.scanned_price.minor,
            quantity=scanned.quantity,
            claimed_total_minor=discrepancy.claimed_line_total.minor,
            scanned_total_minor=scanned.line_total.minor,
            direction=discrepancy.direction.value,
            difference_minor=discrepancy.difference.minor,
            line_difference_minor=discrepancy.line_difference.minor,
            promo_ends=claim.promo_ends,
            cause=discrepancy.cause,
            status=status.value,
            requested_action=Action.HONOR.value if auto else None,
            claim_json=claim_json,
            options_json=options_json,
            detected_at=now,
            resolved_at=now if auto else None,
        )
        entries = [
            append_event(
                connection,
                store_id=info.code,
                incident_id=incident_id,
                kind="detected",
                at=now,
                data=facts,
            )
        ]
        if auto:  # an undercharge needs no prompt: the customer pays the lower scan
            entries.append(
                _record_decision(
                    connection, info, incident_id, options[0], Status.HONORED, cashier, now, {}
                )
            )
    desk.notify(incident_id, entries)
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


def _record_decision(
    connection: Connection,
    info: StoreInfo,
    incident_id: str,
    option: Option,
    status: Status,
    cashier: str,
    now: Any,
    extra: dict[str, Any],
) -> Any:
    resolved = status is not Status.AWAITING_APPROVAL
    repository.insert_decision(
        connection=connection,
        incident_id=incident_id,
        store_id=info.code,
        action=option.action,
        charge_minor=option.charge.minor if resolved else None,
        decided_by=cashier,
        decided_at=now,
        customer_outcome=extra.get("customer_outcome"),
        goodwill_minor=None if extra.get("goodwill") is None else extra["goodwill"].minor,
        bonus_minor=option.bonus.minor if resolved and option.bonus is not None else None,
        note=extra.get("note"),
    )
    return append_event(
        connection,
        store_id=info.code,
        incident_id=incident_id,
        kind="decided",
        at=now,
        data={
            "status": status,
            "action": option.action,
            "cashier": cashier,
            "charge": option.charge if resolved else None,
            "bonus": option.bonus if resolved else None,
            "requires_approval": not resolved,
            **extra,
        },
    )


def _incident_row(connection: Connection, incident_id: str) -> Row[Any]:
    row = repository.get_incident_row(
        connection=connection, incident_id=incident_id, for_update=True
    )
    if row is None:
        raise NotFound(f"incident_id: no incident {incident_id}", field="incident_id")
    return row


def offered_options(row: Row[Any]) -> OptionList:
    """The options the cashier was shown, as stored with the incident."""
    return OptionList(Option.from_dict(o, row.currency) for o in json.loads(row.options_json))


def decide(
    desk: Desk,
    incident_id: str,
    *,
    action: str,
    cashier: str,
    customer_outcome: str | None,
    note: str | None,
    goodwill: Any,
) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.decide`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    cashier = check_code(cashier, field="cashier")
    extra: dict[str, Any] = {}
    if customer_outcome is not None:
        extra["customer_outcome"] = check_choice(
            customer_outcome, CustomerOutcome, field="customer_outcome"
        ).value
    if note is not None:
        extra["note"] = check_text(note, field="note", max_length=500)
    with desk.transaction() as connection:
        row = _incident_row(connection, incident_id)
        info = desk.store_info(row.store_id)
        if goodwill is not None:
            extra["goodwill"] = Money.parse(goodwill, info.currency, field="goodwill")
        status = Status(row.status)
        if status is not Status.DETECTED:
            earlier = repository.get_decision_row(connection=connection, incident_id=incident_id)
            if earlier is not None and earlier.action == action:
                entries = []  # the same decision again: answer as the first time did
            else:
                after_decision(status, needs_approval=False, resolves_as=status)  # raises
        else:
            option = offered_options(row).choose(action)
            new_status = after_decision(
                status, needs_approval=option.requires_approval, resolves_as=option.resolves_as
            )
            now = desk.clock()
            waiting = new_status is Status.AWAITING_APPROVAL
            repository.update_incident(
                connection=connection,
                incident_id=incident_id,
                status=new_status.value,
                requested_action=option.action,
                escalated_at=now if waiting else None,
                resolved_at=None if waiting else now,
            )
            entries = [
                _record_decision(
                    connection, info, incident_id, option, new_status, cashier, now, extra
                )
            ]
    desk.notify(incident_id, entries)
    return desk.get_incident(incident_id)


def record_outcome(
    desk: Desk, incident_id: str, *, customer_outcome: str, staff: str
) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.record_outcome`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    staff = check_code(staff, field="staff")
    outcome = check_choice(customer_outcome, CustomerOutcome, field="customer_outcome")
    with desk.transaction() as connection:
        row = _incident_row(connection, incident_id)
        if repository.get_decision_row(connection=connection, incident_id=incident_id) is None:
            raise InvalidTransition(
                "customer_outcome: the cashier has not decided yet", field="customer_outcome"
            )
        repository.update_decision(
            connection=connection, incident_id=incident_id, customer_outcome=outcome.value
        )
        entry = append_event(
            connection,
            store_id=row.store_id,
            incident_id=incident_id,
            kind="outcome_recorded",
            at=desk.clock(),
            data={"status": row.status, "customer_outcome": outcome, "staff": staff},
        )
    desk.notify(incident_id, [entry])
    return desk.get_incident(incident_id)


def fix(desk: Desk, incident_id: str, *, staff: str, cause: str | None) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.fix`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    staff = check_code(staff, field="staff")
    fix_cause = None if cause is None else check_choice(cause, Cause, field="cause")
    with desk.transaction() as connection:
        entry = _fix_one(desk, connection, _incident_row(connection, incident_id), staff, fix_cause)
    desk.notify(incident_id, [entry])
    return desk.get_incident(incident_id)


def fix_sku(
    desk: Desk, store: str, *, sku: str, staff: str, cause: str | None
) -> list[IncidentView]:
    """See :meth:`pos_discrepancy.desk.Desk.fix_sku`."""
    info = desk.store_info(store)
    sku = check_sku(sku)
    staff = check_code(staff, field="staff")
    fix_cause = None if cause is None else check_choice(cause, Cause, field="cause")
    with desk.transaction() as connection:
        ids = repository.open_incident_ids_for_sku(
            connection=connection, store_id=info.code, sku=sku
        )
        if not ids:
            raise NotFound(f"sku: no open incident for {sku} at {info.code}", field="sku")
        entries = [
            (i, _fix_one(desk, connection, _incident_row(connection, i), staff, fix_cause))
            for i in ids
        ]
    for incident_id, entry in entries:
        desk.notify(incident_id, [entry])
    return [desk.get_incident(i) for i in ids]


def _fix_one(
    desk: Desk, connection: Connection, row: Row[Any], staff: str, cause: Cause | None
) -> Any:
    new_status = after_fix(Status(row.status))
    now = desk.clock()
    final_cause = cause.value if cause is not None else row.cause
    repository.update_incident(
        connection=connection,
        incident_id=row.id,
        status=new_status.value,
        fixed_at=now,
        fixed_by=staff,
        cause=final_cause,
    )
    return append_event(
        connection,
        store_id=row.store_id,
        incident_id=row.id,
        kind="signage_fixed",
        at=now,
        data={"status": new_status, "staff": staff, "cause": final_cause},
    )
