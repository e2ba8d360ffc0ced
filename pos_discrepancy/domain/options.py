"""What the cashier can do about a discrepancy, and what each choice charges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from ..errors import N_, InvalidInput
from ..money import Money
from .incident import Resolution, Status


class Action(StrEnum):
    """The three built-in choices. Plugins may add other action names (remedies)."""

    HONOR = "honor"
    ESCALATE = "escalate"
    DECLINE = "decline"


@dataclass(frozen=True, slots=True)
class Option:
    """One choice offered to the cashier.

    :ivar action: the name the cashier (or POS) sends back to choose it.
    :ivar label: a two-to-four-word button text.
    :ivar charge: what the customer pays for the whole line if this option is taken.
    :ivar requires_approval: choosing it waits for a manager.
    :ivar available: ``False`` when policy or law forbids it; ``reason`` says why.
    :ivar script: short, courteous words for the cashier to say to the customer.
    :ivar resolves_as: the final state once taken (and approved, if needed).
    :ivar bonus: money owed to the customer on top of the charge (jurisdiction rules).
    """

    action: str
    label: str
    charge: Money
    requires_approval: bool
    available: bool
    script: str
    resolves_as: Status = Status.HONORED
    reason: str | None = None
    bonus: Money | None = None

    def __post_init__(self) -> None:
        # Options come from plugins too: a malformed one should fail where it is built.
        if not isinstance(self.action, str) or not self.action:
            raise ValueError("Option.action must be a non-empty string")
        if not isinstance(self.charge, Money) or self.charge.amount < 0:
            raise ValueError(f"option {self.action!r}: charge must be Money of zero or more")
        if self.bonus is not None and (
            not isinstance(self.bonus, Money) or self.bonus.currency != self.charge.currency
        ):
            raise ValueError(f"option {self.action!r}: bonus must be Money in the charge currency")
        if self.resolves_as not in (Status.HONORED, Status.DECLINED):
            raise ValueError(f"option {self.action!r}: resolves_as must be honored or declined")

    def unavailable(self, reason: str) -> Option:
        """A copy of this option marked unavailable with ``reason`` shown to the cashier."""
        return replace(self, available=False, reason=reason)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (money as decimal strings)."""
        return {
            "action": self.action,
            "label": self.label,
            "charge": str(self.charge),
            "requires_approval": self.requires_approval,
            "available": self.available,
            "reason": self.reason,
            "script": self.script,
            "resolves_as": self.resolves_as.value,
            "bonus": None if self.bonus is None else str(self.bonus),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], currency: str) -> Option:
        """Inverse of :meth:`to_dict`.

        Amounts are read back exactly, without ``Money.parse``'s per-item plausibility
        limit: a stored charge is a line total (quantity x price) and may exceed it.
        """
        bonus = data.get("bonus")
        return cls(
            action=data["action"],
            label=data["label"],
            charge=_stored_amount(data["charge"], currency, "charge"),
            requires_approval=data["requires_approval"],
            available=data["available"],
            reason=data.get("reason"),
            script=data["script"],
            resolves_as=Status(data.get("resolves_as", Status.HONORED)),
            bonus=None if bonus is None else _stored_amount(bonus, currency, "bonus"),
        )


def _stored_amount(value: object, currency: str, field: str) -> Money:
    """An amount read back: checked like input (no float, exact) but with no upper limit."""
    return Money.parse(value, currency, field=field, maximum=None)


class OptionList:
    """The options being assembled for one discrepancy; plugins adjust it in place.

    Keeps insertion order (the order the cashier sees) and one option per action.
    """

    def __init__(self, options: Iterable[Option] = ()) -> None:
        self._options: dict[str, Option] = {}
        for option in options:
            self.add(option)

    def __iter__(self) -> Iterator[Option]:
        return iter(self._options.values())

    def __len__(self) -> int:
        return len(self._options)

    def __repr__(self) -> str:
        return f"OptionList({list(self._options.values())!r})"

    def __contains__(self, action: object) -> bool:
        return action in self._options

    def get(self, action: str) -> Option | None:
        """The option for ``action``, or ``None``."""
        return self._options.get(action)

    def add(self, option: Option) -> None:
        """Add an option; an action may appear only once."""
        if option.action in self._options:
            raise ValueError(f"option {option.action!r} is already offered")
        self._options[option.action] = option

    def replace(self, option: Option) -> None:
        """Put ``option`` in place of the one with the same action (or add it at the end)."""
        self._options[option.action] = option

    def remove(self, action: str) -> None:
        """Stop offering ``action`` (no error when it is not offered)."""
        self._options.pop(action, None)

    def mark_unavailable(self, action: str, reason: str) -> None:
        """Keep showing ``action`` but forbid it, with ``reason`` shown to the cashier."""
        option = self._options.get(action)
        if option is not None:
            self._options[action] = option.unavailable(reason)

    def choose(self, action: object) -> Option:
        """The option the cashier picked; refuses unknown or unavailable actions."""
        if not isinstance(action, str) or action not in self._options:
            offered = ", ".join(self._options) or "none"
            raise InvalidInput.worded(
                "action",
                N_("%(action)s is not offered here (offered: %(offered)s)"),
                action=repr(action),
                offered=offered,
            )
        option = self._options[action]
        if not option.available:
            why = option.reason or "store policy does not allow it here"
            raise InvalidInput.worded(
                "action", N_("%(action)s is not available: %(why)s"), action=repr(action), why=why
            )
        return option


def settle_on_timeout(
    options: OptionList, requested_action: str | None, on_timeout: str
) -> tuple[Resolution, Option]:
    """How an escalation nobody answered in time ends (policy ``on_approval_timeout``).

    ``"decline"`` charges the scanned price when declining is available; otherwise (and
    for ``"honor"``) the requested option (the tag price, or a rule's remedy) is honored.
    """
    decline = options.get(Action.DECLINE)
    if on_timeout == "decline" and decline is not None and decline.available:
        return Resolution.DECLINED, decline
    honor = options.get(requested_action or Action.ESCALATE)
    return Resolution.HONORED, honor or options.choose(Action.HONOR)
