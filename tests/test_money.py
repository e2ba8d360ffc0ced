"""Money: parsing at the edge, exact arithmetic, explicit rounding, formatting for people."""

from __future__ import annotations

import math
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pos_discrepancy.errors import DiscrepancyError, InvalidInput
from pos_discrepancy.money import (
    CURRENCY_DIGITS,
    MAX_AMOUNT,
    ROUNDING_MODES,
    Money,
    check_currency,
    parse_decimal,
)


def usd(text: str) -> Money:
    return Money.parse(text, "USD", allow_negative=True)


# --- parsing: what is accepted -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("12.99", "USD", "12.99"),
        ("12.9", "USD", "12.90"),
        ("12", "USD", "12.00"),
        (" 12.99 ", "USD", "12.99"),
        ("+3.50", "USD", "3.50"),
        (".5", "USD", "0.50"),
        ("5.", "USD", "5.00"),
        ("0", "USD", "0.00"),
        ("999999.99", "USD", "999999.99"),
        (12, "USD", "12.00"),
        (0, "USD", "0.00"),
        (Decimal("19.95"), "USD", "19.95"),
        (Decimal("1E+2"), "USD", "100.00"),
        ("1000", "JPY", "1000"),
        (Decimal("1000"), "JPY", "1000"),
        ("1.250", "KWD", "1.250"),
        ("1.25", "KWD", "1.250"),
        ("7", "KWD", "7.000"),
        ("12.99", "usd", "12.99"),
    ],
)
def test_parse_accepts_exact_amounts(value: object, currency: str, expected: str) -> None:
    money = Money.parse(value, currency)
    assert str(money) == expected
    assert money.currency == currency.upper()


def test_parse_accepts_money_in_the_same_currency() -> None:
    price = Money.parse("4.99", "EUR")
    assert Money.parse(price, "EUR") == price
    assert Money.parse(price, "eur") is not None


def test_parse_negative_only_when_allowed() -> None:
    assert str(Money.parse("-0.50", "USD", allow_negative=True)) == "-0.50"
    with pytest.raises(InvalidInput) as caught:
        Money.parse("-0.50", "USD", field="goodwill")
    assert caught.value.field == "goodwill" and "negative" in caught.value.message


def test_minus_zero_is_plain_zero() -> None:
    zero = Money.parse("-0.00", "USD", allow_negative=True)
    assert str(zero) == "0.00" and zero == Money.zero("USD")
    assert str(usd("1.00") - usd("1.00")) == "0.00"
    assert str(-Money.zero("USD")) == "0.00"


