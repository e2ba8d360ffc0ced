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


def _declined_with_scans(app: Flask) -> None:
    """One decline of a 9.97 overcharge, and 1,234 items scanned that day."""
    desk = get_desk(app)
    desk.decide(_report(app), action="decline", cashier="C07")
    desk.record_scans("Q001", desk.clock().date().isoformat(), "1234")


def test_the_dashboard_reads_in_french(pages_app: Flask, quebec: str) -> None:
    _declined_with_scans(pages_app)
    page = unescape(_client(pages_app, "O02").get("/dashboard").text)
    for shown in ("Tableau de bord · ", "Incidents par 1" + NBSP + "000 lectures",
                  "1" + NBSP + "234 lectures en 1 jour", "Exactitude des prix",
                  f"0,00{NBSP}$", "Coût d'honorer vs départs", "Étiquettes corrigées",
                  "Surfacturation (lu au-dessus de l'étiquette)", "Mesures",
                  "(1 incident sur 1" + NBSP + "234 lectures en 1 jour)",
                  "Dernière semaine vs la précédente", "seuil d'inspection 98" + NBSP + "%",
                  "Erronés dans plusieurs magasins"):  # fmt: skip
        assert shown in page, shown
    accuracy = re.search(r'data-measure="price_accuracy_percent">([^<]*)<', page)
    assert accuracy is not None and accuracy.group(1) == "99,92" + NBSP + "%"
    assert '<html lang="fr-CA"' in page
    for english in ("Price accuracy", "Given away by honoring", "1,234", "Measures<"):
        assert english not in page, english


def test_the_what_if_page_reads_in_french(pages_app: Flask, quebec: str) -> None:
    _declined_with_scans(pages_app)
    client = _client(pages_app, "O02")
    form = unescape(client.get("/whatif").text)
    for shown in ("Simulation de politique · Rue Sainte-Catherine (Q001)",
                  "Honorer sans gérant jusqu'à (montant)", "comme maintenant (oui)",
                  "honorer l'étiquette", "Comparer"):  # fmt: skip
        assert shown in form, shown
    sent = {"csrf_token": csrf_token(form), "auto_honor_max": "15.00"}
    page = unescape(client.post("/whatif", data=sent).text)
    for shown in ("Incidents rejoués", "Argent cédé (écart honoré)", f"+9,97{NBSP}$",
                  f"9,97{NBSP}$", "Pourquoi : 1 incident finit autrement",
                  "honorés tout de suite selon les nouvelles règles",
                  "est maintenant offert sans gérant", "Hypothèses",
                  "Seuls les incidents résolus pendant la période"):  # fmt: skip
        assert shown in page, shown
    for english in ("Incidents replayed", "Assumptions", "$9.97"):
        assert english not in page, english


def test_the_sign_in_page_follows_the_browser_language(pages_app: Flask, quebec: str) -> None:
    client = pages_app.test_client()
    french = unescape(client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).text)
    assert "Se connecter" in french and '<html lang="fr-CA"' in french
    assert "Sign in" not in french
    spanish = client.get("/login", headers={"Accept-Language": "es-MX,es;q=0.8"}).text
    assert "Iniciar sesión" in unescape(spanish)
    german = client.get("/login", headers={"Accept-Language": "de-DE"}).text
    assert "Sign in" in german and '<html lang="en-US"' in german
