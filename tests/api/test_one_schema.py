"""The Python API reads each request with the same model as the HTTP API (design §2):
the same bad value gets the same refusal, word for word, from both."""

from __future__ import annotations

from typing import Any

import pytest

from pos_discrepancy import InvalidInput
from pos_discrepancy.schemas import (
    ApprovalRequest,
    BonusClaimRequest,
    CheckRequest,
    DecisionRequest,
    FixRequest,
    OutcomeRequest,
    validate,
)
from pos_discrepancy.schemas.validation import ShapeError

CASES = [
    ("fix", FixRequest, {"staff": "O02", "cause": "gremlins"}),
    ("fix", FixRequest, {"staff": "no spaces", "cause": None}),
    ("decide", DecisionRequest, {"action": "honor", "cashier": "C07", "note": "a\x00b"}),
    ("decide", DecisionRequest, {"action": "honor", "cashier": "C07", "customer_outcome": "x"}),
    ("approve", ApprovalRequest, {"manager": "M01", "pin": "12", "approve": True}),
    ("approve", ApprovalRequest, {"manager": "M01", "pin": "2468", "approve": "yes"}),
    ("record_outcome", OutcomeRequest, {"customer_outcome": "unknown", "staff": "C07"}),
    ("claim_bonus", BonusClaimRequest, {"staff": "", "note": None}),
]


@pytest.mark.parametrize(("method", "model", "values"), CASES)
def test_the_python_api_refuses_as_the_request_model_does(
    shop: Any, overcharge: Any, method: str, model: Any, values: dict[str, Any]
) -> None:
    incident_id = overcharge(shop)
    with pytest.raises(InvalidInput) as by_model:
        validate(model, values)
    with pytest.raises(InvalidInput) as by_desk:
        getattr(shop, method)(incident_id, **values)
    assert (by_desk.value.field, by_desk.value.message) == (
        by_model.value.field,
        by_model.value.message,
    )


SCAN = {"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",
        "scanned_price": "19.95", "shelf_price": "9.98"}  # fmt: skip
BAD_SCANS = [
    {"colour": "red"},  # an unknown field: the model's shape error, naming the fields
    {"register": "bad code!"},
    {"cashier": ""},
    {"sku": "12 34"},
    {"shelf_price": None},
    {"shelf_price": "9.981"},
    {"scanned_price": 19.95},
    {"quantity": 0},
    {"quantity": "x"},
    {"location": "x" * 65},
    {"promo_ends": "2026-13-01"},
    {"tag_barcode": "1" * 41},
    {"description": "a\x00b"},
    {"cashier": "no spaces", "quantity": 0},  # of two, the model's first field is told
]


@pytest.mark.parametrize("change", BAD_SCANS, ids=lambda change: ",".join(change))
def test_check_refuses_as_the_check_request_model_does(shop: Any, change: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as by_model:
        validate(CheckRequest, {**SCAN, **change}, context={"currency": "USD"})
    with pytest.raises(InvalidInput) as by_desk:
        shop.check(**{**SCAN, **change})
    assert type(by_desk.value) is type(by_model.value)
    assert (by_desk.value.field, by_desk.value.message) == (
        by_model.value.field,
        by_model.value.message,
    )
    assert not shop.store_has_incidents("S001")


def test_an_unknown_check_field_is_the_models_shape_error(shop: Any) -> None:
    with pytest.raises(ShapeError) as caught:
        shop.check(**SCAN, colour="red")
    assert caught.value.field == "colour"
    assert caught.value.message.startswith("colour: unknown field; leave it out (")
    assert all(name in caught.value.message for name in CheckRequest.model_fields)


def test_a_missing_shelf_price_reads_as_missing_everywhere(shop: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        shop.check(**{**SCAN, "shelf_price": None})
    assert caught.value.message == 'shelf_price: enter an amount such as "12.99"; it is missing'
