"""Verify decides on raw values only where that is as strict as the typed comparison.

The helpers of :mod:`pos_discrepancy.store.verify_raw` are exact, and a time column
rewritten below the application in another text form (SQLite keeps text) is judged as
its typed value says: the same instant is no problem, another instant is named.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from pos_discrepancy.desk import Desk
from pos_discrepancy.store.projection import money_text
from pos_discrepancy.store.verify_raw import minor_text, raw_date, utc_isoformat


@pytest.mark.parametrize("digits", [0, 2, 3])
def test_minor_text_is_the_money_text(digits: int) -> None:
    currency = {0: "JPY", 2: "USD", 3: "KWD"}[digits]
    for minor in [*range(-1200, 1200, 7), 0, -1, 1, 10**18, -(10**18)]:
        assert minor_text(minor, digits) == money_text(minor, currency)


def test_utc_isoformat_takes_only_the_text_sqlalchemy_writes() -> None:
    assert utc_isoformat("2026-12-06 21:52:40.187835") == "2026-12-06T21:52:40.187835+00:00"
    assert utc_isoformat("2026-12-06 21:52:40.000000") == "2026-12-06T21:52:40+00:00"
    for other in ("2026-12-06T21:52:40.187835", "2026-12-06 21:52:40", "2026-12-06",
                  "2026-12-06 21:52:40.187835+00:00", "yesterday", 5, None):  # fmt: skip
        assert utc_isoformat(other) is None, other
    aware = datetime(2026, 12, 6, 23, 52, 40, tzinfo=timezone(timedelta(hours=2)))
    assert utc_isoformat(aware) == "2026-12-06T21:52:40+00:00"
    assert utc_isoformat(datetime(2026, 12, 6)) is None  # naive: not certain


def test_raw_date() -> None:
    assert raw_date("2030-01-01") == date(2030, 1, 1) == raw_date(date(2030, 1, 1))
    for other in ("20300101", "2030-1-1", "garbage", datetime(2030, 1, 1, tzinfo=UTC), 7):
        assert raw_date(other) is None, other


def _rewrite(attacker: Any, table: str, column: str, text: str, key: str, value: str) -> None:
    attacker.run(
        f"UPDATE {table} SET {column} = :text WHERE {key} = :value", text=text, value=value
    )


def _sqlite_only(attacker: Any) -> None:
    if attacker.postgresql:
        pytest.skip("PostgreSQL keeps timestamps typed, not as text")


def test_a_time_in_another_text_form_is_judged_typed(journal_desk: Desk, attacker: Any) -> None:
    _sqlite_only(attacker)
    detected = attacker.at(1)
    same = detected.at.replace(" ", "T") if isinstance(detected.at, str) else None
    assert same is not None and "T" in same
    _rewrite(attacker, "incidents", "detected_at", same, "id", detected.incident_id)
    _rewrite(attacker, "events", "at", same, "id", detected.id)  # the event's column too
    assert journal_desk.verify_journal().ok


def test_another_instant_in_another_text_form_is_named(journal_desk: Desk, attacker: Any) -> None:
    _sqlite_only(attacker)
    detected = attacker.at(1)
    _rewrite(attacker, "incidents", "detected_at", f"{detected.at}+02:00", "id",
             detected.incident_id)  # fmt: skip
    problems = journal_desk.verify_journal().problems
    assert [(p.problem, p.columns) for p in problems] == [("incident_mismatch", ("detected_at",))]


def test_an_event_time_in_another_offset_is_an_edit(journal_desk: Desk, attacker: Any) -> None:
    _sqlite_only(attacker)
    detected = attacker.at(1)
    _rewrite(attacker, "events", "at", f"{detected.at}+02:00", "id", detected.id)
    problems = journal_desk.verify_journal().problems
    assert problems[0].problem == "edited" and "column at" in problems[0].message
