"""The store's language through the Python API (design §5 additions: ``locale``)."""

from __future__ import annotations

from typing import Any

import pytest

from pos_discrepancy import DiscrepancyError, InvalidInput
from pos_discrepancy.desk import Desk
from pos_discrepancy.i18n import check_locale, words

from ..conftest import add_quebec

NBSP = "\xa0"


def scan(desk: Desk, store: str, *, shelf: str, scanned: str, quantity: int = 1) -> Any:
    """One check at register R1."""
    line = {"scanned_price": scanned, "shelf_price": shelf, "quantity": quantity}
    return desk.check(store=store, register="R1", cashier="C07", sku="9788883701122", **line)


@pytest.fixture
def quebec(desk: Desk) -> Desk:
    """Store Q001 in Montreal: CAD, fr_CA."""
    add_quebec(desk)
    return desk


def test_a_store_is_en_us_unless_told(desk: Desk) -> None:
    assert desk.add_store("S001", name="Main St", currency="USD").locale == "en_US"
    assert desk.store_info("S001").locale == "en_US"
    assert [s.locale for s in desk.list_stores()] == ["en_US"]


def test_a_fr_ca_store_gets_french_words_and_quebec_money(quebec: Desk) -> None:
    assert quebec.store_info("Q001").locale == "fr_CA"
    check = scan(quebec, "Q001", shelf="9.98", scanned="19.95")
    honor, escalate, decline = check.options
    assert honor.label == "Honorer le prix de l'étiquette"
    assert honor.script == (
        f"Vous avez raison, l'étiquette affiche un prix plus bas. Je vous facture 9,98{NBSP}$."
    )
    assert escalate.label == "Appeler un gérant"
    assert f"19,95{NBSP}$" in decline.script
    assert str(honor.charge) == "9.98"  # machine fields stay locale-free


def test_an_es_us_store_gets_spanish_words(desk: Desk) -> None:
    desk.add_store("S002", name="Calle Ocho", currency="USD", locale="es_US")
    check = scan(desk, "S002", shelf="2.50", scanned="3.00")
    assert check.options[0].label == "Respetar el precio de la etiqueta"
    assert "Le cobraré $2.50." in check.options[0].script


def test_an_undercharge_in_french(quebec: Desk) -> None:
    check = scan(quebec, "Q001", shelf="2.50", scanned="2.00")
    assert check.options[0].script == (
        f"Bonne nouvelle : cet article passe à un prix plus bas que l'étiquette; "
        f"vous payez donc 2,00{NBSP}$."
    )


@pytest.mark.parametrize("bad", ["xx_YY", "en_XX", "", "   ", "français", 12, None])
def test_a_bad_locale_is_refused_naming_the_field(desk: Desk, bad: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        desk.add_store("S009", name="X", currency="USD", locale=bad)  # type: ignore[arg-type]
    assert caught.value.field == "locale"
    assert caught.value.message.startswith("locale: ")
    assert "such as en_US, en_CA, fr_CA or es_US" in caught.value.message
    with pytest.raises(DiscrepancyError):
        desk.store_info("S009")  # nothing stored


def test_locale_names_are_normalised() -> None:
    assert check_locale("fr-ca") == "fr_CA"
    assert check_locale("EN_us") == "en_US"


@pytest.mark.parametrize(
    ("locale", "one", "two"),
    [
        ("en_US", "The other one is at", "The other 2 are at"),
        ("fr_CA", "L'autre est au", "Les 2 autres sont au"),
        ("es_US", "El otro tiene", "Los otros 2 tienen"),
    ],
)
def test_plural_forms(locale: str, one: str, two: str) -> None:
    say = words(locale)
    forms = [
        say.ngettext(
            "The other one is at the lowest shelf price of %(price)s.",
            "The other %(num)s are at the lowest shelf price of %(price)s.",
            count,
            price="x",
        )
        for count in (1, 2)
    ]
    assert forms[0].startswith(one) and forms[1].startswith(two)


def test_counts_are_written_for_the_locale() -> None:
    assert words("en_US").number(1250) == "1,250"
    assert words("fr_CA").number(1250) == f"1{NBSP}250"


def test_a_locale_without_a_catalog_reads_english_with_its_own_money(desk: Desk) -> None:
    desk.add_store("A001", name="George St", currency="AUD", locale="en_AU")
    check = scan(desk, "A001", shelf="2.50", scanned="3.00")
    assert check.options[0].script.endswith("I'll charge you $2.50.")


def test_a_quebec_store_under_the_scanner_code_gets_french(make_desk) -> None:  # type: ignore[no-untyped-def]
    import posdisc_ca_spac

    desk = make_desk(plugins=[posdisc_ca_spac])
    desk.add_store("Q002", name="Laval", currency="CAD", jurisdiction="ca_spac", locale="fr_CA")
    check = scan(desk, "Q002", shelf="19.99", scanned="24.99", quantity=2)
    code = check.options[0]
    assert code.label == f"10{NBSP}$ de rabais"
    assert code.script.startswith(
        "Selon notre Code de pratique sur l'exactitude des prix lus par lecteur optique : "
    )
    assert f"vous payez donc 9,99{NBSP}$." in code.script
    assert code.script.endswith(f"L'autre est au prix le plus bas affiché en rayon, 19,99{NBSP}$.")
    honor = next(o for o in check.options if o.action == "honor")
    assert honor.label == "Honorer le prix de l'étiquette"  # not respelled "Honour..."
    assert "accorde davantage au client" in (honor.reason or "")