# --- parsing: what is refused, each naming the field ----------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "words"),
    [
        (1.5, "USD", "float"),
        (0.0, "USD", "float"),
        (True, "USD", "bool"),
        (False, "USD", "bool"),
        (None, "USD", "it is missing"),
        ("", "USD", "empty"),
        ("   ", "USD", "empty"),
        ("\t\n", "USD", "empty"),
        ("NaN", "USD", "not an amount"),
        ("nan", "USD", "not an amount"),
        ("sNaN", "USD", "not an amount"),
        ("Infinity", "USD", "not an amount"),
        ("-Infinity", "USD", "not an amount"),
        ("inf", "USD", "not an amount"),
        (Decimal("NaN"), "USD", "finite"),
        (Decimal("sNaN"), "USD", "finite"),
        (Decimal("Infinity"), "USD", "finite"),
        (Decimal("-Infinity"), "USD", "finite"),
        ("1e3", "USD", "not an amount"),
        ("1E-2", "USD", "not an amount"),
        ("1.5e1", "USD", "not an amount"),
        ("12,99", "USD", "not an amount"),
        ("1,299.00", "USD", "not an amount"),
        ("$12.99", "USD", "not an amount"),
        ("12.99 USD", "USD", "not an amount"),
        ("1_000", "USD", "not an amount"),
        ("١٢", "USD", "not an amount"),  # Arabic-Indic digits
        ("１２", "USD", "not an amount"),  # full-width digits
        (".", "USD", "not an amount"),
        ("-", "USD", "not an amount"),
        ("+-1", "USD", "not an amount"),
        ("1.2.3", "USD", "not an amount"),
        ("0x10", "USD", "not an amount"),
        ("1" * 40, "USD", "not an amount"),
        ("12.999", "USD", "more than 2 decimal places for USD"),
        ("12.990", "USD", "more than 2 decimal places for USD"),
        (Decimal("0.001"), "USD", "more than 2 decimal places"),
        ("100.5", "JPY", "more than 0 decimal places for JPY"),
        ("100.0", "JPY", "more than 0 decimal places for JPY"),
        ("1.2345", "KWD", "more than 3 decimal places for KWD"),
        ("-1", "USD", "negative"),
        (-1, "USD", "negative"),
        ("-0.01", "USD", "negative"),
        ("1000000", "USD", "below 1000000"),
        ("1000000.00", "USD", "below 1000000"),
        (10**7, "USD", "below 1000000"),
        (Decimal("1E+30"), "USD", "below 1000000"),
        ([1], "USD", "list"),
        (b"1.00", "USD", "bytes"),
        (object(), "USD", "object"),
    ],
)
def test_parse_refuses_bad_values_naming_the_field(
    value: object, currency: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        Money.parse(value, currency, field="shelf_price")
    assert caught.value.field == "shelf_price"
    assert caught.value.message.startswith("shelf_price: ")
    assert words in caught.value.message
    assert isinstance(caught.value, DiscrepancyError)


def test_parse_refuses_money_in_another_currency() -> None:
    with pytest.raises(InvalidInput) as caught:
        Money.parse(Money.parse("1.00", "EUR"), "USD", field="scanned_price")
    assert caught.value.field == "scanned_price"
    assert "EUR" in caught.value.message and "USD" in caught.value.message


@pytest.mark.parametrize("currency", ["XYZ", "US", "", "dollars", None, 840, " USD"])
def test_unknown_currency_is_refused_naming_currency(currency: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        Money.parse("1.00", currency)  # type: ignore[arg-type]
    assert caught.value.field == "currency" and "currency" in caught.value.message
    with pytest.raises(InvalidInput):
        check_currency(currency)


def test_check_currency_names_the_given_field() -> None:
    assert check_currency("cad") == "CAD"
    with pytest.raises(InvalidInput) as caught:
        check_currency("ABC", field="store_currency")
    assert caught.value.field == "store_currency"


def test_error_message_for_long_text_is_short() -> None:
    with pytest.raises(InvalidInput) as caught:
        Money.parse("x" * 10_000, "USD")
    assert len(caught.value.message) < 200


# --- parse_decimal (the building block, also used by policy amounts) -------------------------


def test_parse_decimal_limits() -> None:
    assert parse_decimal("2.5", field="p", max_places=4) == Decimal("2.5")
    assert parse_decimal(-3, field="p", max_places=0, allow_negative=True) == -3
    with pytest.raises(InvalidInput, match=r"p: '2\.12345' has more than 4 decimal places$"):
        parse_decimal("2.12345", field="p", max_places=4)
    with pytest.raises(InvalidInput, match="below 100"):
        parse_decimal("100", field="p", max_places=0, maximum=Decimal(100))
    with pytest.raises(InvalidInput, match=r"for KWD$"):
        parse_decimal("1.0001", field="p", max_places=3, unit=" for KWD")


# --- construction from storage, and the invariant ------------------------------------------


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (1299, "USD", "12.99"),
        (5, "USD", "0.05"),
        (0, "USD", "0.00"),
        (-50, "USD", "-0.50"),
        (1000, "JPY", "1000"),
        (1250, "KWD", "1.250"),
        (10**30, "USD", "1" + "0" * 28 + ".00"),  # exact even beyond 28 digits
    ],
)
def test_from_minor_and_minor(minor: int, currency: str, text: str) -> None:
    money = Money.from_minor(minor, currency)
    assert str(money) == text and money.minor == minor


@pytest.mark.parametrize("minor", [1.0, "100", True, Decimal(1)])
def test_from_minor_wants_an_int(minor: object) -> None:
    with pytest.raises(TypeError):
        Money.from_minor(minor, "USD")  # type: ignore[arg-type]


def test_from_minor_normalises_the_currency() -> None:
    assert Money.from_minor(100, "usd").currency == "USD"


def test_constructor_keeps_the_invariant() -> None:
    assert str(Money(Decimal("5"), "USD")) == "5.00"
    assert str(Money(Decimal("1.500"), "USD")) == "1.50"
    with pytest.raises(ValueError, match="decimal places"):
        Money(Decimal("1.005"), "USD")
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(Decimal("NaN"), "USD")
    with pytest.raises(ValueError, match="currency"):
        Money(Decimal("1.00"), "usd")


