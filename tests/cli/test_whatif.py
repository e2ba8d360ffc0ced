"""``posdisc whatif``: the table, the assumptions, ``--json`` equal to the Python API's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from pos_discrepancy.desk import Desk
from pos_discrepancy.money import Money

from ..service.conftest import PERIOD, case_config, seed_case

CHEAP = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
ARGS = ["whatif", "--store", "S001", "--since", PERIOD["since"], "--until", PERIOD["until"]]


def seeded(make_desk: Any, clock: Any, tmp_path: Path) -> tuple[Desk, Path]:
    config = case_config(tmp_path)
    desk: Desk = make_desk(config=config, pin_hasher=CHEAP)
    seed_case(desk, clock)
    return desk, config


def test_the_table_shows_both_sides_and_the_assumptions(
    invoke: Any, make_desk: Any, clock: Any, tmp_path: Path
) -> None:
    _, config = seeded(make_desk, clock, tmp_path)
    result = invoke([*ARGS, "--set", "auto_honor_max=15.00"], config=config)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "Policy: auto_honor_max = 15.00"
    given = next(line for line in lines if line.startswith("Money given away"))
    assert given.split()[-3:] == ["$11.00", "$33.50", "+$22.50"]
    walk = next(line for line in lines if line.startswith("Expected walk-aways"))
    assert walk.split()[-3:] == ["1.00", "0.00", "−1.00"]
    assert "Walk-aways avoided (expected): 1.0000" in lines
    assert "  3 honored at once under the new rules" in lines
    assert "Assumptions:" in lines
    assert any("r = 0.5000" in line for line in lines)


def test_json_is_what_the_python_api_answers(
    invoke: Any, make_desk: Any, clock: Any, tmp_path: Path
) -> None:
    desk, config = seeded(make_desk, clock, tmp_path)
    args = [*ARGS, "--set", "auto_honor_max=15.00", "--set", "decline_allowed=false", "--json"]
    result = invoke(args, config=config)
    assert result.exit_code == 0, result.output
    expected = desk.whatif(
        "S001", **PERIOD, settings={"auto_honor_max": "15.00", "decline_allowed": "false"}
    )
    assert json.loads(result.output) == expected.to_dict()
    assert json.loads(result.output)["what_if"]["given_away"] == "33.50"


def test_bad_input_is_one_line_naming_the_field(
    invoke: Any, make_desk: Any, clock: Any, tmp_path: Path
) -> None:
    _, config = seeded(make_desk, clock, tmp_path)
    cases = [
        (["--set", "auto_honour_max=15"], "auto_honour_max: is not a what-if setting"),
        (["--set", "auto_honor_max=abc"], "auto_honor_max: 'abc' is not an amount"),
        (["--set", "auto_honor_max"], "--set: 'auto_honor_max' should read KEY=VALUE"),
        (["--jurisdiction", "atlantis"], "jurisdiction: no installed plugin provides atlantis"),
    ]
    for extra, message in cases:
        result = invoke([*ARGS, *extra], config=config)
        assert result.exit_code == 1, extra
        assert result.output.startswith(f"Error: {message}"), result.output
        assert "Traceback" not in result.output
    empty = invoke(["whatif", "--store", "S001", "--since", "2026-12-01", "--until",
                    "2026-12-31"], config=config)  # fmt: skip
    assert empty.exit_code == 1
    assert "since: no incidents at S001 from 2026-12-01 to 2026-12-31" in empty.output


def test_on_the_demo_store_a_no_decline_policy_honors_the_orange_juice(desk: Desk) -> None:
    """The demo's morning: the cashier declined 0.50 on orange juice. With declines not
    allowed it is honored instead: 0.50 more given away, one decline fewer, explained."""
    from pos_discrepancy.cli import demo_data

    demo_data.seed(desk)
    demo_data.seed_incidents(desk)
    result = desk.whatif(demo_data.STORE, settings={"decline_allowed": "false"})
    assert result.what_if.given_away - result.recorded.given_away == Money.parse("0.50", "USD")
    assert (result.recorded.declines, result.what_if.declines) == (1, 0)
    assert result.replay.changed == 1
    [change] = result.changes
    assert change.description == "Orange juice 1.75 L"
    assert change.reason.startswith("decline is not allowed (Store policy")
    assert result.open_incidents == 1  # the novel still waiting for a manager
