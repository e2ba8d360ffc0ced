"""Hypothesis drives ``Desk.check`` with valid and invalid values of every field.

Whatever arrives, ``check`` either answers or raises a ``DiscrepancyError`` naming a
field, and when it raises nothing at all is stored.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pos_discrepancy import DiscrepancyError, Money
from pos_discrepancy.domain import Direction, Status

SKUS = ["9788883701122", "012345678905", "4006381333931", "5000000000001"]

any_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80),
    st.sampled_from(["", " ", "\x00", "A\ud800B", "\udfff", "tab\there", "é" * 300]),
)  # control characters, lone surrogates, long and empty text
codes = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True),
    any_text,
    st.integers(),
    st.none(),
)
amounts = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2)
prices = st.one_of(
    amounts.map(str),
    amounts,
    amounts.map(lambda d: Money.parse(d, "USD")),
    st.integers(min_value=-10, max_value=1_000_010),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    any_text,
    st.booleans(),
    st.none(),
    amounts.map(lambda d: Money.parse(d, "EUR")),
)
quantities = st.one_of(
    st.integers(min_value=-3, max_value=10_003),
    st.integers(min_value=1, max_value=50).map(str),
    st.floats(),
    any_text,
    st.booleans(),
    st.none(),
)
optional = st.one_of(st.none(), any_text, st.integers())
extras = st.fixed_dictionaries(
    {},
    optional={
        "location": optional,
        "description": optional,
        "tag_barcode": optional,
        "promo_ends": st.one_of(
            st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
            st.dates().map(date.isoformat),
            optional,
        ),
        "multi_buy": st.one_of(
            st.tuples(st.integers(min_value=-1, max_value=12), prices),
            st.builds(lambda n, p: f"{n} for {p}", st.integers(0, 9), amounts),
            optional,
        ),
        "displayed_prices": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "source": st.sampled_from(["sign", "flyer", "tv", "shelf_tag"]),
                        "price": prices,
                    }
                ),
                max_size=3,
            ),
            optional,
        ),
        "colour": st.just("red"),
    },
)


plain_text = st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=60)
valid_code = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True)
valid_price = st.one_of(
    amounts.map(str), amounts, amounts.map(lambda d: Money.parse(d, "USD")), st.integers(0, 999)
)
valid_extras = st.fixed_dictionaries(
    {},
    optional={
        "location": st.one_of(st.none(), plain_text),
        "description": st.one_of(st.none(), plain_text),
        "tag_barcode": st.one_of(st.none(), st.from_regex(r"[0-9]{8,13}", fullmatch=True)),
        "promo_ends": st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
        "multi_buy": st.tuples(
            st.integers(min_value=2, max_value=12),
            st.decimals(min_value=Decimal("0.01"), max_value=999, places=2).map(str),
        ),
        "displayed_prices": st.lists(
            st.fixed_dictionaries(
                {"source": st.sampled_from(["sign", "flyer", "advert"]), "price": valid_price}
            ),
            max_size=3,
        ),
    },
)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    register=valid_code,
    cashier=valid_code,
    sku=st.one_of(st.sampled_from(SKUS), st.from_regex(r"[!-~]{1,40}", fullmatch=True)),
    shelf_price=valid_price,
    scanned_price=valid_price,
    quantity=st.one_of(st.integers(1, 9999), st.integers(1, 9999).map(str)),
    extra=valid_extras,
)
def test_valid_checks_always_answer(
    shop,  # type: ignore[no-untyped-def]
    snapshot,
    register: str,
    cashier: str,
    sku: str,
    shelf_price: Any,
    scanned_price: Any,
    quantity: Any,
    extra: dict[str, Any],
) -> None:
    before = snapshot(shop)["incidents"]
    result = shop.check(
        store="S001",
        register=register,
        cashier=cashier,
        sku=sku,
        shelf_price=shelf_price,
        scanned_price=scanned_price,
        quantity=quantity,
        **extra,
    )
    event(f"answered: {result.direction}")
    after = snapshot(shop)["incidents"]
    assert len(after) == len(before) + (1 if result.discrepancy else 0)
    if result.discrepancy:
        incident = shop.get_incident(result.incident_id)
        assert incident.register == register.strip().upper()
        assert incident.cashier == cashier.strip().upper()  # codes are upper-case identities
        assert str(incident.scanned_price) == str(Money.parse(scanned_price, "USD"))
        assert result.line_difference == abs(incident.scanned_total - incident.claimed_total)


@settings(FUZZ, max_examples=120)
@given(
    store=st.one_of(st.just("S001"), st.just("S001"), codes),
    register=st.one_of(st.just("R1"), codes),
    cashier=st.one_of(st.just("C07"), codes),
    sku=st.one_of(st.sampled_from(SKUS), st.sampled_from(SKUS), codes),
    shelf_price=prices,
    scanned_price=st.one_of(st.none(), prices, prices),
    quantity=st.one_of(st.just(1), quantities),
    extra=extras,
)
def test_check_answers_or_refuses_cleanly(
    shop,  # type: ignore[no-untyped-def]
    snapshot,
    store: Any,
    register: Any,
    cashier: Any,
    sku: Any,
    shelf_price: Any,
    scanned_price: Any,
    quantity: Any,
    extra: dict[str, Any],
) -> None:
    before = snapshot(shop)
    try:
        result = shop.check(
            store=store,
            register=register,
            cashier=cashier,
            sku=sku,
            shelf_price=shelf_price,
            scanned_price=scanned_price,
            quantity=quantity,
            **extra,
        )
    except DiscrepancyError as error:
        event(f"refused: {type(error).__name__}")
        assert error.field and error.field in error.message, error
        assert snapshot(shop) == before
        return
    after = snapshot(shop)
    event(f"answered: {result.direction}")
    if not result.discrepancy:
        assert result.incident_id is None and result.options == ()
        assert after == before
        return
    assert len(after["incidents"]) == len(before["incidents"]) + 1
    incident = shop.get_incident(result.incident_id)
    assert incident.direction is result.direction
    expected = Status.HONORED if result.direction is Direction.UNDERCHARGE else Status.DETECTED
    assert incident.status is expected
    assert result.line_difference == abs(incident.scanned_total - incident.claimed_total)
