"""The answer of a policy what-if: both sides, the changes, the assumptions (frozen)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ..money import Money
from .whatif import RULE_WORDS, Outcome, Replayed
from .whatif_totals import Evidence, Replay, Totals
from .wording import N_, Wording

#: The rows of the side-by-side table: (key of :class:`Totals`, label for people).
ROWS = (
    ("incidents", N_("Incidents replayed")),
    ("given_away", N_("Money given away (honored difference)")),
    ("bonuses", N_("Jurisdiction bonuses owed")),
    ("declines", N_("Declines (scanned price charged)")),
    ("escalations", N_("Escalations to a manager")),
    ("manager_answered", N_("Answered by a manager")),
    ("timed_out", N_("Settled by the timeout policy")),
    ("admin_approvals", N_("Approvals above the manager limit (admin)")),
    ("expected_walk_aways", N_("Expected walk-aways (declines × r)")),
    ("waiting_seconds", N_("Customers' wait for a manager")),
)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side table, in words (``change`` signed: ``+$22.50``)."""

    key: str
    label: str
    recorded: str
    what_if: str
    change: str


@dataclass(frozen=True)
class WhatIf:
    """A store's period replayed under another policy, beside what was recorded.

    :ivar settings: the policy keys set, as given (text).
    :ivar jurisdiction: the store's jurisdiction now, and the what-if's.
    :ivar open_incidents: incidents of the period not resolved yet (not replayed).
    :ivar assumptions: every assumption the replay made, in words.
    :ivar notes: warnings met while rebuilding the options (a plugin that failed).
    :ivar say: the store's words: the table, the rules and the assumptions are written
        with them (the caller gives them; the JSON's machine fields stay locale-free).
    """

    store: str
    store_name: str
    currency: str
    since: date
    until: date
    settings: Mapping[str, str]
    jurisdiction: tuple[str | None, str | None]
    replay: Replay
    evidence: Evidence
    open_incidents: int
    assumptions: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    say: Wording = field(kw_only=True, compare=False, repr=False)

    @property
    def recorded(self) -> Totals:
        """What happened."""
        return self.replay.recorded

    @property
    def what_if(self) -> Totals:
        """What would have happened under the other policy."""
        return self.replay.replayed

    @property
    def walk_aways_avoided(self) -> Decimal:
        """Expected walk-aways recorded minus what-if (negative: more walk away)."""
        return self.recorded.expected_walk_aways - self.what_if.expected_walk_aways

    @property
    def changes(self) -> tuple[Replayed, ...]:
        """The first incidents that end differently (at most ``LISTED_CHANGES``)."""
        return self.replay.changes

    @property
    def policy_words(self) -> str:
        """``auto_honor_max = 15.00, jurisdiction us_mi`` (what the what-if changes)."""
        _ = self.say.gettext
        parts = [f"{key} = {value}" for key, value in self.settings.items()]
        now, then = self.jurisdiction
        if now != then:
            none = _("none")
            parts.append(_("jurisdiction %(then)s (now %(now)s)", then=then or none,
                           now=now or none))  # fmt: skip
        return ", ".join(parts) or _("the store's policy as it is now")

    def rows(self) -> list[Row]:
        """The side-by-side table for people, in the store's words."""
        say = self.say
        return [
            Row(key, say.gettext(label),
                *_texts(key, getattr(self.recorded, key), getattr(self.what_if, key), say))
            for key, label in ROWS
        ]  # fmt: skip

    def rule_counts(self) -> list[tuple[str, int]]:
        """``(words, count)`` for each rule that decided an incident, in the rules' order."""
        return [(self.say.gettext(RULE_WORDS[rule]), n) for rule, n in self.replay.rules.items()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (money and exact decimals as strings), for the API and ``--json``."""
        now, then = self.jurisdiction
        evidence = self.evidence
        median = evidence.median_wait
        return {
            "store": self.store,
            "currency": self.currency,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "settings": dict(self.settings),
            "jurisdiction": {"now": now, "what_if": then},
            "recorded": _totals(self.recorded),
            "what_if": _totals(self.what_if),
            "walk_aways_avoided": _plain(self.walk_aways_avoided),
            "rows": [dataclasses.asdict(row) for row in self.rows()],
            "rules": [
                {"rule": rule.value, "words": self.say.gettext(RULE_WORDS[rule]), "incidents": n}
                for rule, n in self.replay.rules.items()
            ],
            "changed": self.replay.changed,
            "changes": [_change(change) for change in self.changes],
            "evidence": {
                "declines": evidence.declines,
                "declines_with_outcome": evidence.declines_with_outcome,
                "walked_after_decline": evidence.walked_after_decline,
                "walk_away_rate": _plain(evidence.walk_away_rate),
                "answered_escalations": len(evidence.answered_waits),
                "median_wait_seconds": None if median is None else _plain(median),
            },
            "open_incidents": self.open_incidents,
            "assumptions": list(self.assumptions),
            "notes": list(self.notes),
        }


def _totals(totals: Totals) -> dict[str, Any]:
    return {key: _plain(getattr(totals, key)) for key, _ in ROWS}


def _outcome(outcome: Outcome) -> dict[str, Any]:
    return {
        "action": outcome.action,
        "resolution": outcome.resolution.value,
        "charge": str(outcome.charge),
        "escalated": outcome.escalated,
        "wait_seconds": _plain(outcome.wait_seconds),
    }


def _change(change: Replayed) -> dict[str, Any]:
    return {
        "incident_id": change.incident_id,
        "sku": change.sku,
        "description": change.description,
        "rule": change.rule.value,
        "reason": change.reason,
        "recorded": _outcome(change.recorded),
        "what_if": _outcome(change.replayed),
    }


def _plain(value: object) -> Any:
    """Counts as numbers; money and exact decimals as text (never in exponent form)."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value if isinstance(value, int) else str(value)


def _texts(key: str, recorded: Any, what_if: Any, say: Wording) -> tuple[str, str, str]:
    """Both values and the signed change, in words for their kind."""
    if isinstance(recorded, Money):
        return say.money(recorded), say.money(what_if), _signed(what_if - recorded, say.money)
    if key == "waiting_seconds":

        def text(value: Decimal) -> str:
            return _wait(value, say)

    elif key == "expected_walk_aways":  # exact in the JSON; two places here, half-even

        def text(value: Decimal) -> str:
            return say.number(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))

    else:
        text = say.number
    return text(recorded), text(what_if), _signed(what_if - recorded, text)


def _signed(change: Any, text: Callable[[Any], str]) -> str:
    """``+2``, ``−$11.00`` or ``0`` (a true minus sign, as the table's other changes)."""
    if not change:
        return "0"
    amount = change.amount if isinstance(change, Money) else change
    return ("+" if amount > 0 else "−") + text(abs(change))


def _wait(seconds: Decimal, say: Wording) -> str:
    """``45 s`` under two minutes, else minutes to a tenth (``4.0 min``)."""
    if seconds < 120:
        return say.gettext("%(s)s s", s=say.number(seconds.quantize(Decimal(1))))
    return say.gettext("%(min)s min", min=say.number((seconds / 60).quantize(Decimal("0.1"))))
