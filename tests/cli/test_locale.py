"""The CLI in a ``fr_CA`` store's language, with times on its clock (Montreal)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pos_discrepancy.desk import Desk
from pos_discrepancy.store import repository

from ..conftest import add_quebec

NOVEL = "9788883701122"


def _quebec(desk: Desk) -> str:
    add_quebec(desk)
    desk.import_prices("Q001", [(NOVEL, "Roman de poche", "19.95")])
    found = desk.check(store="Q001", register="R1", cashier="C07", sku=NOVEL,
                       shelf_price="9.98", scanned_price="19.95", quantity=1)  # fmt: skip
    desk.decide(found.incident_id, action="decline", cashier="C07")
    return found.incident_id


def test_staff_prices_and_registers_confirm_in_french(invoke, shop: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _quebec(shop)
    added = invoke(["staff", "add", "--store", "Q001", "--code", "C09", "--name", "Zoé",
                    "--role", "cashier"])  # fmt: skip
    assert "C09 (Zoé, caissier) ajouté à Q001." in added.output
    file = tmp_path / "prix.csv"
    file.write_text("sku,description,price\n012345678905,Café,12.99\n4006381333931,Crayon,2.49\n")
    assert "2 prix importés dans Q001." in invoke(["prices", "import", str(file), "--store",
                                                    "Q001"]).output  # fmt: skip
    register = invoke(["registers", "add", "--store", "Q001", "--register", "R2"])
    assert "Caisse R2 ajoutée à Q001. Son jeton d'accès (affiché une seule fois) :" in (
        register.output
    )
    role = invoke(["staff", "role", "--store", "Q001", "--code", "C09", "--role", "ops"])
    assert "C09 à Q001 est maintenant opérations." in role.output


def test_a_lock_in_the_staff_list_is_on_the_store_clock(invoke, shop: Desk) -> None:  # type: ignore[no-untyped-def]
    _quebec(shop)
    shop.add_staff("Q001", code="M05", name="Mathieu", role="manager", pin="2468")
    until = shop.clock() + timedelta(minutes=15)
    with shop.context.transaction() as connection:
        repository.update_staff(connection=connection, store_id="Q001", code="M05",
                                locked_until=until)  # fmt: skip
    wall = until.astimezone(ZoneInfo("America/Toronto"))
    zone = "HAE" if wall.dst() else "HNE"
    listed = invoke(["staff", "list", "--store", "Q001"]).output
    lock = f"bloqué (NIP erronés) jusqu'à {wall:%Y-%m-%d %H:%M} {zone}"
    assert f"M05      gérant   Mathieu  {lock}" in listed


def test_fix_and_report_speak_french(invoke, shop: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _quebec(shop)
    fixed = invoke(["fix", "--store", "Q001", "--sku", NOVEL, "--staff", "O02"])
    assert f"Corrigée : {NOVEL} Roman de poche à Q001 (1 incident)" in fixed.output
    out = tmp_path / "sommaire.pdf"
    written = invoke(["report", "summary", "--store", "Q001", "--out", str(out)])
    assert "Rapport sommaire écrit pour Rue Sainte-Catherine (Q001), du " in written.output
    assert out.stat().st_size > 1000


NBSP = "\xa0"


def test_stats_and_whatif_speak_french(invoke, shop: Desk) -> None:  # type: ignore[no-untyped-def]
    _quebec(shop)
    today = shop.clock().astimezone(ZoneInfo("America/Toronto")).date()  # the store's day
    shop.record_scans("Q001", today.isoformat(), "1234")
    stats = invoke(["stats", "--store", "Q001"]).output
    for shown in ("Magasin Q001, du ", "Exactitude des prix", f"99,92{NBSP}% (atteint le seuil",
                  f"(1 incident sur 1{NBSP}234 lectures en 1 jour)", "Ventes perdues",
                  f"0,00{NBSP}$ (0 honorés)"):  # fmt: skip
        assert shown in stats, shown
    assert "Price accuracy" not in stats and "1,234" not in stats
    whatif = invoke(["whatif", "--store", "Q001", "--set", "auto_honor_max=15.00"]).output
    for shown in ("Simulation pour Rue Sainte-Catherine (Q001)",
                  "Politique : auto_honor_max = 15.00", "Argent cédé (écart honoré)",
                  f"+9,97{NBSP}$", "1 honorés tout de suite selon les nouvelles règles",
                  "Hypothèses :", "est maintenant offert sans gérant"):  # fmt: skip
        assert shown in whatif, shown
    assert "Assumptions" not in whatif


def test_journal_and_sync_speak_french(invoke, shop: Desk) -> None:  # type: ignore[no-untyped-def]
    _quebec(shop)
    verified = invoke(["journal", "verify", "--store", "Q001"]).output
    assert "Q001 : " not in verified  # the store code is a code, the words are French
    assert "événements vérifiés" in verified
    assert "journal intact : " in verified and "events verified" not in verified
    assert invoke(["sync", "quarantine", "list", "--store", "Q001"]).output.strip() == (
        "Aucun événement de synchronisation en quarantaine."
    )
    retried = invoke(["sync", "quarantine", "retry", "--store", "Q001"]).output
    assert "0 événement repris : 0 appliqués, 0 toujours en quarantaine." in retried


def test_the_worker_speaks_the_one_locale_of_its_stores(invoke, make_desk) -> None:  # type: ignore[no-untyped-def]
    add_quebec(make_desk())  # a database with one store, in Quebec
    once = invoke(["worker", "--once"]).output
    assert once.startswith("délais appliqués : 0; livrés : 0;"), once
    assert "timeouts applied" not in once
    assert "Aucun abonné" in invoke(["worker", "status"]).output
