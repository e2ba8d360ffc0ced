"""The what-if's pure core: the rules on single incidents, the totals, the settings parser.

Options come from the real hook machinery (built-in defaults and the six rule plugins,
as in tests/jurisdictions), never a copy of the rules; no database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import posdisc_au_scanning_code
import posdisc_ca_spac
import posdisc_us_ct
import posdisc_us_ma
import posdisc_us_ma_food
import posdisc_us_mi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_discrepancy.domain import (
    CustomerOutcome,
    Discrepancy,
    OptionList,
    Policy,
    Resolution,
    ScannedItem,
    ShelfClaim,
    StoreInfo,
    build_discrepancy,
)
from pos_discrepancy.domain.whatif import RecordedIncident, Rule, recorded_outcome, replay_incident
from pos_discrepancy.domain.whatif_policy import WHATIF_KEYS, parse_assignments, what_if_policy
from pos_discrepancy.domain.whatif_totals import Evidence, replay
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.i18n import words
from pos_discrepancy.money import Money
from pos_discrepancy.plugins import make_plugin_manager
from pos_discrepancy.service.check import options_for

PM = make_plugin_manager(
    plugins=(posdisc_ca_spac, posdisc_us_mi, posdisc_us_ma_food, posdisc_us_ma, posdisc_us_ct,
             posdisc_au_scanning_code),
    load_entrypoints=False,
)  # fmt: skip
JURISDICTIONS = (None, "ca_spac", "us_mi", "us_ma_food", "us_ma", "us_ct", "au_scanning_code")
STORE_POLICY = Policy(auto_honor_max=Decimal("5.00"), approval_timeout_seconds=600)


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def discrepancy(scanned: str, tag: str, quantity: int = 1) -> Discrepancy:
    item = ScannedItem(sku="0001", scanned_price=usd(scanned), quantity=quantity,
                       scanned_at=datetime(2026, 11, 25, tzinfo=UTC))  # fmt: skip
    found = build_discrepancy(ShelfClaim(shelf_price=usd(tag)), item)
    assert found is not None
    return found


def options(found: Discrepancy, policy: Policy) -> OptionList:
    store = StoreInfo(code="S001", name="Test", currency="USD",
                      jurisdiction=policy.jurisdiction, policy=policy)  # fmt: skip
    return options_for(SimpleNamespace(pm=PM), found, store)  # type: ignore[arg-type]


def record(found: Discrepancy, action: str, **facts: Any) -> RecordedIncident:
    """An incident decided ``action`` under :data:`STORE_POLICY` (charge as offered)."""
    offered = options(found, STORE_POLICY)
    option = offered.choose(action)
    resolution = facts.pop("resolution", Resolution(option.resolves_as.value))
    charge = option.charge if resolution is Resolution.HONORED else found.scanned.line_total
    return RecordedIncident(
        incident_id="i1", discrepancy=found, offered=tuple(offered), action=action,
        resolution=resolution, charge=charge, bonus=None,
        escalated=facts.pop("escalated", option.requires_approval),
        approval=facts.pop("approval", "approved" if option.requires_approval else None),
        wait_seconds=facts.pop("wait", Decimal(240) if option.requires_approval else None),
        customer_outcome=facts.pop("outcome", CustomerOutcome.UNKNOWN),
    )  # fmt: skip


def run(one: RecordedIncident, policy: Policy, median: Decimal | None = Decimal(240)) -> Any:
    return replay_incident(
        one, options(one.discrepancy, policy), policy,
        recorded=recorded_outcome(one, STORE_POLICY), median_wait=median, say=words(),
    )  # fmt: skip


def test_a_decline_within_the_new_limit_is_honored_at_once() -> None:
    one = record(discrepancy("20.49", "9.99"), "decline")  # 10.50 above 5.00
    result = run(one, STORE_POLICY.updated({"auto_honor_max": "15.00"}, where="t"))
    assert result.rule is Rule.HONORED_AT_ONCE
    assert result.replayed.resolution is Resolution.HONORED
    assert result.replayed.charge == usd("9.99")
    assert result.replayed.given_away == usd("10.50")
    assert not result.replayed.escalated and result.replayed.wait_seconds == 0


def test_a_free_decline_stays_a_decline() -> None:
    """The cashier declined 0.50 though honoring it needed nobody: the policy did not
    force that choice, so a higher limit does not change it."""
    one = record(discrepancy("5.49", "4.99"), "decline")
    result = run(one, STORE_POLICY.updated({"auto_honor_max": "15.00"}, where="t"))
    assert result.rule is Rule.KEPT and not result.changed


def test_an_honor_above_the_new_limit_waits_the_median_then_is_approved() -> None:
    one = record(discrepancy("12.99", "9.99"), "honor")  # 3.00, within 5.00
    result = run(one, STORE_POLICY.updated({"auto_honor_max": "1.00"}, where="t"))
    assert result.rule is Rule.NOW_NEEDS_MANAGER
    assert result.replayed.escalated and result.replayed.manager_answered
    assert result.replayed.wait_seconds == Decimal(240)
    assert result.replayed.charge == usd("9.99")


def test_with_no_answered_escalation_a_new_one_times_out() -> None:
    one = record(discrepancy("12.99", "9.99"), "honor")
    policy = STORE_POLICY.updated(
        {"auto_honor_max": "1.00", "on_approval_timeout": "decline"}, where="t"
    )
    result = run(one, policy, median=None)
    assert result.replayed.timed_out and not result.replayed.manager_answered
    assert result.replayed.wait_seconds == Decimal(600)
    assert result.replayed.resolution is Resolution.DECLINED
    assert result.replayed.given_away == usd("0.00")


def test_a_denied_escalation_keeps_the_denial_and_its_wait() -> None:
    one = record(discrepancy("19.95", "11.95"), "escalate", approval="denied",
                 resolution=Resolution.DECLINED, wait=Decimal("75.5"))  # fmt: skip
    result = run(one, STORE_POLICY)
    assert result.rule is Rule.KEPT and not result.changed
    assert result.replayed.resolution is Resolution.DECLINED
    assert result.replayed.wait_seconds == Decimal("75.5")


def test_a_law_that_forbids_the_decline_applies_its_remedy() -> None:
    one = record(discrepancy("5.49", "4.99"), "decline")  # a free decline under 5.00
    result = run(one, STORE_POLICY.updated({"jurisdiction": "us_ct"}, where="t"))
    assert result.rule is Rule.HONORED_AT_ONCE  # "first item free" was not offered before
    assert result.replayed.charge == usd("0.00")
    assert result.replayed.given_away == usd("5.49")


def test_the_walk_away_rate_is_rounded_half_even_to_four_places() -> None:
    found = discrepancy("20.49", "9.99")
    walked = record(found, "decline", outcome=CustomerOutcome.WALKED_AWAY)
    bought = record(found, "decline", outcome=CustomerOutcome.PURCHASED)
    unknown = record(found, "decline")
    evidence = Evidence.of([walked, bought, bought, unknown])
    assert (evidence.declines, evidence.declines_with_outcome) == (4, 3)
    assert evidence.walk_away_rate == Decimal("0.3333")
    totals = replay([walked, bought, bought, unknown], evidence=evidence, current=STORE_POLICY,
                    policy=STORE_POLICY, options_under=lambda d: options(d, STORE_POLICY),
                    currency="USD", say=words())  # fmt: skip
    assert totals.recorded.expected_walk_aways == Decimal("1.3332")  # 4 × 0.3333, exact
    assert Evidence().walk_away_rate == Decimal("0.0000")


def test_the_median_wait_is_nearest_rank() -> None:
    found = discrepancy("19.95", "11.95")
    waits = [record(found, "escalate", wait=Decimal(w)) for w in (300, 60, 240, 90)]
    assert Evidence.of(waits).median_wait == Decimal(90)  # the lower middle of 60 90 240 300
    assert Evidence.of([]).median_wait is None


# --- properties -------------------------------------------------------------------------
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
limits = st.decimals(min_value=0, max_value=Decimal(10_000), places=2).map(str)
valid_settings = st.fixed_dictionaries(
    {},
    optional={
        "auto_honor_max": limits,
        "auto_honor_max_percent": st.decimals(min_value=0, max_value=100, places=2).map(str),
        "decline_allowed": st.sampled_from(["true", "false"]),
        "approval_timeout_seconds": st.integers(1, 86_400).map(str),
        "on_approval_timeout": st.sampled_from(["honor", "decline"]),
        "manager_override_limit": limits,
    },
)  # fmt: skip


@st.composite
def records(draw: st.DrawFn) -> RecordedIncident:
    tag, scanned = draw(amounts), draw(amounts)
    if tag == scanned:
        scanned += Decimal("0.01")
    found = discrepancy(str(scanned), str(tag), quantity=draw(st.integers(1, 5)))
    offered = [o for o in options(found, STORE_POLICY) if o.available]
    option = draw(st.sampled_from(offered))
    approval = draw(st.sampled_from(["approved", "denied", "timed_out"]))
    resolution = Resolution(option.resolves_as.value)
    if option.requires_approval and approval == "denied":
        resolution = Resolution.DECLINED
    outcome = draw(st.sampled_from(list(CustomerOutcome)))
    wait = draw(st.decimals(min_value=0, max_value=1000, places=3))
    return record(found, option.action, resolution=resolution, approval=approval,
                  wait=wait, outcome=outcome)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    history=st.lists(records(), min_size=1, max_size=6),
    changes=valid_settings,
    jurisdiction=st.sampled_from(JURISDICTIONS),
)
def test_the_replay_never_raises_and_given_away_is_the_honored_differences(
    history: list[RecordedIncident], changes: dict[str, str], jurisdiction: str | None
) -> None:
    policy = what_if_policy(STORE_POLICY, changes, jurisdiction or "none")
    evidence = Evidence.of(history)
    under = policy.updated({}, where="t")
    result = replay(history, evidence=evidence, current=STORE_POLICY, policy=under,
                    options_under=lambda d: options(d, under), currency="USD",
                    say=words())  # fmt: skip
    honored = Money.zero("USD")
    for one in history:
        replayed = run(one, under, evidence.median_wait).replayed
        scanned_total = one.discrepancy.scanned.line_total
        assert replayed.charge <= scanned_total
        if replayed.resolution is Resolution.HONORED:
            honored += scanned_total - replayed.charge
        else:
            assert replayed.given_away == Money.zero("USD")
    assert result.replayed.given_away == honored
    assert result.replayed.incidents == result.recorded.incidents == len(history)
    assert result.replayed.expected_walk_aways == evidence.walk_away_rate * result.replayed.declines


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(st.text(max_size=30), max_size=4),
    jurisdiction=st.none() | st.text(max_size=12),
)
def test_settings_are_a_policy_or_an_error_naming_the_field(
    items: list[str], jurisdiction: str | None
) -> None:
    try:
        policy = what_if_policy(STORE_POLICY, parse_assignments(items), jurisdiction)
    except InvalidInput as error:
        assert error.field
        assert error.message.startswith(f"{error.field}: ") or error.field == "set"
    else:
        assert isinstance(policy, Policy)


def test_every_what_if_key_is_a_policy_key_that_changes_the_till() -> None:
    assert "jurisdiction" not in WHATIF_KEYS and "max_clock_ahead_seconds" not in WHATIF_KEYS
    assert parse_assignments(["auto_honor_max = 15.00"]) == {"auto_honor_max": "15.00"}
    with pytest.raises(InvalidInput, match="given twice"):
        parse_assignments(["decline_allowed=true", "decline_allowed=false"])
    with pytest.raises(InvalidInput, match="KEY=VALUE"):
        parse_assignments(["auto_honor_max"])
