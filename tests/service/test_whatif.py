"""``Desk.whatif`` on the hand-computed case (tests/service/conftest.py), both databases.

Every expected figure is worked out by hand in the case's table; the replay must land
on exactly these numbers.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from pos_discrepancy.desk import Desk
from pos_discrepancy.errors import DiscrepancyError, InvalidInput, NotFound
from pos_discrepancy.money import Money

from .conftest import PERIOD, case_config, seed_case

CHEAP = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


@pytest.fixture
def case(make_desk: Any, clock: Any, tmp_path: Path) -> Desk:
    """A desk under the case's policy, with its four incidents."""
    desk: Desk = make_desk(config=case_config(tmp_path), pin_hasher=CHEAP)
    seed_case(desk, clock)
    return desk


def rows_of(desk: Desk) -> dict[str, list[tuple[Any, ...]]]:
    with desk.context.engine.connect() as connection:
        return {
            table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))))
            for table in ("incidents", "decisions", "events")
        }


def test_the_recorded_side_is_what_happened(case: Desk) -> None:
    result = case.whatif("S001", **PERIOD, settings={"auto_honor_max": "15.00"})
    recorded = result.recorded
    assert recorded.incidents == 4
    assert recorded.given_away == usd("11.00")  # 3.00 honored + 8.00 approved
    assert recorded.declines == 2
    assert recorded.escalations == 1
    assert recorded.manager_answered == 1
    assert recorded.timed_out == 0
    assert recorded.expected_walk_aways == Decimal("1.0000")  # 2 declines × 0.5000
    assert recorded.waiting_seconds == Decimal(240)


def test_a_higher_auto_honor_limit_turns_the_declines_into_honors(case: Desk) -> None:
    result = case.whatif("S001", **PERIOD, settings={"auto_honor_max": "15.00"})
    what_if = result.what_if
    # the declines of 10.50 and 12.00 become honors: 11.00 + 22.50
    assert what_if.given_away == usd("33.50")
    assert what_if.given_away - result.recorded.given_away == usd("22.50")
    assert what_if.declines == 0
    # the 8.00 escalation is honored at once: no manager, no wait
    assert what_if.escalations == 0
    assert what_if.manager_answered == 0
    assert what_if.waiting_seconds == Decimal(0)
    assert result.evidence.walk_away_rate == Decimal("0.5000")
    assert what_if.expected_walk_aways == Decimal(0)
    assert result.walk_aways_avoided == Decimal("1.0000")  # 2 declines × r 0.5
    assert result.replay.changed == 3
    assert {c.rule.value for c in result.changes} == {"honored_at_once"}
    assert dict((r.value, n) for r, n in result.replay.rules.items()) == {
        "honored_at_once": 3,
        "kept": 1,
    }
    # the assumptions are in the result, with the figures the replay took
    words = " ".join(result.assumptions)
    assert "r = 0.5000" in words and "1 of the 2 declines" in words
    assert "240 s" in words


def test_a_lower_limit_and_a_short_timeout_decline_on_timeout(case: Desk) -> None:
    """auto_honor_max 0.50: the 3.00 honor needs a manager; the median wait (240 s) is
    past the new 200 s timeout, so the decline-on-timeout policy settles both
    escalations (the honor's and the recorded 8.00 one) at the scanned price."""
    settings = {"auto_honor_max": "0.50", "approval_timeout_seconds": "200",
                "on_approval_timeout": "decline"}  # fmt: skip
    result = case.whatif("S001", **PERIOD, settings=settings)
    what_if = result.what_if
    assert what_if.given_away == usd("0.00")
    assert what_if.declines == 4
    assert what_if.escalations == 2
    assert what_if.manager_answered == 0
    assert what_if.timed_out == 2
    assert what_if.waiting_seconds == Decimal(400)  # two timeouts of 200 s
    assert what_if.expected_walk_aways == Decimal("2.0000")  # 4 × 0.5
    assert result.walk_aways_avoided == Decimal("-1.0000")


