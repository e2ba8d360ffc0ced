"""The Python API reads each request with the same model as the HTTP API (design §2):
the same bad value gets the same refusal, word for word, from both."""

from __future__ import annotations

from typing import Any

import pytest

from pos_discrepancy import InvalidInput
from pos_discrepancy.schemas import (
    ApprovalRequest,
    BonusClaimRequest,
    DecisionRequest,
    FixRequest,
    OutcomeRequest,
    validate,
)

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
