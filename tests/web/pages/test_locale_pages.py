"""The ops, manager and admin pages of a ``fr_CA`` store: French words, ``9,98 $``,
counts and times written for the locale on the store's clock (Montreal, ``HNE``)."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask

from pos_discrepancy.web.extension import get_desk

from .conftest import csrf_token, sign_in

NBSP = "\xa0"
NOVEL = "9788883701122"


def _report(app: Flask, shelf_price: str = "9.98", quantity: int = 1) -> str:
    found = get_desk(app).check(
        store="Q001", register="R1", cashier="C07", sku=NOVEL, shelf_price=shelf_price,
        scanned_price="19.95", quantity=quantity, location="A7-B3",
    )  # fmt: skip
    assert found.incident_id
    return found.incident_id


def _client(app: Flask, code: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, code, store="Q001").status_code == 200
    return client


def test_the_incident_list_and_one_incident_read_in_french(pages_app: Flask, quebec: str) -> None:
    incident_id = _report(pages_app, quantity=2)
    client = _client(pages_app, "O02")
    page = unescape(client.get("/incidents").text)
    for shown in ("Incidents au magasin Q001", "Étiquette pas encore corrigée", "1 incident",
                  f"9,98{NBSP}$", f"19,95{NBSP}$", f"19,94{NBSP}$", "prix trop élevé",
                  "Ouvert, sans décision", "2026-11-25 10:00 HNE", "Écart ligne"):  # fmt: skip
        assert shown in page, shown
    assert "$9.98" not in page and "Tag not fixed yet" not in page
    one = unescape(client.get(f"/incidents/{incident_id}").text)
    for shown in ("Ce qui s'est passé", "Prix de l'étiquette", "caissier C07",
                  "Aucune décision pour l'instant.",
                  "Promotion terminée, étiquette laissée en place",
                  "Marquer corrigée", ">détecté<", "2026-11-25 10:00 HNE"):  # fmt: skip
        assert shown in one, shown
    form = {"csrf_token": csrf_token(one), "cause": "wrong_location"}
    answer = client.post(f"/incidents/{incident_id}/fix", data=form, follow_redirects=True)
    assert "Marquée corrigée : Roman de poche (9788883701122)." in unescape(answer.text)
    assert "Étiquette au mauvais endroit" in unescape(answer.text)
    assert "2026-11-25 10:00 HNE par O02" in unescape(answer.text)


def test_the_fix_page_counts_in_french(pages_app: Flask, quebec: str) -> None:
    _report(pages_app)
    _report(pages_app, shelf_price="8.50")
    client = _client(pages_app, "O02")
    page = unescape(client.get("/fix").text)
    assert "Corriger les étiquettes de tablette" in page and "Reste à corriger" in page
    assert f"2{NBSP}×" in page or "2 ×" in page
    answer = client.post("/fix", data={"csrf_token": csrf_token(page), "sku": NOVEL},
                         follow_redirects=True)  # fmt: skip
    assert "Corrigée : Roman de poche (9788883701122) — 2 incidents" in unescape(answer.text)
    assert "Chaque étiquette signalée est corrigée." in unescape(answer.text)
    answer = client.post("/fix", data={"csrf_token": csrf_token(page), "sku": ""})
    assert "Non corrigée : lisez d'abord une étiquette" in unescape(answer.text)


def test_the_staff_page_reads_in_french(pages_app: Flask, quebec: str) -> None:
    client = _client(pages_app, "A01")
    page = unescape(client.get("/staff").text)
    for shown in ("Personnel de Rue Sainte-Catherine (Q001)", "Peut se connecter", "(vous)",
                  ">gérant<", "Ajouter un employé", "Nouveau NIP"):  # fmt: skip
        assert shown in page, shown
    form = {"csrf_token": csrf_token(page), "code": "C09", "name": "Zoé", "role": "cashier"}
    answer = client.post("/staff", data=form, follow_redirects=True)
    added = "C09 (Zoé) ajouté comme caissier (sans NIP : ne peut pas encore se connecter)."
    assert added in unescape(answer.text)
    form = {"csrf_token": csrf_token(page), "pin": "1234", "pin_again": "4321"}
    refused = client.post("/staff/C09/pin", data=form)
    assert "NIP de nouveau :" in unescape(refused.text)


def test_the_deliveries_and_quarantine_pages_read_in_french(pages_app: Flask, quebec: str) -> None:
    client = _client(pages_app, "M01")
    deliveries = unescape(client.get("/deliveries").text)
    assert "Envois aux abonnés" in deliveries
    assert re.search("Aucun abonné n'est installé|Rien n'attend", deliveries)
    page = unescape(client.get("/sync/quarantine").text)
    assert "Quarantaine de synchronisation" in page
    assert "Chaque événement synchronisé a été appliqué." in page
    answer = client.post("/deliveries/retry", data={"csrf_token": csrf_token(page)},
                         follow_redirects=True)  # fmt: skip
    assert re.search("0 événements? en attente", unescape(answer.text))