def test_money_is_immutable_and_hashable() -> None:
    price = usd("1.00")
    with pytest.raises(AttributeError):
        price.amount = Decimal(2)  # type: ignore[misc]
    assert len({price, usd("1.00"), Money.from_minor(100, "USD")}) == 1
    assert price != Money.parse("1.00", "EUR")
    assert price != Decimal("1.00")


def test_zero() -> None:
    assert str(Money.zero("USD")) == "0.00"
    assert str(Money.zero("JPY")) == "0"
    assert str(Money.zero("KWD")) == "0.000"
    assert not Money.zero("USD") and usd("0.01")


# --- arithmetic -------------------------------------------------------------------------------


def test_arithmetic_within_one_currency() -> None:
    assert usd("19.95") - usd("9.98") == usd("9.97")
    assert usd("0.10") + usd("0.20") == usd("0.30")
    assert usd("9.98") - usd("19.95") == usd("-9.97")
    assert abs(usd("-9.97")) == usd("9.97")
    assert usd("3.33") * 3 == usd("9.99") == 3 * usd("3.33")
    assert Money.parse("1.005", "KWD") * 3 == Money.parse("3.015", "KWD")
    assert Money.parse("120", "JPY") + Money.parse("80", "JPY") == Money.parse("200", "JPY")
    assert usd("1.00") < usd("1.01") <= usd("1.01") and usd("2.00") > usd("1.99") >= usd("1.99")
    assert min(usd("4.00"), usd("3.99")) == usd("3.99")


def test_mixing_currencies_is_refused() -> None:
    euro = Money.parse("1.00", "EUR")
    for operation in (
        lambda: usd("1.00") + euro,
        lambda: usd("1.00") - euro,
        lambda: usd("1.00") < euro,
        lambda: usd("1.00") <= euro,
        lambda: usd("1.00") > euro,
        lambda: usd("1.00") >= euro,
        lambda: usd("1.00").percent_of(euro),
    ):
        with pytest.raises(InvalidInput) as caught:
            operation()
        assert caught.value.field == "currency"
        assert "USD" in caught.value.message and "EUR" in caught.value.message


@pytest.mark.parametrize("other", [1, Decimal("1.00"), "1.00", 1.0])
def test_combining_with_a_plain_number_is_a_type_error(other: object) -> None:
    with pytest.raises(TypeError):
        usd("1.00") + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        assert usd("1.00") < other  # type: ignore[operator]


@pytest.mark.parametrize("factor", [1.5, Decimal("1.5"), True, "2"])
def test_multiplying_needs_a_whole_number(factor: object) -> None:
    with pytest.raises(TypeError):
        usd("1.00") * factor  # type: ignore[operator]


def test_multiplying_by_a_huge_quantity_stays_exact() -> None:
    # The default decimal context keeps 28 digits; Money must not round silently.
    assert (usd("0.01") * 10**40).minor == 10**40


def test_percent_of() -> None:
    assert usd("0.50").percent_of(usd("10.00")) == Decimal(5)
    assert usd("1.00").percent_of(usd("3.00")).quantize(Decimal("0.01")) == Decimal("33.33")
    with pytest.raises(InvalidInput) as caught:
        usd("1.00").percent_of(usd("0.00"))
    assert caught.value.field == "base"


# --- rounding: scale and split ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "factor", "rounding", "expected"),
    [
        ("0.99", "0.5", ROUND_HALF_UP, "0.50"),  # 0.495: half up
        ("0.99", "0.5", ROUND_HALF_EVEN, "0.50"),  # 0.495: 49 is odd, so up to 0.50
        ("0.97", "0.5", ROUND_HALF_EVEN, "0.48"),  # 0.485 -> 0.48 (8 is even)
        ("0.97", "0.5", ROUND_HALF_UP, "0.49"),
        ("0.97", "0.5", ROUND_HALF_DOWN, "0.48"),
        ("0.99", "0.5", ROUND_DOWN, "0.49"),
        ("0.99", "0.5", ROUND_FLOOR, "0.49"),
        ("0.99", "0.5", ROUND_UP, "0.50"),
        ("0.99", "0.5", ROUND_CEILING, "0.50"),
        ("-0.99", "0.5", ROUND_HALF_UP, "-0.50"),  # half away from zero
        ("-0.99", "0.5", ROUND_FLOOR, "-0.50"),
        ("-0.99", "0.5", ROUND_CEILING, "-0.49"),
        ("10.00", "0.15", ROUND_HALF_UP, "1.50"),
        ("19.99", "0.10", ROUND_HALF_UP, "2.00"),  # 1.999
        ("1.00", "0.001", ROUND_HALF_UP, "0.00"),
        ("1.00", "0.005", ROUND_HALF_UP, "0.01"),
        ("1.00", "0.005", ROUND_05UP, "0.01"),
        ("0.10", "0.05", ROUND_05UP, "0.01"),  # 0.005: last digit 0 -> away from zero
        ("12.34", 3, ROUND_HALF_UP, "37.02"),
    ],
)
def test_scale(amount: str, factor: object, rounding: str, expected: str) -> None:
    factor = Decimal(factor) if isinstance(factor, str) else factor
    assert str(usd(amount).scale(factor, rounding)) == expected  # type: ignore[arg-type]


