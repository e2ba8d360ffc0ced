"""Policy what-if over a period: what the period showed, the totals of each side, the
assumptions in words. Pure; the service streams the recorded incidents in twice.

Expected walk-aways use the store's observed walk-away rate after declines, ``r`` = the
declines whose customer walked away / the declines whose outcome was recorded, rounded
half-even to four places; each side expects ``declines × r`` (exact). The waits are
exact seconds (``Decimal``, to the microsecond).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from ..money import Money
from .discrepancy import Discrepancy
from .incident import CustomerOutcome, Resolution
from .options import Option, OptionList
from .policy import Policy
from .whatif import Outcome, RecordedIncident, Replayed, Rule, recorded_outcome
from .whatif import replay_incident as _replay_one
from .wording import Wording

#: The walk-away rate's places (half-even): 1 of 3 is 0.3333.
RATE_PLACES = Decimal("0.0001")
#: How many changed incidents a comparison lists (the counts cover them all).
LISTED_CHANGES = 50


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the recorded period showed, which the replay takes as given."""

    declines: int = 0
    declines_with_outcome: int = 0
    walked_after_decline: int = 0
    #: every wait for a manager's answer (approved or denied), in seconds, sorted
    answered_waits: tuple[Decimal, ...] = ()

    @classmethod
    def of(cls, records: Iterable[RecordedIncident]) -> Evidence:
        """Gather the evidence of ``records`` in one pass."""
        declines = known = walked = 0
        waits: list[Decimal] = []
        for record in records:
            if record.answered_wait is not None:
                waits.append(record.answered_wait)
            if record.resolution is not Resolution.DECLINED:
                continue
            declines += 1
            if record.customer_outcome is not CustomerOutcome.UNKNOWN:
                known += 1
                walked += record.customer_outcome is CustomerOutcome.WALKED_AWAY
        return cls(declines, known, walked, tuple(sorted(waits)))

    @property
    def walk_away_rate(self) -> Decimal:
        """``r``: walk-aways per decline with a recorded outcome (0 when there is none)."""
        if not self.declines_with_outcome:
            return Decimal(0).quantize(RATE_PLACES)
        rate = Decimal(self.walked_after_decline) / Decimal(self.declines_with_outcome)
        return rate.quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)

    @property
    def median_wait(self) -> Decimal | None:
        """Nearest-rank median of the answered waits (the lower middle of an even count,
        as the reports page shows it); ``None`` when no manager answered."""
        if not self.answered_waits:
            return None
        return self.answered_waits[(len(self.answered_waits) - 1) // 2]


@dataclass(frozen=True, slots=True)
class Totals:
    """One side of the comparison, summed over the replayed incidents."""

    incidents: int
    given_away: Money
    bonuses: Money
    declines: int
    escalations: int
    manager_answered: int
    timed_out: int
    admin_approvals: int
    expected_walk_aways: Decimal
    waiting_seconds: Decimal


class Tally:
    """A running sum of outcomes (a period is streamed, never held in memory)."""

    def __init__(self, currency: str) -> None:
        self.counts: Counter[str] = Counter()
        self.given_away = self.bonuses = Money.zero(currency)
        self.waiting = Decimal(0)

    def add(self, outcome: Outcome) -> None:
        """Count one incident's outcome."""
        counts = self.counts
        counts["incidents"] += 1
        self.given_away += outcome.given_away
        if outcome.bonus is not None:
            self.bonuses += outcome.bonus
        self.waiting += outcome.wait_seconds
        counts["declines"] += outcome.resolution is Resolution.DECLINED
        counts["escalations"] += outcome.escalated
        counts["manager_answered"] += outcome.manager_answered
        counts["timed_out"] += outcome.timed_out
        counts["admin_approvals"] += outcome.admin_needed

    def totals(self, rate: Decimal) -> Totals:
        """The sums so far; expected walk-aways are ``declines × rate``."""
        counts = self.counts
        return Totals(
            incidents=counts["incidents"],
            given_away=self.given_away,
            bonuses=self.bonuses,
            declines=counts["declines"],
            escalations=counts["escalations"],
            manager_answered=counts["manager_answered"],
            timed_out=counts["timed_out"],
            admin_approvals=counts["admin_approvals"],
            expected_walk_aways=rate * counts["declines"],
            waiting_seconds=self.waiting,
        )


@dataclass(frozen=True)
class Replay:
    """Both sides of a period, how many incidents each rule decided, and the changes."""

    recorded: Totals
    replayed: Totals
    rules: Mapping[Rule, int]
    changed: int
    changes: tuple[Replayed, ...] = field(default=())


def replay(
    records: Iterable[RecordedIncident],
    *,
    evidence: Evidence,
    current: Policy,
    policy: Policy,
    options_under: Callable[[Discrepancy], Iterable[Option]],
    currency: str,
    say: Wording,
) -> Replay:
    """Replay every record under ``policy`` (its options from ``options_under``), beside
    what was recorded under the store's ``current`` policy; ``say`` writes the reasons."""
    recorded, replayed = Tally(currency), Tally(currency)
    rules: Counter[Rule] = Counter()
    changes: list[Replayed] = []
    changed = 0
    for record in records:
        before = recorded_outcome(record, current)
        result = _replay_one(
            record,
            OptionList(options_under(record.discrepancy)),
            policy,
            recorded=before,
            median_wait=evidence.median_wait,
            say=say,
        )
        recorded.add(before)
        replayed.add(result.replayed)
        rules[result.rule] += 1
        if result.changed:
            changed += 1
            if len(changes) < LISTED_CHANGES:
                changes.append(result)
    rate = evidence.walk_away_rate
    return Replay(
        recorded=recorded.totals(rate),
        replayed=replayed.totals(rate),
        rules={rule: rules[rule] for rule in Rule if rules[rule]},
        changed=changed,
        changes=tuple(changes),
    )


def assumptions(
    evidence: Evidence, policy: Policy, *, open_incidents: int, say: Wording
) -> tuple[str, ...]:
    """The replay's assumptions in the store's words, with the figures it took from the
    period."""
    _ = say.gettext
    median = evidence.median_wait
    timeout = _("%(s)s s", s=say.number(policy.approval_timeout_seconds))
    waits = len(evidence.answered_waits)
    if median is None:
        new_wait = _(
            "no manager answered an escalation in the period, so a new escalation is "
            "not answered and the timeout policy settles it after %(timeout)s",
            timeout=timeout,
        )
    else:
        new_wait = say.ngettext(
            "a new escalation waits %(wait)s, the median wait of the %(num)s escalation a "
            "manager answered in the period (nearest rank), and the manager approves it",
            "a new escalation waits %(wait)s, the median wait of the %(num)s escalations "
            "a manager answered in the period (nearest rank), and the manager approves it",
            waits,
            wait=_("%(s)s s", s=say.number(median.quantize(Decimal(1)))),
        )
    if open_incidents:
        replayed = say.ngettext(
            "Only incidents resolved in the period (honored or declined) are replayed; "
            "%(num)s incident still open left out.",
            "Only incidents resolved in the period (honored or declined) are replayed; "
            "%(num)s incidents still open left out.",
            open_incidents,
        )
    else:
        replayed = _("Only incidents resolved in the period (honored or declined) are replayed.")
    return (
        replayed,
        _("The options are rebuilt by the register's own option code and plugins under "
          "the new policy; every other policy key stays as the store has it now."),
        _("A decline or an escalation becomes an honor at once when the new rules offer, "
          "without a manager, an honor the recorded options did not: the customer pays "
          "that option's charge, with no escalation and no wait."),
        _("A choice the new rules do not allow is replaced by the first available option "
          "ending the same way with no manager; else (an honor) the first that needs a "
          "manager; else the first option needing no manager, a binding remedy first."),
        _("A choice taken at once that now needs a manager is escalated; %(new_wait)s.",
          new_wait=new_wait),
        _("A recorded escalation keeps the manager's answer and its wait. An escalation "
          "nobody answers within %(timeout)s (approval_timeout_seconds) is settled by "
          "on_approval_timeout = %(setting)s after %(timeout)s.",
          timeout=timeout, setting=repr(policy.on_approval_timeout)),
        _("%(walk_aways)s Expected walk-aways = declines × r on both sides. A customer "
          "charged the tag price is assumed not to walk away over the price.",
          walk_aways=_walk_away_words(evidence, say)),
        _("Money given away = scanned line total − charge of each honored incident; "
          "jurisdiction bonuses are counted apart; goodwill gestures are left out."),
        _("Approvals above the manager override limit (an admin's) are counted with the "
          "store's limit now (recorded) and the new limit (what-if), %(limit)s.",
          limit=policy.manager_override_limit),
        _("Waiting time is the customers' total wait for a manager's answer, in seconds."),
    )  # fmt: skip


def _walk_away_words(evidence: Evidence, say: Wording) -> str:
    rate = say.number(evidence.walk_away_rate)
    if not evidence.declines_with_outcome:
        return say.gettext(
            "Walk-aways: no decline of the period has a recorded customer outcome, so the "
            "observed rate r = %(rate)s (no walk-aways expected).",
            rate=rate,
        )
    return say.ngettext(
        "Walk-aways: %(walked)s of the %(num)s decline with a recorded outcome walked "
        "away, r = %(rate)s (rounded half-even to 4 places).",
        "Walk-aways: %(walked)s of the %(num)s declines with a recorded outcome walked "
        "away, r = %(rate)s (rounded half-even to 4 places).",
        evidence.declines_with_outcome,
        walked=say.number(evidence.walked_after_decline),
        rate=rate,
    )
