"""A ``fr_CA`` store's pages word the problems of the domain and the service in French
(``DiscrepancyError.worded``), not only the field's name; the API keeps English."""

from __future__ import annotations

from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from pos_discrepancy.web.extension import get_desk

from ..conftest import bearer
from .conftest import csrf_token, sign_in

NOVEL = "9788883701122"
NBSP = "\xa0"


def _signed_in(app: Flask, code: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, code, store="Q001").status_code == 200
    return client


def _check(client: FlaskClient, **sent: str) -> tuple[int, str]:
    """The check form sent with ``sent`` over a good overcharge; (status, page text)."""
    form = {"sku": NOVEL, "shelf_price": "9.98", "scanned_price": "19.95", "quantity": "1"}
    form |= sent
    answer = client.post("/check", data={"csrf_token": csrf_token(client.get("/check").text),
                                         **form})  # fmt: skip
    return answer.status_code, unescape(answer.text)


def _escalated(app: Flask, *, cashier: str = "C07", scanned_price: str = "19.95") -> str:
    desk = get_desk(app)
    check = desk.check(store="Q001", register="R1", cashier=cashier, sku=NOVEL,
                       shelf_price="9.98", scanned_price=scanned_price)  # fmt: skip
    assert check.incident_id
    desk.decide(check.incident_id, action="escalate", cashier=cashier)
    return check.incident_id


def _decide(client: FlaskClient, incident_id: str, pin: str) -> str:
    form = {"csrf_token": csrf_token(client.get("/approvals").text), "pin": pin, "note": "",
            "decision": f"{incident_id}:approve"}  # fmt: skip
    return unescape(client.post("/approvals/decide", data=form, follow_redirects=True).text)


def test_a_quantity_of_zero_reads_in_french(pages_app: Flask, quebec: str) -> None:
    status, text = _check(_signed_in(pages_app, "C07"), quantity="0")
    assert status == 422
    assert "Quantité : doit être entre 1 et 9999, pas 0" in text
    assert "must be between" not in text


def test_a_sku_with_a_space_reads_in_french(pages_app: Flask, quebec: str) -> None:
    status, text = _check(_signed_in(pages_app, "C07"), sku="978 8883701122")
    assert status == 422
    assert "'978 8883701122' contient une espace; tapez le code exactement" in text
    assert "has a space inside" not in text


def test_a_missing_sku_names_it_in_french(pages_app: Flask, quebec: str) -> None:
    status, text = _check(_signed_in(pages_app, "C07"), sku="")
    assert status == 422
    assert "balayez l'article ou tapez le numéro de son code-barres ou son CUP" in text


def test_a_manager_approving_their_own_request_reads_in_french(
    pages_app: Flask, quebec: str
) -> None:
    incident_id = _escalated(pages_app, cashier="M01")
    text = _decide(_signed_in(pages_app, "M01"), incident_id, "2468")
    assert "ne peut pas l'approuver lui-même; demandez à un autre gérant" in text
    assert "cannot approve their own request" not in text


def test_a_difference_above_the_manager_limit_reads_in_french(
    pages_app: Flask, quebec: str
) -> None:
    incident_id = _escalated(pages_app, scanned_price="199.95")  # 189.97 over the 50.00 limit
    text = _decide(_signed_in(pages_app, "M01"), incident_id, "2468")
    assert "l'écart dépasse la limite d'approbation du gérant (50.00)" in text
    assert "override limit" not in text


def test_wrong_pins_and_the_lockout_read_in_french(pages_app: Flask, quebec: str) -> None:
    incident_id = _escalated(pages_app)
    manager = _signed_in(pages_app, "M01")
    assert "NIP erroné pour M01 (encore 4 essais avant un blocage de 15 minutes)" in _decide(
        manager, incident_id, "0000"
    )
    for _ in range(3):
        _decide(manager, incident_id, "0000")
    locked = _decide(manager, incident_id, "0000")
    assert "NIP erroné; M01 est maintenant bloqué pour 15 minutes" in locked
    still = _decide(manager, incident_id, "2468")
    assert "M01 est bloqué après 5 NIP erronés; réessayez dans 16 minutes ou demandez" in still
    assert "locked" not in still


