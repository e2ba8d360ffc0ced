"""Plain values callers send: codes, quantities, free text, dates and choices."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain import Cause, CustomerOutcome
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.inputs import (
    MAX_QUANTITY,
    check_choice,
    check_code,
    check_date,
    check_quantity,
    check_text,
    check_whole_number,
)

# --- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("S001", "S001"), (" R1 ", "R1"), ("c-07.a_b", "C-07.A_B"), ("9", "9"), ("A" * 32, "A" * 32)],
)
def test_good_codes(value: str, expected: str) -> None:
    assert check_code(value, field="cashier") == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "it is missing"),
        ("", "it is missing"),
        ("   ", "it is missing"),
        (7, "it is missing"),
        ("A" * 33, "1–32"),
        ("-R1", "1–32"),
        ("_R1", "1–32"),
        ("R 1", "1–32"),
        ("R1/2", "1–32"),
        ("Ré1", "1–32"),
        ("R1\n", None),
        ("R1\x00", "1–32"),
    ],
)
def test_bad_codes_name_the_field(value: object, words: str | None) -> None:
    if value == "R1\n":  # a trailing newline is whitespace around a good code
        assert check_code(value, field="register") == "R1"
        return
    with pytest.raises(InvalidInput) as caught:
        check_code(value, field="register")
    assert caught.value.field == "register" and caught.value.message.startswith("register: ")
    assert words in caught.value.message  # type: ignore[operator]


@given(st.text(max_size=40))
def test_any_text_is_a_code_or_invalid_input(text: str) -> None:
    try:
        code = check_code(text, field="store")
    except InvalidInput as error:
        assert error.field == "store"
    else:
        assert 1 <= len(code) <= 32 and code.isascii() and code == code.strip()
        assert code == code.upper()


@given(st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}\Z"))
def test_every_well_formed_code_is_accepted_as_its_upper_case_identity(text: str) -> None:
    assert check_code(text, field="store") == text.upper()
    assert check_code(text.lower(), field="store") == check_code(text, field="store")


# --- quantities -------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (9999, 9999), ("3", 3), (" 12 ", 12)])
def test_good_quantities(value: object, expected: int) -> None:
    assert check_quantity(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "between 1 and 9999"),
        (-1, "between 1 and 9999"),
        (10_000, "between 1 and 9999"),
        ("0", "between 1 and 9999"),
        (1.0, "whole number"),
        (2.5, "whole number"),
        (True, "whole number"),
        (None, "whole number"),
        ("", "whole number"),
        ("three", "whole number"),
        ("+3", "whole number"),
        ("-3", "whole number"),
        ("3.0", "whole number"),
        ("٣", "whole number"),  # an Arabic-Indic digit
        ("1" * 5000, "whole number"),
    ],
)
def test_bad_quantities_name_the_field(value: object, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_quantity(value, field="quantity")
    assert caught.value.field == "quantity" and caught.value.message.startswith("quantity: ")
    assert words in caught.value.message
    assert len(caught.value.message) < 120


@given(st.one_of(st.integers(), st.text(max_size=8), st.floats(), st.none(), st.booleans()))
def test_any_value_is_a_quantity_or_invalid_input(value: object) -> None:
    try:
        quantity = check_quantity(value)
    except InvalidInput as error:
        assert error.field == "quantity"
    else:
        assert isinstance(quantity, int) and 1 <= quantity <= MAX_QUANTITY


# --- free text --------------------------------------------------------------------------------


def test_text_is_collapsed_and_blank_is_none() -> None:
    assert check_text("  Aisle 7,\n bay   3 ", field="location", max_length=64) == "Aisle 7, bay 3"
    assert check_text(None, field="note", max_length=10) is None
    assert check_text(" \t\n", field="note", max_length=10) is None
    assert check_text("Café ☕ 👍", field="note", max_length=10) == "Café ☕ 👍"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("x" * 11, "longer than 10 characters"),
        (42, "must be text"),
        (b"bytes", "must be text"),
        ("bell\x07", "control characters"),
        ("esc\x1b[31m", "control characters"),
        ("del\x7f", "control characters"),
        ("c1\x85x\x9b", "control characters"),
        ("nul\x00", "control characters"),
        ("half\ud800", "control characters"),
    ],
)
def test_bad_text_names_the_field(value: object, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_text(value, field="note", max_length=10)
    assert caught.value.field == "note" and words in caught.value.message


def test_required_text() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_text("  ", field="name", max_length=10, required=True)
    assert caught.value.field == "name" and "it is missing" in caught.value.message


@given(st.text(max_size=80))
def test_any_text_is_clean_text_or_invalid_input(value: str) -> None:
    try:
        text = check_text(value, field="note", max_length=50)
    except InvalidInput as error:
        assert error.field == "note"
    else:
        if text is not None:
            assert len(text) <= 50 and text == text.strip() and "  " not in text
            text.encode("utf-8")  # storable as UTF-8


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-30", date(2026, 11, 30)),
        (" 2026-02-28 ", date(2026, 2, 28)),
        ("2024-02-29", date(2024, 2, 29)),
        (date(2026, 1, 1), date(2026, 1, 1)),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_good_dates(value: object, expected: date | None) -> None:
    assert check_date(value, field="promo_ends") == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "2025-02-29",
        "30/11/2026",
        "11/30/2026",
        "20261130",
        "2026-W48-1",
        "2026-11-30T10:00",
        "tomorrow",
        20261130,
        datetime(2026, 11, 30, tzinfo=UTC),
    ],
)
def test_bad_dates_name_the_field(value: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_date(value, field="promo_ends")
    assert caught.value.field == "promo_ends" and "2026-11-30" in caught.value.message


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_invalid_input(value: str) -> None:
    try:
        day = check_date(value, field="since")
    except InvalidInput as error:
        assert error.field == "since"
    else:
        assert day is None or day.isoformat() == value.strip()


@given(st.dates())
def test_every_iso_date_round_trips(day: date) -> None:
    if day.year >= 1000:
        assert check_date(day.isoformat(), field="since") == day


# --- choices ----------------------------------------------------------------------------------


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


def test_good_choices() -> None:
    assert check_choice("walked_away", CustomerOutcome, field="customer_outcome") is (
        CustomerOutcome.WALKED_AWAY
    )
    assert check_choice(Cause.MISSING_TAG, Cause, field="cause") is Cause.MISSING_TAG
    assert check_choice("green", Colour, field="colour") is Colour.GREEN


@pytest.mark.parametrize("value", ["Purchased", " purchased", "bought", "", None, 1, ["purchased"]])
def test_bad_choices_list_the_choices(value: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_choice(value, CustomerOutcome, field="customer_outcome")
    assert caught.value.field == "customer_outcome"
    assert "purchased, walked_away" in caught.value.message


def test_a_member_of_another_enum_is_refused() -> None:
    with pytest.raises(InvalidInput):
        check_choice(Colour.RED, Cause, field="cause")


@pytest.mark.parametrize(("text", "number"), [("0", 0), (" 7 ", 7), ("3650", 3650)])
def test_check_whole_number_reads_typed_numbers(text: str, number: int) -> None:
    assert check_whole_number(text, field="open_days", high=3650) == number


@pytest.mark.parametrize("text", ["", "-1", "1.5", "3651", "99999", "١٢", "7 days", "0x10"])
def test_check_whole_number_names_the_field_and_the_range(text: str) -> None:
    with pytest.raises(
        InvalidInput,
        match=r"^open_days: .* is not a whole number from 0 to 3650; enter the days open",
    ):
        check_whole_number(text, field="open_days", high=3650)


def test_plural_writes_the_right_form_of_the_noun() -> None:
    from pos_discrepancy.words import plural

    assert plural(1, "undercharge") == "1 undercharge"
    assert plural(2, "undercharge") == "2 undercharges"
    assert plural(0, "discrepancy", "discrepancies") == "0 discrepancies"
    assert plural(1, "more try", "more tries") == "1 more try"
    assert plural(15, "minute") == "15 minutes"
    assert plural(1250, "item") == "1,250 items"


def test_messages_name_the_field_in_words_and_say_what_to_do() -> None:
    from pos_discrepancy.inputs import check_code, check_pin
    from pos_discrepancy.words import role_words

    with pytest.raises(InvalidInput) as caught:
        check_code("  ", field="cashier")
    assert caught.value.message == "cashier: enter the cashier; it is missing"
    with pytest.raises(InvalidInput) as pin:
        check_pin("12")
    assert pin.value.message == "pin: type the PIN as 4 to 8 digits (0–9), with nothing else"
    assert role_words(("manager", "admin")) == "managers and admins"