def test_scale_default_is_half_up() -> None:
    assert usd("0.01").scale(Decimal("0.5")) == usd("0.01")
    assert Money.parse("5", "JPY").scale(Decimal("0.5")) == Money.parse("3", "JPY")
    assert Money.parse("0.001", "KWD").scale(Decimal("0.5")) == Money.parse("0.001", "KWD")


@pytest.mark.parametrize("factor", [0.5, True, "0.5", Decimal("NaN"), Decimal("Infinity")])
def test_scale_refuses_floats_and_non_finite(factor: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        usd("1.00").scale(factor)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "parts", "rounding", "expected"),
    [
        ("10.00", 3, ROUND_HALF_UP, "3.33"),
        ("10.01", 3, ROUND_HALF_UP, "3.34"),  # 3.3366…
        ("10.01", 3, ROUND_DOWN, "3.33"),
        ("10.00", 3, ROUND_UP, "3.34"),
        ("0.05", 2, ROUND_HALF_UP, "0.03"),  # 0.025
        ("0.05", 2, ROUND_HALF_EVEN, "0.02"),
        ("0.05", 2, ROUND_HALF_DOWN, "0.02"),
        ("0.07", 2, ROUND_HALF_EVEN, "0.04"),  # 0.035
        ("-0.05", 2, ROUND_HALF_UP, "-0.03"),
        ("-0.05", 2, ROUND_CEILING, "-0.02"),
        ("-0.05", 2, ROUND_FLOOR, "-0.03"),
        ("9.99", 1, ROUND_HALF_UP, "9.99"),
        ("0.00", 7, ROUND_UP, "0.00"),
        ("0.01", 9999, ROUND_UP, "0.01"),
        ("0.01", 9999, ROUND_HALF_UP, "0.00"),
        ("999999.99", 7, ROUND_HALF_UP, "142857.14"),
    ],
)
def test_split(amount: str, parts: int, rounding: str, expected: str) -> None:
    assert str(usd(amount).split(parts, rounding)) == expected


def test_split_in_currencies_without_and_with_three_digits() -> None:
    assert str(Money.parse("1000", "JPY").split(3)) == "333"
    assert str(Money.parse("1001", "JPY").split(2)) == "501"  # 500.5, half up
    assert str(Money.parse("10.000", "KWD").split(3)) == "3.333"
    assert str(Money.parse("0.005", "KWD").split(2)) == "0.003"


@pytest.mark.parametrize("parts", [0, -1, True, 1.5, "3"])
def test_split_refuses_bad_parts(parts: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        usd("10.00").split(parts)  # type: ignore[arg-type]
    assert caught.value.field == "parts"


@pytest.mark.parametrize("rounding", ["ROUND_SOMETIMES", "", None, 1])
def test_unknown_rounding_mode_is_refused(rounding: object) -> None:
    with pytest.raises(ValueError, match="rounding"):
        usd("10.00").split(3, rounding)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rounding"):
        usd("10.00").scale(Decimal("0.5"), rounding)  # type: ignore[arg-type]


# --- formatting for people --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money.parse("12.99", "USD"), "$12.99"),
        (Money.parse("999999.99", "USD"), "$999,999.99"),
        (Money.parse("-0.50", "USD", allow_negative=True), "-$0.50"),
        (Money.parse("0", "USD"), "$0.00"),
        (Money.parse("12.99", "EUR"), "€12.99"),
        (Money.parse("3", "GBP"), "£3.00"),
        (Money.parse("12.99", "CAD"), "CA$12.99"),
        (Money.parse("1000", "JPY"), "¥1,000"),
        (Money.parse("1.250", "KWD"), "KWD1.250"),
        (Money.parse("12345.5", "CHF"), "CHF12,345.50"),
    ],
)
def test_format_for_people(money: Money, text: str) -> None:
    """The default locale is en_US: other dollars say which (CLDR's patterns)."""
    assert money.format() == text