def test_a_paused_sign_in_reads_in_the_browser_language(pages_app: Flask, quebec: str) -> None:
    for attempt in range(10):  # each from its own address: the code pauses, no device does
        guesser = pages_app.test_client()
        guesser.environ_base["REMOTE_ADDR"] = f"10.3.0.{attempt + 1}"
        sign_in(guesser, "C07", pin="0000", store="Q001")
    client = pages_app.test_client()
    page = client.get("/login", headers={"Accept-Language": "fr-CA"})
    form = {"csrf_token": csrf_token(page.text), "store": "Q001", "code": "C07", "pin": "0000"}
    text = unescape(client.post("/login", data=form, headers={"Accept-Language": "fr-CA"}).text)
    assert "la connexion de C07 est suspendue après 10 essais ratés; réessayez dans" in text


def test_an_incident_decided_twice_reads_in_french(pages_app: Flask, quebec: str) -> None:
    incident_id = _escalated(pages_app)
    get_desk(pages_app).approve(incident_id, manager="M01", pin="2468")
    text = _decide(_signed_in(pages_app, "M01"), incident_id, "2468")
    assert "aucune approbation n'est attendue, il n'y a donc rien à approuver" in text


def test_the_api_keeps_the_english_message(pages_app: Flask, quebec: str) -> None:
    body = {"store": "Q001", "register": "R1", "cashier": "C07", "sku": NOVEL,
            "shelf_price": "9.98", "scanned_price": "19.95", "quantity": 0}  # fmt: skip
    answer = pages_app.test_client().post("/api/v1/checks", json=body, headers=bearer(quebec))
    assert answer.status_code == 422
    assert answer.json["error"]["message"] == "quantity: must be between 1 and 9999, not 0"


def test_an_audit_size_reads_in_french_with_its_separators(pages_app: Flask, quebec: str) -> None:
    client = _signed_in(pages_app, "O02")
    form = {"csrf_token": csrf_token(client.get("/audits").text), "size": "0"}
    text = unescape(client.post("/audits", data=form).text)
    assert f"doit être de 1 à 10{NBSP}000, pas 0" in text  # a Count, written for fr_CA
    form["size"] = "5"
    text = unescape(client.post("/audits", data=form).text)
    assert "Q001 n'a que 1 article dans son fichier de prix; un échantillon de 5 est plus" in text


def test_the_check_warnings_read_in_french(pages_app: Flask, quebec: str) -> None:
    """A mistyped check digit and an item the price file does not know are warnings, not
    errors: the incident is logged, and the cashier reads why to look twice, in French."""
    client = _signed_in(pages_app, "C07")
    form = {"csrf_token": csrf_token(client.get("/check").text), "sku": "9788883701123",
            "shelf_price": "9.98", "scanned_price": "19.95", "quantity": "1"}  # fmt: skip
    text = unescape(client.post("/check", data=form, follow_redirects=True).text)
    assert "Vérifiez le code : 9788883701123 a 13 chiffres" in text
    assert "devrait être 2" in text
    assert "Absent du fichier de prix : 9788883701123 n'est pas un article que Q001" in text
    assert "Check the code" not in text and "Not in the price file" not in text
    api = pages_app.test_client().post(
        "/api/v1/checks", headers=bearer(quebec),
        json={"store": "Q001", "register": "R1", "cashier": "C07", "sku": "9788883701123",
              "shelf_price": "9.98", "scanned_price": "19.95"},
    )  # fmt: skip
    assert any(w.startswith("Check the code: 9788883701123") for w in api.get_json()["warnings"])
