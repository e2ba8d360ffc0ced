"""A ``fr_CA`` store in real Chromium and over the JSON API: French words, ``9,98 $``.

Screenshots of the French check and of the ops pages go to ``POSDISC_SCREENSHOT_DIR``
(default ``.artifacts/screenshots`` at the top of the checkout) as
``locale-fr_CA-<state or page>-<width>.png``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from pos_discrepancy.web.extension import get_desk

from ..conftest import bearer
from .conftest import browser_sign_in, sign_in

NBSP = "\xa0"
SCREENSHOTS = Path(
    os.environ.get("POSDISC_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[3] / ".artifacts" / "screenshots"
)
QUEBEC = {"store": "Q001", "register": "R1", "cashier": "C07", "sku": "9788883701122"}


def _shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"locale-fr_CA-{name}-{width}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} at {width} px scrolls sideways ({wide} px wide)"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_fr_ca_check_shows_french_words_and_quebec_money(page, quebec) -> None:  # type: ignore[no-untyped-def]
    browser_sign_in(page, "C07", store="Q001")
    assert page.get_attribute("html", "lang") == "fr-CA"
    page.get_by_role("heading", name="Vérification de prix").wait_for()
    page.get_by_label("Prix de l'étiquette").wait_for()
    _shoot(page, "form")
    page.fill("#sku", "9788883701122")
    page.fill("#shelf_price", "9.98")
    page.fill("#scanned_price", "19.95")
    page.get_by_role("button", name="Vérifier le prix").click()
    page.wait_for_url(re.compile(r"/check/[0-9a-f-]{36}$"))
    page.get_by_text("Choisissez, puis dites la phrase").wait_for()
    text = page.inner_text("main")
    assert "Honorer le prix de l'étiquette" in text
    assert f"Je vous facture 9,98{NBSP}$." in text
    assert f"facturer 19,95{NBSP}$" in text
    assert "prix trop élevé" in text.lower()
    assert "$9.98" not in text and "charge" not in text.lower().split()
    _shoot(page, "options")
    page.get_by_role("button", name=re.compile("Facturer le prix lu")).click()
    page.get_by_text("Refusé : le client paie le prix lu").wait_for()
    assert f"Facturer 19,95{NBSP}$" in page.inner_text("main")
    page.get_by_role("button", name="Le client l'a acheté").wait_for()
    _shoot(page, "declined")
    assert (SCREENSHOTS / "locale-fr_CA-options-1280.png").stat().st_size > 10_000


def test_the_api_check_of_a_fr_ca_store_speaks_french_with_plain_amounts(
    pages_app: Flask, quebec: str
) -> None:
    client = pages_app.test_client()
    body = {**QUEBEC, "shelf_price": "9.98", "scanned_price": "19.95", "quantity": 1}
    response = client.post("/api/v1/checks", json=body, headers=bearer(quebec))
    assert response.status_code == 201, response.json
    answer = response.json
    assert answer["difference"] == "9.97"  # machine fields: decimal strings, no locale
    honor = answer["options"][0]
    assert (honor["action"], honor["charge"]) == ("honor", "9.98")
    assert honor["script"].endswith(f"Je vous facture 9,98{NBSP}$.")


def test_an_en_us_store_keeps_its_english_page(pages_app: Flask, quebec: str) -> None:
    client = pages_app.test_client()
    page = sign_in(client, "C07")
    assert '<html lang="en-US">' in page.text
    assert "Price check" in page.text and "Vérification" not in page.text


def test_a_french_page_names_a_bad_field_in_french(pages_app: Flask, quebec: str) -> None:
    client = pages_app.test_client()
    page = sign_in(client, "C07", store="Q001")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    form = {
        "csrf_token": token.group(1),
        "sku": "9788883701122",
        "shelf_price": "abc",
        "scanned_price": "19.95",
        "quantity": "1",
    }
    answer = client.post("/check", data=form)
    assert answer.status_code == 422
    assert "Prix de l&#39;étiquette :" in answer.text
    # the problem itself in French too (the amount errors carry their catalog message)
    assert "n&#39;est pas un montant" in answer.text and "is not an amount" not in answer.text
    form["shelf_price"] = "-5"
    negative = client.post("/check", data=form).text
    assert "ne doit pas être négatif (reçu -5)" in negative and "must not be" not in negative


#: The fr_CA pages beyond the check: (staff code, path, a French heading or text, its name).
FRENCH_PAGES = [
    ("O02", "/incidents", "Incidents au magasin Q001", "incidents"),
    ("O02", "/fix", "Corriger les étiquettes de tablette", "fix"),
    ("O02", "/reports", "Rapports · Rue Sainte-Catherine (Q001)", "reports"),
    ("A01", "/staff", "Personnel de Rue Sainte-Catherine (Q001)", "staff"),
    ("M01", "/deliveries", "Envois aux abonnés", "deliveries"),
    ("M01", "/sync/quarantine", "Quarantaine de synchronisation", "sync-quarantine"),
    ("O02", "/dashboard", "Tableau de bord", "dashboard"),
    ("M01", "/whatif", "Simulation de politique", "whatif"),
]


@pytest.mark.parametrize(("code", "path", "heading", "name"), FRENCH_PAGES)
def test_the_fr_ca_ops_pages_in_chromium(  # type: ignore[no-untyped-def]
    page, pages_app, quebec, code, path, heading, name
) -> None:
    desk = get_desk(pages_app)
    found = desk.check(store="Q001", register="R1", cashier="C07", sku="9788883701122",
                       shelf_price="9.98", scanned_price="19.95", quantity=1)  # fmt: skip
    desk.decide(found.incident_id, action="decline", cashier="C07")
    browser_sign_in(page, code, store="Q001")
    page.goto(path)
    page.get_by_role("heading", name=heading).wait_for()
    assert page.get_attribute("html", "lang") == "fr-CA"
    text = page.inner_text("main")
    if path in ("/incidents", "/fix"):
        assert f"9,98{NBSP}$" in text and "$9.98" not in text
    if path == "/incidents":
        assert "HNE" in text and "1 incident" in text
    if path == "/reports":
        assert f"0,00{NBSP}$" in text  # nothing given away: the tag was declined
        assert "Where the money goes" not in text and "Où va l'argent" in text
    _shoot(page, name)