@pytest.mark.parametrize(
    ("money", "locale", "text"),
    [
        (Money.parse("9.98", "CAD"), "fr_CA", "9,98\xa0$"),
        (Money.parse("1234.5", "CAD"), "fr_CA", "1\xa0234,50\xa0$"),
        (Money.parse("9.98", "CAD"), "en_CA", "$9.98"),
        (Money.parse("9.98", "USD"), "en_CA", "US$9.98"),
        (Money.parse("9.98", "USD"), "es_US", "$9.98"),
        (Money.parse("-0.50", "USD", allow_negative=True), "es_US", "-$0.50"),
    ],
)
def test_format_in_a_locale(money: Money, locale: str, text: str) -> None:
    assert money.format(locale) == text


def test_str_is_the_api_text() -> None:
    assert str(Money.parse("12.5", "USD")) == "12.50"
    assert str(Money.parse("1000", "JPY")) == "1000"


# --- properties (hypothesis) -----------------------------------------------------------------

currencies = st.sampled_from(sorted(CURRENCY_DIGITS))


@st.composite
def money(draw: st.DrawFn, currency: str | None = None, signed: bool = False) -> Money:
    code = currency or draw(currencies)
    bound = MAX_AMOUNT.scaleb(CURRENCY_DIGITS[code]) - 1
    low = -int(bound) if signed else 0
    return Money.from_minor(draw(st.integers(low, int(bound))), code)


@given(money())
def test_round_trip_through_text(value: Money) -> None:
    assert Money.parse(str(value), value.currency) == value
    assert str(Money.parse(str(value), value.currency)) == str(value)


@given(money(signed=True))
def test_round_trip_through_text_signed(value: Money) -> None:
    assert Money.parse(str(value), value.currency, allow_negative=True) == value


@given(currencies, st.integers(-(10**40), 10**40))
def test_round_trip_through_minor_units(currency: str, minor: int) -> None:
    assert Money.from_minor(minor, currency).minor == minor


@given(money())
def test_minor_round_trip_from_money(value: Money) -> None:
    assert Money.from_minor(value.minor, value.currency) == value


@given(st.data(), currencies)
def test_addition_is_exact_and_associative(data: st.DataObject, currency: str) -> None:
    a, b, c = (data.draw(money(currency, signed=True)) for _ in range(3))
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert (a + b).minor == a.minor + b.minor
    assert (a - b).minor == a.minor - b.minor
    assert (a + b) - b == a
    assert a - a == Money.zero(currency)


@given(money(signed=True), st.integers(0, 10**6))
def test_multiplication_is_exact(value: Money, quantity: int) -> None:
    assert (value * quantity).minor == value.minor * quantity


def round_by_hand(exact: Fraction, rounding: str) -> int:
    """Round a fraction to a whole number the way ``decimal`` defines each mode."""
    floor, ceil = math.floor(exact), math.ceil(exact)
    if floor == ceil:
        return floor
    toward, away = (floor, ceil) if exact > 0 else (ceil, floor)
    rest = abs(exact - toward)
    half = Fraction(1, 2)
    choice = {
        ROUND_DOWN: toward,
        ROUND_UP: away,
        ROUND_FLOOR: floor,
        ROUND_CEILING: ceil,
        ROUND_HALF_UP: away if rest >= half else toward,
        ROUND_HALF_DOWN: away if rest > half else toward,
        ROUND_HALF_EVEN: (away if rest > half else toward)
        if rest != half
        else (floor if floor % 2 == 0 else ceil),
        ROUND_05UP: away if abs(toward) % 10 in (0, 5) else toward,
    }
    return choice[rounding]


@given(
    money(currency="USD", signed=True),
    st.integers(1, 10**12),
    st.sampled_from(sorted(ROUNDING_MODES)),
)
def test_split_rounds_the_exact_quotient_once(value: Money, parts: int, rounding: str) -> None:
    share = value.split(parts, rounding)
    assert share.minor == round_by_hand(Fraction(value.minor, parts), rounding)


