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

#: The rows of the side-by-side table: (key of :class:`Totals`, label for people).
ROWS = (
    ("incidents", "Incidents replayed"),
    ("given_away", "Money given away (honored difference)"),
    ("bonuses", "Jurisdiction bonuses owed"),
    ("declines", "Declines (scanned price charged)"),
    ("escalations", "Escalations to a manager"),
    ("manager_answered", "Answered by a manager"),
    ("timed_out", "Settled by the timeout policy"),
    ("admin_approvals", "Approvals above the manager limit (admin)"),
    ("expected_walk_aways", "Expected walk-aways (declines × r)"),
    ("waiting_seconds", "Customers' wait for a manager"),
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
        parts = [f"{key} = {value}" for key, value in self.settings.items()]
        now, then = self.jurisdiction
        if now != then:
            parts.append(f"jurisdiction {then or 'none'} (now {now or 'none'})")
        return ", ".join(parts) or "the store's policy as it is now"

    def rows(self) -> list[Row]:
        """The side-by-side table for people."""
        return [
            Row(key, label, *_texts(key, getattr(self.recorded, key), getattr(self.what_if, key)))
            for key, label in ROWS
        ]

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
                {"rule": rule.value, "words": RULE_WORDS[rule], "incidents": count}
                for rule, count in self.replay.rules.items()
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


def _texts(key: str, recorded: Any, what_if: Any) -> tuple[str, str, str]:
    """Both values and the signed change, in words for their kind."""
    if isinstance(recorded, Money):
        return recorded.format(), what_if.format(), _signed(what_if - recorded, Money.format)
    if key == "waiting_seconds":
        return _wait(recorded), _wait(what_if), _signed(what_if - recorded, _wait)
    if key == "expected_walk_aways":  # exact in the JSON; two places here, half-even

        def text(value: Decimal) -> str:
            return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))

        return text(recorded), text(what_if), _signed(what_if - recorded, text)
    return f"{recorded:,}", f"{what_if:,}", _signed(what_if - recorded, lambda v: f"{v:,}")


def _signed(change: Any, text: Callable[[Any], str]) -> str:
    """``+2``, ``−$11.00`` or ``0`` (a true minus sign, as the table's other changes)."""
    if not change:
        return "0"
    amount = change.amount if isinstance(change, Money) else change
    return ("+" if amount > 0 else "−") + text(abs(change))


def _wait(seconds: Decimal) -> str:
    """``45 s`` under two minutes, else minutes to a tenth (``4.0 min``)."""
    if seconds < 120:
        return f"{seconds.quantize(Decimal(1)):,} s"
    return f"{(seconds / 60).quantize(Decimal('0.1')):,} min"
