"""The audit sheet as a printer and a scanner see it: every barcode decodes to its SKU."""

from __future__ import annotations

import io
from typing import Any

import pytest

from pos_discrepancy.reports.audit_sheet import rows_per_page

from .. import audit_fixture as fixture
from .conftest import read_pdf, scanned_as


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # drawing, not storage
def test_every_sampled_item_prints_with_a_barcode_that_scans_as_its_sku(store: Any) -> None:
    fixture.stock(store)
    audit = store.start_audit("S001", size=50, seed=77, by="M01")
    out = io.BytesIO()
    store.write_audit_sheet("S001", audit.id, out)
    pages = read_pdf(out.getvalue())
    assert len(pages) == -(-50 // rows_per_page())
    decoded = [code for page in pages for code, _format, _box in page.barcodes]
    long_sku = "X" * 40  # too long for the column: printed as text, with the reason
    wanted = [scanned_as(item.sku) for item in audit.items if item.sku != long_sku]
    assert sorted(decoded) == sorted(wanted)
    text = "\n".join(page.text for page in pages)
    assert long_sku in text.replace("\n", "") and "key it in" in text
    assert "Shelf price" in text and "Scanned price" in text
    assert f"seed {audit.seed}" in text
    assert "unknown aisle" in text  # the stratum, named on the sheet
    assert "10 items have no known aisle" in text.replace("\n", " ")
    for item in audit.items:
        assert item.description in text.replace("\n", " ")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_sheet_speaks_the_stores_language(desk: Any) -> None:
    desk.add_store("S002", name="Rue Principale", currency="CAD", locale="fr_CA")
    desk.add_staff("S002", code="M01", name="Dana", role="manager", pin="2468")
    desk.import_prices("S002", [("4006381333931", "Surligneur", "2.49")])
    audit = desk.start_audit("S002", size=1, seed=1, by="M01")
    out = io.BytesIO()
    desk.write_audit_sheet("S002", audit.id, out)
    page = read_pdf(out.getvalue())[0]
    assert "Feuille d'autovérification" in page.text and "Allée" in page.text
    assert [code for code, _f, _b in page.barcodes] == ["4006381333931"]
