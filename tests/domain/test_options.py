"""Options offered to the cashier and the OptionList plugins adjust in place."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain import Action, Option, OptionList, Status
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.money import Money


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def option(action: str = "honor", **changes: object) -> Option:
    values: dict[str, object] = {
        "action": action,
        "label": "Honor tag price",
        "charge": usd("9.98"),
        "requires_approval": False,
        "available": True,
        "script": "You're right; I'll charge you $9.98.",
    }
    values.update(changes)
    return Option(**values)  # type: ignore[arg-type]


def three() -> OptionList:
    return OptionList(
        [
            option("honor"),
            option("escalate", label="Call a manager", requires_approval=True),
            option(
                "decline",
                label="Charge scanned price",
                charge=usd("19.95"),
                resolves_as=Status.DECLINED,
            ),
        ]
    )


# --- Option -----------------------------------------------------------------------------------


def test_option_defaults() -> None:
    honor = option()
    assert honor.resolves_as is Status.HONORED and honor.reason is None and honor.bonus is None


def test_action_enum_values() -> None:
    assert [a.value for a in Action] == ["honor", "escalate", "decline"]
    assert option(Action.HONOR).action == "honor"


def test_unavailable_copy_keeps_the_rest() -> None:
    honor = option()
    blocked = honor.unavailable("State law: the lower price must be charged.")
    assert not blocked.available and blocked.reason.startswith("State law")  # type: ignore[union-attr]
    assert honor.available and replace(blocked, available=True, reason=None) == honor


@pytest.mark.parametrize(
    "changes",
    [
        {"action": ""},
        {"action": None},
        {"charge": "9.98"},
        {"charge": -usd("0.01")},
        {"bonus": "1.00"},
        {"bonus": Money.parse("1.00", "EUR")},
        {"resolves_as": Status.AWAITING_APPROVAL},
        {"resolves_as": Status.DETECTED},
        {"resolves_as": Status.SIGNAGE_FIXED},
    ],
)
def test_malformed_options_fail_where_they_are_built(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        option(**changes)


def test_free_item_option_is_fine() -> None:
    free = option("scanner_code", label="First item free", charge=usd("0.00"), bonus=usd("0.00"))
    assert str(free.charge) == "0.00"


def test_to_dict_is_json_ready_and_round_trips() -> None:
    remedy = option("scanner_code", charge=usd("9.99"), bonus=usd("10.00"), reason=None)
    data = remedy.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["charge"] == "9.99" and data["bonus"] == "10.00"
    assert data["resolves_as"] == "honored"
    assert Option.from_dict(data, "USD") == remedy
    declined = option("decline", resolves_as=Status.DECLINED).unavailable("Policy.")
    assert Option.from_dict(declined.to_dict(), "USD") == declined


def test_from_dict_checks_money() -> None:
    data = option().to_dict()
    data["charge"] = 9.98
    with pytest.raises(InvalidInput) as caught:
        Option.from_dict(data, "USD")
    assert caught.value.field == "charge"


# --- OptionList -------------------------------------------------------------------------------


def test_keeps_order_and_answers_membership() -> None:
    options = three()
    assert [o.action for o in options] == ["honor", "escalate", "decline"]
    assert len(options) == 3 and "escalate" in options and "refund" not in options
    assert options.get("decline").charge == usd("19.95")  # type: ignore[union-attr]
    assert options.get("refund") is None
    assert "honor" in repr(options)


def test_an_action_is_offered_once() -> None:
    options = three()
    with pytest.raises(ValueError, match="already offered"):
        options.add(option("honor"))
    with pytest.raises(ValueError):
        OptionList([option("honor"), option("honor")])


def test_replace_keeps_the_place_or_appends() -> None:
    options = three()
    options.replace(option("escalate", label="Ask a manager", requires_approval=True))
    assert [o.action for o in options] == ["honor", "escalate", "decline"]
    assert options.get("escalate").label == "Ask a manager"  # type: ignore[union-attr]
    options.replace(option("scanner_code", charge=usd("0.00")))
    assert [o.action for o in options][-1] == "scanner_code"


def test_remove_and_remove_missing() -> None:
    options = three()
    options.remove("decline")
    options.remove("decline")  # not offered any more: no error
    assert [o.action for o in options] == ["honor", "escalate"]


def test_mark_unavailable() -> None:
    options = three()
    options.mark_unavailable("decline", "State law: the tag price must be honored.")
    options.mark_unavailable("refund", "ignored: not offered")
    decline = options.get("decline")
    assert decline is not None and not decline.available
    assert [o.action for o in options] == ["honor", "escalate", "decline"]


def test_choose_an_offered_option() -> None:
    assert three().choose("escalate").requires_approval


@pytest.mark.parametrize("action", ["refund", "", None, 3, "HONOR"])
def test_choose_refuses_what_is_not_offered(action: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        three().choose(action)
    assert caught.value.field == "action"
    assert "offered: honor, escalate, decline" in caught.value.message


def test_choose_refuses_an_unavailable_option_with_its_reason() -> None:
    options = three()
    options.mark_unavailable("decline", "State law: the tag price must be honored.")
    with pytest.raises(InvalidInput) as caught:
        options.choose("decline")
    assert caught.value.field == "action"
    assert caught.value.message.endswith("State law: the tag price must be honored.")


def test_choose_an_unavailable_option_without_a_reason_still_reads_well() -> None:
    options = OptionList([option("decline", available=False, resolves_as=Status.DECLINED)])
    with pytest.raises(InvalidInput) as caught:
        options.choose("decline")
    assert "None" not in caught.value.message and "not available" in caught.value.message


def test_empty_list() -> None:
    with pytest.raises(InvalidInput, match="offered: none"):
        OptionList().choose("honor")


@given(st.lists(st.sampled_from(["honor", "escalate", "decline", "extra"]), max_size=12))
def test_operations_keep_one_option_per_action(operations: list[str]) -> None:
    options = OptionList()
    for step, action in enumerate(operations):
        if step % 3 == 0:
            options.replace(option(action))
        elif step % 3 == 1:
            options.mark_unavailable(action, "no")
        else:
            options.remove(action)
    actions = [o.action for o in options]
    assert len(actions) == len(set(actions)) == len(options)


def test_from_dict_reads_line_totals_past_the_per_item_limit() -> None:
    # 9999 units at 999,999.99 is a line total far above what one price may be.
    big = option(charge=usd("999999.99") * 9999, bonus=usd("10.00"))
    assert Option.from_dict(big.to_dict(), "USD") == big
    assert Option.from_dict(big.to_dict(), "usd").charge.currency == "USD"
