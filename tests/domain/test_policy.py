"""Policy: the design §5 keys, each validated with an error that names it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain import Policy, StoreInfo
from pos_discrepancy.domain.policy import MAX_TIMEOUT, POLICY_KEYS
from pos_discrepancy.errors import ConfigurationError


def test_defaults_favour_the_waiting_customer() -> None:
    policy = Policy()
    assert policy.jurisdiction is None
    assert policy.auto_honor_max == Decimal("1.00")
    assert policy.auto_honor_max_percent == Decimal(0)
    assert policy.decline_allowed is True
    assert policy.approval_timeout_seconds == 120
    assert policy.on_approval_timeout == "honor"
    assert policy.manager_override_limit == Decimal("50.00")
    assert dict(policy.extra) == {}


def test_policy_keys_are_the_design_keys() -> None:
    design = {
        "jurisdiction",
        "auto_honor_max",
        "auto_honor_max_percent",
        "decline_allowed",
        "approval_timeout_seconds",
        "on_approval_timeout",
        "manager_override_limit",
    }
    # design §5's keys, plus the keys added since (added, never renamed)
    assert set(POLICY_KEYS) == design | {"max_clock_ahead_seconds"}


def test_every_key_is_read() -> None:
    policy = Policy.from_mapping(
        {
            "jurisdiction": "ca_spac",
            "auto_honor_max": "2.50",
            "auto_honor_max_percent": "2.5",
            "decline_allowed": False,
            "approval_timeout_seconds": 45,
            "on_approval_timeout": "decline",
            "manager_override_limit": 100,
        }
    )
    assert policy.jurisdiction == "ca_spac"
    assert policy.auto_honor_max == Decimal("2.50")
    assert policy.auto_honor_max_percent == Decimal("2.5")
    assert policy.decline_allowed is False
    assert policy.approval_timeout_seconds == 45
    assert policy.on_approval_timeout == "decline"
    assert policy.manager_override_limit == Decimal(100)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("auto_honor_max", "0", Decimal(0)),
        ("auto_honor_max", 5, Decimal(5)),
        ("auto_honor_max", " 2.00 ", Decimal("2.00")),
        ("auto_honor_max", "1.250", Decimal("1.250")),  # a three-decimal currency
        ("auto_honor_max_percent", 0, Decimal(0)),
        ("auto_honor_max_percent", "100", Decimal(100)),
        ("auto_honor_max_percent", "0.25", Decimal("0.25")),
        ("manager_override_limit", "999999.99", Decimal("999999.99")),
        ("approval_timeout_seconds", 1, 1),
        ("approval_timeout_seconds", MAX_TIMEOUT, MAX_TIMEOUT),
        ("on_approval_timeout", "honor", "honor"),
        ("decline_allowed", True, True),
        ("jurisdiction", " us_mi ", "us_mi"),
        ("jurisdiction", None, None),
    ],
)
def test_good_values(key: str, value: object, expected: object) -> None:
    assert getattr(Policy.from_mapping({key: value}), key) == expected


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("auto_honor_max", 2.0, 'write amounts as strings, e.g. auto_honor_max = "2.00"'),
        ("auto_honor_max", 2.5, "TOML float is binary"),
        ("auto_honor_max", "two dollars", "not an amount"),
        ("auto_honor_max", "1e3", "not an amount"),
        ("auto_honor_max", "NaN", "not an amount"),
        ("auto_honor_max", "inf", "not an amount"),
        ("auto_honor_max", "", "empty"),
        ("auto_honor_max", "-1.00", "negative"),
        ("auto_honor_max", "1.0001", "more than 3 decimal places"),
        ("auto_honor_max", "1000000", "below 1000000"),
        ("auto_honor_max", True, "bool"),
        ("auto_honor_max", [1], "list"),
        ("manager_override_limit", 50.0, 'manager_override_limit = "2.00"'),
        ("manager_override_limit", "-5", "negative"),
        (
            "auto_honor_max_percent",
            2.5,
            'auto_honor_max_percent = "2.5" or auto_honor_max_percent = 5',
        ),
        ("auto_honor_max_percent", "101", "from 0 to 100"),
        ("auto_honor_max_percent", "-1", "negative"),
        ("auto_honor_max_percent", "2.12345", "more than 4 decimal places"),
        ("auto_honor_max_percent", "5%", "not an amount"),
        ("decline_allowed", "false", "true or false"),
        ("decline_allowed", 0, "true or false"),
        ("approval_timeout_seconds", 0, "from 1 to 86400"),
        ("approval_timeout_seconds", -5, "from 1 to 86400"),
        ("approval_timeout_seconds", MAX_TIMEOUT + 1, "from 1 to 86400"),
        ("approval_timeout_seconds", 1.5, "whole number"),
        ("approval_timeout_seconds", "120", "whole number"),
        ("approval_timeout_seconds", True, "whole number"),
        ("on_approval_timeout", "maybe", '"honor" or "decline"'),
        ("on_approval_timeout", "HONOR", '"honor" or "decline"'),
        ("on_approval_timeout", True, '"honor" or "decline"'),
        ("on_approval_timeout", ["honor"], '"honor" or "decline"'),
        ("jurisdiction", "", "name of a jurisdiction plugin"),
        ("jurisdiction", "   ", "name of a jurisdiction plugin"),
        ("jurisdiction", 7, "name of a jurisdiction plugin"),
    ],
)
def test_bad_values_name_the_key(key: str, value: object, words: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Policy.from_mapping({key: value}, where="[stores.S002.policy]")
    error = caught.value
    assert error.field == key
    assert error.message.startswith(f"[stores.S002.policy] {key}: ")
    assert words in error.message


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("auto_honour_max", "auto_honor_max"),
        ("decline_alowed", "decline_allowed"),
        ("manager_overide_limit", "manager_override_limit"),
        ("approval_timeout", "on_approval_timeout"),
        ("jurisdication", "jurisdiction"),
        ("auto_honor_percent", "auto_honor_max_percent"),
    ],
)
def test_a_misspelt_key_is_refused_with_a_suggestion(key: str, suggestion: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Policy.from_mapping({key: "2.00"})
    assert caught.value.field == key
    assert f"did you mean {suggestion}?" in caught.value.message


def test_plugin_keys_and_tables_are_kept_for_plugins() -> None:
    policy = Policy.from_mapping({"bonus_max": "5.00", "ca_spac": {"bonus_cap": "10.00"}})
    assert policy.extra["bonus_max"] == "5.00"
    assert policy.extra["ca_spac"]["bonus_cap"] == "10.00"
    with pytest.raises(TypeError):
        policy.extra["other"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        policy.extra["ca_spac"]["bonus_cap"] = "0"  # type: ignore[index]


def test_updated_applies_overrides_on_top() -> None:
    chain = Policy.from_mapping({"auto_honor_max": "2.00", "bonus_max": "5.00"})
    store = chain.updated({"decline_allowed": False}, where="[stores.S002.policy]")
    assert store.auto_honor_max == Decimal("2.00") and store.decline_allowed is False
    assert store.extra["bonus_max"] == "5.00"
    assert chain.decline_allowed is True  # the original is untouched


def test_policy_is_immutable() -> None:
    with pytest.raises(AttributeError):
        Policy().decline_allowed = False  # type: ignore[misc]


def test_store_info_carries_a_policy() -> None:
    info = StoreInfo(code="S001", name="Main St", currency="USD")
    assert info.policy == Policy() and info.timezone == "UTC" and info.jurisdiction is None


@given(st.dictionaries(st.sampled_from(POLICY_KEYS), st.from_type(object), max_size=3))
def test_any_values_are_a_policy_or_a_configuration_error(data: dict[str, object]) -> None:
    try:
        policy = Policy.from_mapping(data)
    except ConfigurationError as error:
        assert error.field in data
    else:
        assert policy.approval_timeout_seconds >= 1
        assert 0 <= policy.auto_honor_max_percent <= 100


@given(st.text(max_size=20), st.text(max_size=20))
def test_any_text_amount_is_an_amount_or_a_configuration_error(amount: str, percent: str) -> None:
    for key, value in (("auto_honor_max", amount), ("auto_honor_max_percent", percent)):
        try:
            parsed = getattr(Policy.from_mapping({key: value}), key)
        except ConfigurationError as error:
            assert error.field == key
        else:
            assert isinstance(parsed, Decimal) and parsed.is_finite() and parsed >= 0
