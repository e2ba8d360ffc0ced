"""The request models: each field checked by the Python API's own validator, errors
named by their path from one place, amounts exact, and the layering kept."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from pos_discrepancy import schemas
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.inputs import check_code, check_quantity, check_text
from pos_discrepancy.money import Money
from pos_discrepancy.schemas import (
    CheckRequest,
    DecisionRequest,
    SyncRequest,
    validate,
    validate_values,
)
from pos_discrepancy.schemas.validation import ShapeError, path

CHECK = {"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",
         "shelf_price": "9.98"}  # fmt: skip
USD = {"currency": "USD"}


def refusal(model: type[BaseModel], body: dict[str, Any], **context: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        validate(model, body, context=context or USD)
    return caught.value


def message_of(check: Any, *args: object, **options: Any) -> str:
    with pytest.raises(InvalidInput) as caught:
        check(*args, **options)
    return caught.value.message


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("cashier", "", lambda: message_of(check_code, "", field="cashier")),
        ("store", "no spaces", lambda: message_of(check_code, "no spaces", field="store")),
        ("quantity", 0, lambda: message_of(check_quantity, 0)),
        ("quantity", True, lambda: message_of(check_quantity, True)),
        ("location", "x" * 65,
         lambda: message_of(check_text, "x" * 65, field="location", max_length=64)),
        ("shelf_price", "9.981",
         lambda: message_of(Money.parse, "9.981", "USD", field="shelf_price")),
        ("scanned_price", 19.95,
         lambda: message_of(Money.parse, 19.95, "USD", field="scanned_price")),
    ],
)  # fmt: skip
def test_messages_are_the_validators_own(field: str, value: object, expected: Any) -> None:
    error = refusal(CheckRequest, {**CHECK, field: value})
    assert (error.message, error.field) == (expected(), field)
    assert not isinstance(error, ShapeError)


def test_unknown_and_missing_fields_are_shape_errors_unknown_first() -> None:
    error = refusal(CheckRequest, {"store": "S001", "colour": "red"})
    assert isinstance(error, ShapeError) and error.field == "colour"
    assert error.message.startswith(
        "colour: unknown field; leave it out (this endpoint accepts cashier, "
    )
    missing = refusal(CheckRequest, {k: v for k, v in CHECK.items() if k != "sku"})
    assert (missing.message, missing.field) == ("sku: required; send this field", "sku")


def test_amounts_are_exact_decimals_and_null_is_left_out() -> None:
    body = {**CHECK, "shelf_price": Decimal("9.98"), "scanned_price": None, "quantity": "3"}
    request = validate(CheckRequest, body, context=USD)
    assert request.shelf_price == Decimal("9.98") and request.scanned_price is None
    assert schemas.plain(request) == {**CHECK, "shelf_price": Decimal("9.98"), "quantity": 3}
    yen = refusal(CheckRequest, {**CHECK, "shelf_price": "9.98"}, currency="JPY")
    assert yen.field == "shelf_price" and "decimal places" in yen.message


def test_without_a_currency_amounts_are_still_exact() -> None:
    assert validate(DecisionRequest, {"action": "honor", "cashier": "C07", "goodwill": "1.5"})
    with pytest.raises(InvalidInput) as caught:
        validate(DecisionRequest, {"action": "honor", "cashier": "C07", "goodwill": 1.5})
    assert caught.value.field == "goodwill"


def test_nested_fields_are_named_by_their_path() -> None:
    item = {"incident": {}, "last_event": "x", "events": [{"kind": "Bad"}]}
    body = {"store": "S001", "register": "R1", "incidents": [item]}
    error = refusal(SyncRequest, body)
    assert error.field and error.field.startswith("incidents[0].")
    assert path(("incidents", 0, "events", 1, "kind")) == "incidents[0].events[1].kind"
    empty = refusal(SyncRequest, {"store": "S001", "register": "R1", "incidents": []})
    assert (empty.field, empty.message) == (
        "incidents",
        "incidents: must hold 1 to 1000 items; send between 1 and 1000",
    )


@pytest.mark.parametrize(
    "name", sorted(set(schemas.__all__) - {"plain", "validate", "validate_values"})
)
def test_register_fields_are_required_and_models_documented(name: str) -> None:
    model = getattr(schemas, name)
    assert model.__doc__
    if "register" in model.model_fields:  # not ABCMeta.register taken as its default
        field = model.model_fields["register"]
        assert field.is_required() or field.default is None


def test_requests_refuse_fields_they_do_not_know() -> None:
    for name in schemas.__all__:
        model = getattr(schemas, name)
        if isinstance(model, type) and issubclass(model, schemas.Request):
            assert model.model_config["extra"] == "forbid", name


# What a Python caller might pass for any check field: right, wrong and odd values.
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=12_000),
    st.sampled_from([9.98, float("nan"), Decimal("9.98"), Decimal("9.981"), Decimal("-1"),
                     Decimal("NaN"), Decimal("1E+7"), Decimal("10.0")]),
    st.sampled_from(["", " ", "R1", " c07 ", "9.98", "19.95", "1.234", "-1", "2026-12-01",
                     "3 for 10.00", "9788883701122", "12 34", "x" * 65, "a\x00b", "é"]),
    st.text(max_size=8),
    st.just(date(2026, 12, 1)),
    st.just(datetime(2026, 12, 1, 9, 30)),
    st.just(Money.parse("9.98", "USD")),
    st.just(Money.parse("9.98", "EUR")),
    st.lists(st.fixed_dictionaries({"price": st.sampled_from(["8.99", "x"])}), max_size=11),
    st.just({"count": 3, "total": "10.00"}),
)  # fmt: skip
FIELDS = st.sampled_from([*CheckRequest.model_fields, "colour"])


def outcome(validation: Any) -> object:
    """The clean values, or the refusal as (class, field, message)."""
    try:
        return validation()
    except InvalidInput as error:
        return (type(error), error.field, error.message)


@given(st.dictionaries(FIELDS, ANY_VALUE, max_size=5), st.sets(st.sampled_from(list(CHECK))))
def test_the_fast_path_is_the_models_validation(
    changes: dict[str, Any], left_out: set[str]
) -> None:
    values = {k: v for k, v in {**CHECK, **changes}.items() if k not in left_out or k in changes}
    by_model = outcome(lambda: dict(validate(CheckRequest, values, context=USD)))
    assert outcome(lambda: validate_values(CheckRequest, values, context=USD)) == by_model


def test_the_fast_path_fills_in_the_defaults() -> None:
    clean = validate_values(CheckRequest, {**CHECK, "register": " r1 "}, context=USD)
    assert clean == dict(validate(CheckRequest, CHECK, context=USD))
    assert (clean["register"], clean["quantity"], clean["location"]) == ("R1", 1, None)


def test_a_model_without_plain_checks_is_validated_by_pydantic() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_values(SyncRequest, {})
    assert caught.value.message == refusal(SyncRequest, {}).message
