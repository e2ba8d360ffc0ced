"""The TOML policy file: ``[policy]``, ``[stores.<code>.policy]``, ``plugins_dir``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pos_discrepancy.config import CONFIG_VARIABLE, Settings, load_settings, settings_from_mapping
from pos_discrepancy.domain import Policy
from pos_discrepancy.errors import ConfigurationError

FULL = """
plugins_dir = "my_plugins"

[policy]
jurisdiction = "ca_spac"
auto_honor_max = "2.00"
auto_honor_max_percent = "2.5"
decline_allowed = true
approval_timeout_seconds = 90
on_approval_timeout = "decline"
manager_override_limit = "75.00"

[policy.ca_spac]
bonus_cap = "10.00"

[stores.S002.policy]
decline_allowed = false
auto_honor_max = 5

[stores.S003.policy]
jurisdiction = "us_mi"

[stores.S004]
"""


def write(tmp_path: Path, text: str, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(write(tmp_path, text))
    return caught.value


# --- reading ----------------------------------------------------------------------------------


def test_no_file_means_built_in_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_VARIABLE, raising=False)
    settings = load_settings()
    assert settings == Settings() and settings.policy == Policy()
    assert settings.policy_for("S001") == Policy() and settings.plugins_dir is None


def test_the_environment_variable_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_VARIABLE, str(write(tmp_path, '[policy]\nauto_honor_max = "0.50"\n')))
    assert load_settings().policy.auto_honor_max == Decimal("0.50")


def test_an_explicit_path_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_VARIABLE, str(tmp_path / "missing.toml"))
    path = write(tmp_path, "[policy]\ndecline_allowed = false\n")
    assert load_settings(path).policy.decline_allowed is False


def test_every_policy_key_and_the_store_overrides(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, FULL))
    chain = settings.policy
    assert chain.jurisdiction == "ca_spac"
    assert chain.auto_honor_max == Decimal("2.00")
    assert chain.auto_honor_max_percent == Decimal("2.5")
    assert chain.decline_allowed is True
    assert chain.approval_timeout_seconds == 90
    assert chain.on_approval_timeout == "decline"
    assert chain.manager_override_limit == Decimal("75.00")
    assert chain.extra["ca_spac"]["bonus_cap"] == "10.00"

    s002 = settings.policy_for("S002")
    assert s002.decline_allowed is False and s002.auto_honor_max == Decimal(5)
    # everything else comes from [policy]
    assert s002.approval_timeout_seconds == 90 and s002.jurisdiction == "ca_spac"
    assert s002.extra["ca_spac"]["bonus_cap"] == "10.00"
    assert settings.policy_for("S003").jurisdiction == "us_mi"
    assert settings.policy_for("S004") == chain  # an empty store table changes nothing
    assert settings.policy_for("S999") == chain
    assert settings.jurisdictions() == {"ca_spac", "us_mi"}


def test_jurisdiction_most_specific_first(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, FULL))
    # the store's own [stores.S003.policy] beats its add_store jurisdiction …
    assert settings.policy_for("S003", "au_scanning_code").jurisdiction == "us_mi"
    # … which beats the file's [policy] …
    assert settings.policy_for("S001", "au_scanning_code").jurisdiction == "au_scanning_code"
    s002 = settings.policy_for("S002", "us_ct")
    assert s002.jurisdiction == "us_ct" and s002.decline_allowed is False
    # … which applies when the store has none.
    assert settings.policy_for("S001", None).jurisdiction == "ca_spac"


def test_store_jurisdiction_without_a_file() -> None:
    settings = Settings()
    assert settings.policy_for("S001", "us_ma").jurisdiction == "us_ma"
    assert settings.policy_for("S001").jurisdiction is None


def test_a_relative_plugins_dir_is_relative_to_the_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, FULL))
    assert settings.plugins_dir == str(tmp_path.resolve() / "my_plugins")
    absolute = tmp_path / "elsewhere"
    settings = load_settings(write(tmp_path, f'plugins_dir = "{absolute.as_posix()}"\n'))
    assert settings.plugins_dir == absolute.as_posix()


def test_settings_from_an_already_parsed_document() -> None:
    settings = settings_from_mapping({"policy": {"auto_honor_max": "3"}})
    assert settings.policy.auto_honor_max == Decimal(3)


def test_an_empty_file_is_the_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "")).policy == Policy()


# --- refusing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("[policy]\nauto_honor_max = 2.0\n", "auto_honor_max", '"2.00"'),
        ("[policy]\nmanager_override_limit = 50.5\n", "manager_override_limit", "binary"),
        ("[policy]\nauto_honor_max_percent = 2.5\n", "auto_honor_max_percent", '"2.5"'),
        ('[policy]\nauto_honor_max = "lots"\n', "auto_honor_max", "not an amount"),
        ('[policy]\ndecline_allowed = "no"\n', "decline_allowed", "true or false"),
        ("[policy]\napproval_timeout_seconds = 0\n", "approval_timeout_seconds", "from 1"),
        ('[policy]\non_approval_timeout = "wait"\n', "on_approval_timeout", '"honor"'),
        ('[policy]\njurisdiction = ""\n', "jurisdiction", "jurisdiction plugin"),
        ('[policy]\nauto_honour_max = "2.00"\n', "auto_honour_max", "did you mean"),
    ],
)
def test_bad_policy_values_name_the_key(tmp_path: Path, text: str, field: str, words: str) -> None:
    error = refused(tmp_path, text)
    assert error.field == field and f"[policy] {field}:" in error.message
    assert words in error.message


def test_bad_store_override_names_the_store_table(tmp_path: Path) -> None:
    error = refused(tmp_path, "[stores.S002.policy]\nauto_honor_max = 1.5\n")
    assert error.field == "auto_honor_max"
    assert error.message.startswith("[stores.S002.policy] auto_honor_max: ")


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ('[polcy]\nauto_honor_max = "2.00"\n', "polcy", "unknown section"),
        ('auto_honor_max = "2.00"\n', "auto_honor_max", "unknown section"),
        ('[database]\nurl = "sqlite://"\n', "database", "[stores.<code>.policy]"),
        ("policy = 3\n", "config", "[policy] must be a table"),
        ("stores = 3\n", "config", "[stores] must be a table"),
        ("[stores]\nS001 = 3\n", "config", "[stores.S001] must be a table"),
        ("[stores.S001]\npolicy = 3\n", "config", "[stores.S001.policy] must be a table"),
        ("[stores.S001]\ndecline_allowed = false\n", "decline_allowed", "only a policy table"),
        ('[stores."bad code!".policy]\n', "stores", "letters or digits"),
        ("plugins_dir = 3\n", "plugins_dir", "folder path"),
        ('plugins_dir = ""\n', "plugins_dir", "folder path"),
    ],
)
def test_unknown_and_malformed_sections_are_refused(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    error = refused(tmp_path, text)
    assert error.field == field and words in error.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(tmp_path / "missing.toml")
    assert caught.value.field == "config" and "does not exist" in caught.value.message


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(tmp_path)
    assert caught.value.field == "config" and "is a folder" in caught.value.message


def test_invalid_toml_says_where(tmp_path: Path) -> None:
    error = refused(tmp_path, "[policy\nauto_honor_max = \n")
    assert error.field == "config" and "not valid TOML" in error.message
    assert "line 1" in error.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(b'[policy]\njurisdiction = "\xff"\n')
    with pytest.raises(ConfigurationError) as caught:
        load_settings(path)
    assert caught.value.field == "config" and "UTF-8" in caught.value.message


def test_configuration_errors_are_start_up_errors() -> None:
    assert (
        ConfigurationError.http_status == 500 and ConfigurationError.code == "configuration_error"
    )


# --- through the desk (both databases) -------------------------------------------------------


def test_a_store_override_reaches_the_store(make_desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = write(
        tmp_path,
        '[policy]\nauto_honor_max = "0.25"\n[stores.S002.policy]\ndecline_allowed = false\n',
    )
    desk = make_desk(config=str(config))
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_store("S002", name="Harbour", currency="USD")
    main, harbour = desk.store_info("S001").policy, desk.store_info("S002").policy
    assert main.decline_allowed is True and main.auto_honor_max == Decimal("0.25")
    assert harbour.decline_allowed is False and harbour.auto_honor_max == Decimal("0.25")
    check = desk.check(
        store="S002",
        register="R1",
        cashier="C07",
        sku="1",
        scanned_price="5.00",
        shelf_price="4.00",
    )
    decline = next(o for o in check.options if o.action == "decline")
    assert decline.available is False and decline.reason