def test_the_store_s_own_policy_replays_to_what_happened(case: Desk) -> None:
    result = case.whatif("S001", **PERIOD)
    assert result.recorded == result.what_if
    assert result.replay.changed == 0
    assert result.policy_words == "the store's policy as it is now"


def test_decline_not_allowed_honors_via_a_manager(case: Desk) -> None:
    """decline_allowed false: the two declines (above 5.00) must be honored, which needs
    a manager; each waits the median 240 s and is approved."""
    result = case.whatif("S001", **PERIOD, settings={"decline_allowed": "false"})
    what_if = result.what_if
    assert what_if.declines == 0
    assert what_if.given_away == usd("33.50")
    assert what_if.escalations == 3
    assert what_if.manager_answered == 3
    assert what_if.waiting_seconds == Decimal(720)
    assert {c.rule.value for c in result.changes} == {"not_allowed"}


def test_a_jurisdiction_plugin_changes_the_options(
    make_desk: Any, clock: Any, tmp_path: Path
) -> None:
    import posdisc_us_ct

    desk: Desk = make_desk(config=case_config(tmp_path), pin_hasher=CHEAP, plugins=[posdisc_us_ct])
    seed_case(desk, clock)
    result = desk.whatif("S001", **PERIOD, jurisdiction="us_ct")
    assert result.jurisdiction == (None, "us_ct")
    # Connecticut: the first unit free (up to $10) on every overcharge, at once
    assert result.what_if.declines == 0
    assert result.what_if.escalations == 0
    assert result.replay.changed == 4
    assert result.what_if.given_away > result.recorded.given_away


def test_nothing_is_stored(case: Desk) -> None:
    before = rows_of(case)
    case.whatif("S001", **PERIOD, settings={"auto_honor_max": "15.00"})
    assert rows_of(case) == before


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ({"settings": {"auto_honour_max": "15"}}, "auto_honour_max", "auto_honor_max,"),
        ({"settings": {"auto_honor_max": "abc"}}, "auto_honor_max", "'abc'"),
        ({"settings": {"auto_honor_max": 1.5}}, "auto_honor_max", "strings"),
        ({"settings": {"decline_allowed": "maybe"}}, "decline_allowed", "true or false"),
        ({"settings": {"approval_timeout_seconds": "0"}}, "approval_timeout_seconds", "1 to"),
        ({"settings": {"jurisdiction": "us_mi"}}, "jurisdiction", "--jurisdiction"),
        ({"jurisdiction": "atlantis"}, "jurisdiction", "atlantis"),
        ({"since": "2026-12-01", "until": "2026-12-31"}, "since", "no incidents"),
        ({"since": "2026-12-31", "until": "2026-12-01"}, "since", "after"),
        ({"until": "yesterday"}, "until", "until"),
    ],
)
def test_bad_input_names_the_field(
    case: Desk, options: dict[str, Any], field: str, words: str
) -> None:
    options = {**PERIOD, **options}
    before = rows_of(case)
    with pytest.raises(InvalidInput) as raised:
        case.whatif("S001", **options)
    assert raised.value.field == field
    assert words in raised.value.message
    assert rows_of(case) == before


def test_unknown_key_lists_the_valid_ones(case: Desk) -> None:
    with pytest.raises(InvalidInput) as raised:
        case.whatif("S001", **PERIOD, settings={"bonus_max": "5"})
    message = raised.value.message
    assert message.startswith("bonus_max: is not a what-if setting")
    for key in ("auto_honor_max", "decline_allowed", "on_approval_timeout"):
        assert key in message


def test_an_unknown_store_is_not_found(case: Desk) -> None:
    with pytest.raises(NotFound):
        case.whatif("S404", **PERIOD)


def test_a_period_with_only_open_incidents_says_so(desk: Desk) -> None:
    desk.add_store("S001", name="Main St", currency="USD")
    check = desk.check(store="S001", register="R1", cashier="C07", sku="4006381333931",
                       scanned_price="2.49", shelf_price="1.99")  # fmt: skip
    assert check.incident_id is not None
    with pytest.raises(DiscrepancyError) as raised:
        desk.whatif("S001", **PERIOD)
    assert "1 still open" in raised.value.message
