"""A ``fr_CA`` store's summary PDF: French headings and Quebec money, read back as text
with pypdfium2's text page (no OCR)."""

from __future__ import annotations

import io
import re

from pos_discrepancy.desk import Desk

from ..conftest import add_quebec

NBSP = "\xa0"


def _summary(desk: Desk, store: str) -> bytes:
    out = io.BytesIO()
    desk.write_report("summary", out, store=store, since="2026-11-20", until="2026-11-30")
    return out.getvalue()


def test_a_fr_ca_summary_is_in_french(store: Desk, clock, pdf_tools) -> None:  # type: ignore[no-untyped-def]
    store.add_store(
        "Q001",
        name="Rue Sainte-Catherine",
        currency="CAD",
        timezone="America/Toronto",
        locale="fr_CA",
    )
    line = {"register": "R1", "cashier": "C07", "sku": "9788883701122", "quantity": 1}
    check = store.check(store="Q001", scanned_price="19.95", shelf_price="9.98", **line)
    store.decide(check.incident_id, action="decline", cashier="C07")
    text = "\n".join(page.text for page in pdf_tools.read(_summary(store, "Q001")))
    assert "Sommaire des écarts de prix — Rue Sainte-Catherine (Q001)" in text
    assert "Où va l'argent" in text
    assert "Décisions à la caisse" in text
    assert re.search(r"Page 1 de [0-9]+", text) and "imprimé le 2026-11-25 10:00 HNE" in text
    assert "Where the money goes" not in text
    flat = text.replace(NBSP, " ")
    assert "0,00 $" in flat  # nothing given away: the tag was declined


def test_an_en_us_summary_stays_english(store: Desk, pdf_tools) -> None:  # type: ignore[no-untyped-def]
    line = {"register": "R1", "cashier": "C07", "sku": "9788883701122", "quantity": 1}
    store.check(store="S001", scanned_price="19.95", shelf_price="9.98", **line)
    text = "\n".join(page.text for page in pdf_tools.read(_summary(store, "S001")))
    assert "Where the money goes" in text and re.search(r"Page 1 of [0-9]+", text)


def _quebec_report(desk: Desk, kind: str, **options: str) -> bytes:
    out = io.BytesIO()
    desk.write_report(kind, out, store="Q001", since="2026-11-20", until="2026-11-30", **options)
    return out.getvalue()


def _quebec_incident(desk: Desk, **extra: str) -> str:
    add_quebec(desk)
    desk.import_prices("Q001", [("9788883701122", "Roman de poche", "19.95")])
    line = {"register": "R1", "cashier": "C07", "sku": "9788883701122", "quantity": 1}
    check = desk.check(store="Q001", scanned_price="19.95", shelf_price="9.98", **line, **extra)
    desk.decide(check.incident_id, action="decline", cashier="C07")
    return check.incident_id


def test_a_fr_ca_worklist_is_in_french(store: Desk, clock, pdf_tools) -> None:  # type: ignore[no-untyped-def]
    _quebec_incident(store, location="A7-B3")
    text = "\n".join(page.text for page in pdf_tools.read(_quebec_report(store, "signage")))
    flat = text.replace(NBSP, " ")
    for shown in ("Liste d'étiquetage — Rue Sainte-Catherine (Q001)", "Étiquette vue",
                  "Prix du sy", "Cause probable", "9,98 $", "19,95 $", "Page 1 de 1",
                  "étiquette trop basse", "Totaux : 1 CUP à corriger · 1 signalement",
                  "2026-11-25 10:00", "imprimé le 2026-11-25 10:00 HNE"):  # fmt: skip
        assert shown in flat, shown
    assert "Signage worklist" not in text and "$9.98" not in text


def test_fr_ca_tags_are_in_french(store: Desk, clock, pdf_tools) -> None:  # type: ignore[no-untyped-def]
    _quebec_incident(store)
    text = "\n".join(page.text for page in pdf_tools.read(_quebec_report(store, "tags")))
    flat = text.replace(NBSP, " ")
    assert "19,95 $" in flat and "En vigueur le" in flat and "Roman de poche" in flat
    assert "Effective" not in text


def test_a_fr_ca_price_change_list_is_in_french(store: Desk, clock, pdf_tools) -> None:  # type: ignore[no-untyped-def]
    incident_id = _quebec_incident(store)
    store.fix(incident_id, staff="C07", cause="price_file_error")
    text = "\n".join(page.text for page in pdf_tools.read(_quebec_report(store, "price-changes")))
    flat = text.replace(NBSP, " ")
    for shown in ("Changements de prix pour le fichier des prix du PDV", "Bon prix",
                  "Fichier des prix actuel", "19,95 $", "9,98 $", "2026-11-25 10:00"):  # fmt: skip
        assert shown in flat, shown
