"""Policy what-if, one incident at a time: what the cashier would have done under other rules.

Pure: the options under the other policy are given (the service builds them with the
register's own option code), and so is what the period showed (:class:`Evidence`). The
rules, tried in this order, are written out in docs/whatif.md:

1. **Honored at once** — a decline or an escalation becomes an honor at once when the
   new options offer, without a manager, an honor the recorded options did not (that
   action was missing, unavailable, or needed a manager).
2. **Not allowed** — the recorded choice is not offered (or not available): the cashier
   takes the first available option ending the same way (honored / declined) with no
   manager; else, for an honor, the first that needs one (escalated); else the first
   available option needing no manager (a binding remedy comes first); else the first.
3. **Now needs a manager** — the recorded choice was taken at once and now needs a
   manager: the cashier escalates, and the manager approves after the observed median
   wait.
4. **Kept** — otherwise the recorded choice stands, at the new option's charge; a
   recorded escalation keeps the manager's answer and its wait.

Every escalation, kept or new, is settled by the new ``on_approval_timeout`` after
``approval_timeout_seconds`` when nobody answered sooner.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ..money import Money
from .discrepancy import Discrepancy
from .incident import CustomerOutcome, Resolution, Status
from .options import Option, OptionList, settle_on_timeout
from .policy import Policy
from .wording import N_, Wording

#: Manager answers the journal records (``timed_out`` is the policy's, not a person's).
ANSWERED = ("approved", "denied")


class Rule(StrEnum):
    """Which rule of the replay decided an incident (see the module's docstring)."""

    HONORED_AT_ONCE = "honored_at_once"
    NOT_ALLOWED = "not_allowed"
    NOW_NEEDS_MANAGER = "now_needs_manager"
    KEPT = "kept"


#: How each rule reads in the comparison.
RULE_WORDS = {
    Rule.HONORED_AT_ONCE: N_("honored at once under the new rules"),
    Rule.NOT_ALLOWED: N_("recorded choice not allowed under the new rules"),
    Rule.NOW_NEEDS_MANAGER: N_("now needs a manager's approval"),
    Rule.KEPT: N_("recorded choice kept"),
}


@dataclass(frozen=True, slots=True)
class RecordedIncident:
    """A resolved incident as recorded: the facts the replay starts from.

    :ivar offered: the options the cashier was shown, as stored.
    :ivar action: the option taken (``honor``, ``escalate``, ``decline`` or a remedy).
    :ivar resolution: ``honored`` or ``declined`` (only resolved incidents are replayed).
    :ivar charge: what the customer paid for the line.
    :ivar escalated: a manager was asked.
    :ivar approval: ``approved``, ``denied``, ``timed_out`` or ``None``.
    :ivar wait_seconds: from the escalation to its answer (``None`` when not escalated).
    """

    incident_id: str
    discrepancy: Discrepancy
    offered: tuple[Option, ...]
    action: str
    resolution: Resolution
    charge: Money
    bonus: Money | None
    escalated: bool
    approval: str | None
    wait_seconds: Decimal | None
    customer_outcome: CustomerOutcome

    @property
    def answered_wait(self) -> Decimal | None:
        """The wait for a manager's answer; ``None`` when no manager answered."""
        return self.wait_seconds if self.escalated and self.approval in ANSWERED else None


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one incident ended, as recorded or as replayed.

    :ivar given_away: scanned line total minus the charge, when the charge is lower.
    :ivar wait_seconds: the customer's wait for a manager (0 when none was asked).
    :ivar admin_needed: an approval above the manager override limit (an admin's).
    """

    action: str
    resolution: Resolution
    charge: Money
    given_away: Money
    bonus: Money | None
    escalated: bool
    manager_answered: bool
    timed_out: bool
    wait_seconds: Decimal
    admin_needed: bool

    def same_as(self, other: Outcome) -> bool:
        """Whether the customer and the store fared the same (the action may be renamed)."""
        keys = ("resolution", "charge", "bonus", "escalated", "manager_answered", "wait_seconds")
        return all(getattr(self, key) == getattr(other, key) for key in keys)


@dataclass(frozen=True, slots=True)
class Replayed:
    """One incident side by side: as recorded, as replayed, and why."""

    incident_id: str
    sku: str
    description: str
    recorded: Outcome
    replayed: Outcome
    rule: Rule
    reason: str

    @property
    def changed(self) -> bool:
        """Whether the replay ends differently from the record."""
        return not self.recorded.same_as(self.replayed)


def recorded_outcome(record: RecordedIncident, policy: Policy) -> Outcome:
    """What happened, with the approvals above ``policy``'s manager limit marked."""
    approved = record.escalated and record.approval == "approved"
    return Outcome(
        action=record.action,
        resolution=record.resolution,
        charge=record.charge,
        given_away=_given_away(record.discrepancy, record.charge),
        bonus=record.bonus,
        escalated=record.escalated,
        manager_answered=record.escalated and record.approval in ANSWERED,
        timed_out=record.escalated and record.approval == "timed_out",
        wait_seconds=(record.wait_seconds or Decimal(0)) if record.escalated else Decimal(0),
        admin_needed=approved and _above_limit(record.discrepancy, policy),
    )


def replay_incident(
    record: RecordedIncident,
    options: OptionList,
    policy: Policy,
    *,
    recorded: Outcome,
    median_wait: Decimal | None,
    say: Wording,
) -> Replayed:
    """Replay ``record`` with ``options`` (built under ``policy``); see the module's rules.

    :param recorded: what happened (:func:`recorded_outcome` under the store's policy).
    :param median_wait: the observed median wait for a manager's answer, given to every
        new escalation; ``None``: no manager answered in the period, so nobody answers.
    :param say: the store's words, for the reason.
    """
    old = OptionList(record.offered)
    done = Done(record, recorded)
    _ = say.gettext
    if record.resolution is Resolution.DECLINED or record.escalated:
        fresh = next(
            (o for o in options if _at_once_honor(o) and not _at_once_honor_in(old, o)), None
        )
        if fresh is not None:
            reason = _("%(option)s (%(charge)s) is offered without a manager now",
                       option=fresh.label, charge=say.money(fresh.charge))  # fmt: skip
            return done(_at_once(record, fresh), Rule.HONORED_AT_ONCE, reason)
    rule = Rule.KEPT
    choice = options.get(record.action)
    reason = _("the recorded choice is offered the same way")
    if choice is None or not choice.available:
        why = _("not offered") if choice is None else (choice.reason or _("not available"))
        choice = _substitute(options, record.resolution)
        if choice is None:  # nothing at all is available: nothing to replay it with
            return done(recorded, Rule.KEPT, _("no option is available now; kept as recorded"))
        rule = Rule.NOT_ALLOWED
        reason = _("%(action)s is not allowed (%(why)s); %(option)s",
                   action=record.action, why=why.rstrip("."), option=choice.label)  # fmt: skip
    if not choice.requires_approval:
        return done(_at_once(record, choice), rule, reason)
    if record.escalated and rule is Rule.KEPT:
        approves = record.approval != "denied"
        outcome = _escalation(
            record, choice, options, policy, wait=record.answered_wait, approves=approves
        )
        return done(outcome, rule, reason + _wait_words(outcome, say))
    if rule is Rule.KEPT:
        rule = Rule.NOW_NEEDS_MANAGER
        reason = _("%(option)s needs a manager's approval now", option=choice.label)
    outcome = _escalation(record, choice, options, policy, wait=median_wait, approves=True)
    return done(outcome, rule, reason + _wait_words(outcome, say))


@dataclass(frozen=True, slots=True)
class Done:
    """Builds the :class:`Replayed` of one record (its recorded side fixed)."""

    record: RecordedIncident
    recorded: Outcome

    def __call__(self, outcome: Outcome, rule: Rule, reason: str) -> Replayed:
        scanned = self.record.discrepancy.scanned
        return Replayed(
            incident_id=self.record.incident_id,
            sku=scanned.sku,
            description=scanned.description or "",
            recorded=self.recorded,
            replayed=outcome,
            rule=rule,
            reason=reason,
        )


def _at_once_honor(option: Option) -> bool:
    return (
        option.available and not option.requires_approval and option.resolves_as is Status.HONORED
    )


def _at_once_honor_in(old: OptionList, option: Option) -> bool:
    before = old.get(option.action)
    return before is not None and _at_once_honor(before)


def _substitute(options: OptionList, resolution: Resolution) -> Option | None:
    """The option a cashier takes instead of one the new rules forbid."""
    available = [o for o in options if o.available]
    same = [o for o in available if o.resolves_as.value == resolution.value]
    at_once = [o for o in available if not o.requires_approval]
    for candidates in (
        [o for o in same if not o.requires_approval],
        same if resolution is Resolution.HONORED else [],
        at_once,
        available,
    ):
        if candidates:
            return candidates[0]
    return None


def _at_once(record: RecordedIncident, option: Option) -> Outcome:
    resolution = Resolution(option.resolves_as.value)
    return Outcome(
        action=option.action,
        resolution=resolution,
        charge=option.charge,
        given_away=_given_away(record.discrepancy, option.charge),
        bonus=option.bonus if resolution is Resolution.HONORED else None,
        escalated=False,
        manager_answered=False,
        timed_out=False,
        wait_seconds=Decimal(0),
        admin_needed=False,
    )


def _escalation(
    record: RecordedIncident,
    requested: Option,
    options: OptionList,
    policy: Policy,
    *,
    wait: Decimal | None,
    approves: bool,
) -> Outcome:
    """An escalation of ``requested``: answered after ``wait`` (``None``: never), or
    settled by the timeout policy once ``approval_timeout_seconds`` have passed."""
    timeout = Decimal(policy.approval_timeout_seconds)
    timed_out = wait is None or wait >= timeout
    decline = options.get("decline")
    if timed_out:
        resolution, settled = settle_on_timeout(
            options, requested.action, policy.on_approval_timeout
        )
    elif approves or decline is None or not decline.available:  # a denial needs a decline
        resolution, settled = Resolution.HONORED, requested
    else:
        resolution, settled = Resolution.DECLINED, decline
    honored = resolution is Resolution.HONORED
    return Outcome(
        action=requested.action,
        resolution=resolution,
        charge=settled.charge,
        given_away=_given_away(record.discrepancy, settled.charge),
        bonus=settled.bonus if honored else None,
        escalated=True,
        manager_answered=not timed_out,
        timed_out=timed_out,
        wait_seconds=timeout if timed_out or wait is None else wait,
        admin_needed=honored and not timed_out and _above_limit(record.discrepancy, policy),
    )


def _wait_words(outcome: Outcome, say: Wording) -> str:
    _ = say.gettext
    seconds = _("%(s)s s", s=say.number(outcome.wait_seconds.quantize(Decimal(1))))
    honored = outcome.resolution is Resolution.HONORED
    if outcome.timed_out:
        if honored:
            return _("; no answer within %(seconds)s: the timeout policy honored it",
                     seconds=seconds)  # fmt: skip
        return _("; no answer within %(seconds)s: the timeout policy declined it",
                 seconds=seconds)  # fmt: skip
    if honored:
        return _("; a manager approved it after %(seconds)s", seconds=seconds)
    return _("; a manager denied it after %(seconds)s", seconds=seconds)


def _given_away(discrepancy: Discrepancy, charge: Money) -> Money:
    scanned_total = discrepancy.scanned.line_total
    return scanned_total - charge if charge < scanned_total else Money.zero(charge.currency)


def _above_limit(discrepancy: Discrepancy, policy: Policy) -> bool:
    return discrepancy.line_difference.amount > policy.manager_override_limit
