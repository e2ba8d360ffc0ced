"""Events are only ever appended: the database refuses UPDATE and DELETE, and the code
offers no way to issue them."""

from __future__ import annotations

import inspect
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import pos_discrepancy
from pos_discrepancy.desk import Desk
from pos_discrepancy.store import journal, repository


def _journal(desk: Desk) -> list[tuple[object, ...]]:
    with desk.context.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT * FROM events ORDER BY seq"))]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET body = '{}' WHERE seq = 1",
        "UPDATE events SET seq = seq + 100",
        "DELETE FROM events WHERE seq = 1",
        "DELETE FROM events",
    ],
)
def test_the_database_refuses_to_change_events(journal_desk: Desk, statement: str) -> None:
    before = _journal(journal_desk)
    with pytest.raises(DBAPIError, match="append-only"), journal_desk.context.engine.begin() as c:
        c.execute(text(statement))
    assert _journal(journal_desk) == before
    assert journal_desk.verify_journal().ok


def test_journal_and_repository_offer_no_update_or_delete_of_events() -> None:
    for module in (journal, repository):
        names = [n for n, _ in inspect.getmembers(module, inspect.isfunction)]
        assert not [n for n in names if re.search("update|delete|remove|edit", n) and "event" in n]
    assert not [n for n in dir(journal) if re.search("update|delete|remove", n, re.I)]
    # Nowhere in the package is an UPDATE or DELETE built on the events table.
    package = Path(pos_discrepancy.__file__).parent
    pattern = re.compile(r"update\(\s*EVENTS|EVENTS\.(update|delete)|delete\(\s*EVENTS", re.I)
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_appended_events_chain_per_store(journal_desk: Desk) -> None:
    with journal_desk.context.engine.connect() as connection:
        rows = list(
            connection.execute(text("SELECT seq, prev_hash, hash FROM events ORDER BY seq"))
        )
    assert [r.seq for r in rows] == list(range(1, 10))
    assert rows[0].prev_hash == journal.GENESIS_HASH
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash


def test_raw_json_gives_the_same_body_as_encoding_the_value() -> None:
    from datetime import UTC, datetime

    claim = {"shelf_price": "9.98", "note": 'quote " and \x00 and é', "list": [3, 1]}
    options = [{"action": "honor", "charge": "9.98"}]
    plain = {"status": "detected", "claim": claim, "options": options}
    raw = {
        "status": "detected",
        "claim": journal.RawJSON(journal.canonical_json(claim)),
        "options": journal.RawJSON(journal.canonical_json(options)),
    }
    at = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    common = {"store_id": "S001", "seq": 1, "prev_hash": journal.GENESIS_HASH}
    first = journal.event_row(**common, incident_id="i", kind="detected", at=at, data=plain)
    second = journal.event_row(**common, incident_id="i", kind="detected", at=at, data=raw)
    assert second["body"].replace(second["id"], first["id"]) == first["body"]
    assert journal.JournalEntry(**{k: second[k] for k in journal.JournalEntry.__slots__}).data == (
        plain
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), json_values, max_size=6) | st.lists(json_values, max_size=4))
def test_canonical_json_is_json_dumps_with_sorted_keys(value: object) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert journal.canonical_json(value) == expected