@given(
    money(currency="USD", signed=True),
    st.decimals(min_value=-1000, max_value=1000, places=6),
    st.sampled_from(sorted(ROUNDING_MODES)),
)
def test_scale_rounds_the_exact_product_once(value: Money, factor: Decimal, rounding: str) -> None:
    scaled = value.scale(factor, rounding)
    assert scaled.minor == round_by_hand(Fraction(value.minor) * Fraction(factor), rounding)


@given(money(currency="USD"), st.integers(1, 10_000))
def test_split_half_up_is_nearest_with_halves_away_from_zero(value: Money, parts: int) -> None:
    share = value.split(parts)
    exact = Fraction(value.minor, parts)
    assert abs(Fraction(share.minor) - exact) <= Fraction(1, 2)
    if abs(Fraction(share.minor) - exact) == Fraction(1, 2):
        assert share.minor > exact  # non-negative: half goes up


@given(money(currency="USD", signed=True), st.decimals(min_value=-1000, max_value=1000, places=4))
def test_scale_is_within_half_a_cent(value: Money, factor: Decimal) -> None:
    scaled = value.scale(factor)
    exact = value.amount * factor
    assert abs(scaled.amount - exact) <= Decimal("0.005")


@given(st.text(max_size=50))
def test_any_text_is_a_price_or_invalid_input(text: str) -> None:
    for currency in ("USD", "JPY", "KWD"):
        try:
            parsed = Money.parse(text, currency)
        except InvalidInput as error:
            assert error.field == "price"
        else:
            assert parsed.amount >= 0 and parsed.amount < MAX_AMOUNT
            assert Money.parse(str(parsed), currency) == parsed


@given(st.from_regex(r"\A[ +\-]?[0-9]{0,8}(\.[0-9]{0,4})?([eE][+\-]?[0-9]{1,3})?\s*\Z"))
def test_number_like_text_is_a_price_or_invalid_input(text: str) -> None:
    try:
        parsed = Money.parse(text, "USD")
    except InvalidInput as error:
        assert error.field == "price" and error.message.startswith("price: ")
    else:
        body = text.strip().lstrip("+")
        assert "e" not in body.lower()
        assert parsed.amount == Decimal(body)


@given(st.from_regex(r"\A[0-9]{1,6}\.[0-9]{2}\Z"))
def test_every_plain_cent_amount_parses_exactly(text: str) -> None:
    assert str(Money.parse(text, "USD")) == f"{Decimal(text):.2f}"
    assert Money.parse(text, "USD").minor == int(text.replace(".", ""))


@given(
    st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.binary(max_size=8),
        st.lists(st.integers(), max_size=2),
    )
)
def test_any_value_is_a_price_or_invalid_input(value: object) -> None:
    try:
        parsed = Money.parse(value, "USD")
    except InvalidInput as error:
        assert error.field == "price"
    else:
        assert isinstance(value, int | Decimal) and not isinstance(value, bool)
        assert parsed.amount == value


@given(st.text(max_size=8))
def test_any_currency_text_is_known_or_invalid_input(code: str) -> None:
    assume(code.upper() not in CURRENCY_DIGITS)
    with pytest.raises(InvalidInput):
        Money.parse("1", code)


def test_maximum_none_lifts_the_per_item_limit_only() -> None:
    assert str(Money.parse("12345678.90", "USD", maximum=None)) == "12345678.90"
    assert str(Money.parse("5.00", "USD", maximum=Decimal("10"))) == "5.00"
    with pytest.raises(InvalidInput, match="below 10"):
        Money.parse("10.00", "USD", maximum=Decimal("10"))
    with pytest.raises(InvalidInput, match="decimal places"):
        Money.parse("1.001", "USD", maximum=None)


def test_negation_and_abs_are_exact_beyond_28_digits() -> None:
    huge = Money.from_minor(10**40 + 1, "USD")
    assert (-huge).minor == -(10**40 + 1) and abs(-huge) == huge
    assert (huge - Money.from_minor(1, "USD")).minor == 10**40


@given(money(signed=True))
def test_negation_round_trips(value: Money) -> None:
    negated = -value
    assert -negated == value and (value + negated) == Money.zero(value.currency)
    assert str(abs(value)) == str(value).lstrip("-")
