"""The summary PDF prints the dashboard's outcome measures and charts, and the chain signal."""

from __future__ import annotations

import re
from typing import Any

from pos_discrepancy.reports.stats_words import measure_rows

from .. import outcome_fixture as fixture


def test_the_summary_pdf_shows_the_measures_and_the_charts(
    store: Any, clock: Any, build_report: Any, pdf_tools: Any
) -> None:
    fixture.build(store, clock)
    store.add_store("S002", name="Harbour", currency="USD")
    clock.now = fixture.at(29, 10)  # the novel's tag is wrong at S002 too
    store.check(store="S002", register="R9", cashier="C01", sku=fixture.NOVEL,
                shelf_price="18.95", scanned_price="19.95")  # fmt: skip
    pages = pdf_tools.read(build_report("summary", since=fixture.SINCE, until=fixture.UNTIL))
    text = re.sub(r"\s+", " ", " ".join(page.text for page in pages))
    assert "Outcomes: accuracy, cost and speed" in text
    measures = store.stats("S001", fixture.SINCE, fixture.UNTIL)
    for _, label, words in measure_rows(measures):
        assert label in text and words in text, (label, words)
    assert "1.18 (4 incidents over 3,400 scans on 3 days)" in text
    for title in ("Incidents per day", "Price accuracy, week by week",
                  "Cost of honoring vs walk-aways", "Time to fix the tag"):  # fmt: skip
        assert title in text
    assert "inspection line 98 %" in text
    assert "Wrong in several stores" in text and "S001 ×2, S002" in text
    pdf_tools.assert_clean(pages)


def test_the_chain_summary_lists_the_chain_signal_only(
    store: Any, clock: Any, build_report: Any, pdf_tools: Any
) -> None:
    fixture.build(store, clock)
    pages = pdf_tools.read(build_report("summary", store=None, since=fixture.SINCE,
                                        until=fixture.UNTIL))  # fmt: skip
    text = " ".join(page.text for page in pages)
    assert "Outcomes: accuracy" not in text
    assert "No SKU mismatched in more than one store in this period." in text


def test_a_sku_wrong_in_hundreds_of_stores_is_named_by_its_first_stores() -> None:
    """A chain-signal cell listing 900 stores would be taller than a page (the summary
    PDF failed with LayoutError at 10M incidents in 1,000 stores): the PDF names twelve."""
    from pos_discrepancy.domain.chain_signal import ChainSignalRow, StoreMismatches
    from pos_discrepancy.i18n import words
    from pos_discrepancy.reports.stats_pdf import PDF_STORES
    from pos_discrepancy.reports.stats_words import chain_words

    stores = tuple(StoreMismatches(f"S{n:04d}", 3 if n == 1 else 1) for n in range(1, 901))
    row = ChainSignalRow("400000000017", "Item", stores, incidents=902, price_file_errors=0)
    assert chain_words(row).count("S") == 900  # the CLI and the dashboard: every store
    text = chain_words(row, limit=PDF_STORES)
    assert text.startswith("S0001 ×3, S0002, ") and text.endswith("S0012 and 888 more stores")
    assert chain_words(row, words("fr_CA"), limit=PDF_STORES).endswith(
        "S0012 et 888 autres magasins"
    )
    assert chain_words(row, limit=900) == chain_words(row)
