"""Identifiers: UUIDv7, made where the event happens, time-ordered and unique."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_discrepancy import ids
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.ids import check_uuid, uuid7


def test_uuid7_is_version_7_with_the_rfc_variant() -> None:
    value = uuid.UUID(uuid7())
    assert value.version == 7 and value.variant == uuid.RFC_4122


def test_uuid7_text_is_canonical() -> None:
    text = uuid7()
    assert text == str(uuid.UUID(text)) and len(text) == 36 and text == text.lower()


def test_uuid7_carries_the_time_in_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    value = uuid.UUID(uuid7())
    after = time.time_ns() // 1_000_000
    assert before <= value.int >> 80 <= after + 1


@given(st.integers(2, 500))
@settings(max_examples=30)
def test_uuid7_is_unique_and_sorted_in_the_order_made(count: int) -> None:
    made = [uuid7() for _ in range(count)]
    assert len(set(made)) == count
    assert made == sorted(made)  # text order is time order
    assert all(uuid.UUID(m).version == 7 for m in made)


def test_many_ids_within_one_millisecond_stay_ordered(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = time.time_ns()
    monkeypatch.setattr(ids.time, "time_ns", lambda: frozen)
    made = [uuid7() for _ in range(10_000)]  # more than the 4096 a millisecond's counter holds
    assert made == sorted(made) and len(set(made)) == len(made)


def test_a_clock_stepping_back_does_not_break_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    first = uuid7()
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_000_000_000_000)  # 1970 + 1000 s
    later = uuid7()
    assert later > first


def test_uuid7_from_many_threads_is_unique() -> None:
    made: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = [uuid7() for _ in range(2000)]
        with lock:
            made.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(made)) == len(made) == 8000


# --- check_uuid ---------------------------------------------------------------------------------


def test_check_uuid_canonicalises() -> None:
    value = uuid7()
    assert check_uuid(value, field="incident_id") == value
    assert check_uuid(value.upper(), field="incident_id") == value
    assert check_uuid(f" {value} ", field="incident_id") == value
    assert check_uuid(value.replace("-", ""), field="incident_id") == value
    assert check_uuid(uuid.UUID(value), field="incident_id") == value


@pytest.mark.parametrize("value", ["", "R1-0001", "1234", None, 42, "z" * 36, "x" * 10_000])
def test_check_uuid_refuses_what_is_not_an_id(value: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_uuid(value, field="incident_id")
    assert caught.value.field == "incident_id" and "incident_id" in caught.value.message
    assert len(caught.value.message) < 120


@given(st.text(max_size=50))
def test_any_text_is_an_id_or_invalid_input(text: str) -> None:
    try:
        value = check_uuid(text, field="incident_id")
    except InvalidInput as error:
        assert error.field == "incident_id"
    else:
        assert str(uuid.UUID(value)) == value
