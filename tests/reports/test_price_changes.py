"""The price-change list (issue 14 item 1): a wrong price file goes to the POS, not to a
new shelf tag at the wrong price."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pypdfium2
import pytest
from click.testing import CliRunner

from pos_discrepancy import hookimpl
from pos_discrepancy.cli import build
from pos_discrepancy.domain import Finding

NOVEL, COFFEE = "9788883701122", "012345678905"  # 19.95 and 12.99 in the price file


class PriceFileChanged:
    """A detector that knows the coffee's price file entry was changed by mistake."""

    posdisc_name = "price-file-watch"

    @hookimpl
    def posdisc_detect(self, claim, scanned, store):  # type: ignore[no-untyped-def]
        if scanned.sku == COFFEE:
            return [Finding(code="price_file_changed", message="the price file changed today",
                            cause="price_file_error")]  # fmt: skip
        return None


def check(desk, sku, shelf, scanned):  # type: ignore[no-untyped-def]
    return desk.check(store="S001", register="R1", cashier="C07", sku=sku,
                      shelf_price=shelf, scanned_price=scanned).incident_id  # fmt: skip


def csv_rows(desk, kind, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / f"{kind}.csv"
    desk.write_report(kind, out, store="S001", fmt="csv")
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


@pytest.fixture
def watched(store, make_desk):  # type: ignore[no-untyped-def]
    """The store's desk with the detector; the novel's tag wrong, the coffee's file wrong."""
    desk = make_desk(plugins=[PriceFileChanged()])
    check(desk, NOVEL, "9.98", "19.95")  # the tag is wrong: a new tag at 19.95
    check(desk, COFFEE, "10.99", "12.99")  # the file is wrong: change it to 10.99
    return desk


def test_a_price_file_error_is_on_the_price_change_list_and_on_no_tag(watched, tmp_path):
    assert [r["sku"] for r in csv_rows(watched, "signage", tmp_path)] == [NOVEL]
    tags = csv_rows(watched, "tags", tmp_path)
    assert [(r["sku"], r["price"]) for r in tags] == [(NOVEL, "19.95")]  # never 12.99 coffee
    [change] = csv_rows(watched, "price-changes", tmp_path)
    assert (change["sku"], change["price_file_price"], change["correct_price"]) == (
        COFFEE, "12.99", "10.99"
    )  # fmt: skip
    assert change["times_reported"] == "1"


def test_ops_marking_the_cause_later_moves_the_item_too(store, tmp_path):
    incident = check(store, NOVEL, "17.95", "19.95")
    store.fix(incident, staff="O02", cause="price_file_error")  # the shelf was right
    assert csv_rows(store, "signage", tmp_path) == []
    [change] = csv_rows(store, "price-changes", tmp_path)
    assert (change["sku"], change["correct_price"]) == (NOVEL, "17.95")


def test_importing_the_corrected_price_clears_the_list(watched, tmp_path):
    watched.import_prices("S001", [(COFFEE, "Coffee beans 1kg", "10.99")])
    assert csv_rows(watched, "price-changes", tmp_path) == []


def test_the_pdf_lists_the_prices_to_change(watched, tmp_path):
    out = tmp_path / "changes.pdf"
    watched.write_report("price-changes", out, store="S001")
    document = pypdfium2.PdfDocument(out.read_bytes())
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert "Price changes for the POS price file" in text
    assert COFFEE in text and "$12.99" in text and "$10.99" in text
    assert NOVEL not in text


def test_the_cli_and_the_http_api_give_the_same_list(watched, database_url, tmp_path, clock):
    out = tmp_path / "changes.csv"
    since = (clock() - timedelta(days=1)).date().isoformat()
    result = CliRunner().invoke(build(), ["--database-url", database_url, "report",
                                          "price-changes", "--store", "S001", "--since", since,
                                          "--format", "csv", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert COFFEE in out.read_text(encoding="utf-8")
    from pos_discrepancy.web import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "CLOCK": clock})
    token = watched.add_register("S001", register="R7")
    with app.test_client().get(
        f"/api/v1/reports/price-changes.csv?store=S001&since={since}",
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        body = response.get_data(as_text=True)
    assert response.status_code == 200, body
    assert body.splitlines()[1].startswith(f"{COFFEE},")
