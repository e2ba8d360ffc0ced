"""The summary: where the store loses money and how fast it fixes tags."""

from __future__ import annotations

import re

from reportlab.platypus import Paragraph

from pos_discrepancy import hookimpl
from pos_discrepancy.reports.figures import duration, percentile
from pos_discrepancy.reports.stats import gather_outcomes
from pos_discrepancy.reports.summary import gather_figures, gather_summary


def figures_for(desk, **options):  # type: ignore[no-untyped-def]
    options.setdefault("store", "S001")
    request = desk.report_request("summary", since="2026-11-20", until="2026-11-30", **options)
    with desk.context.reading() as connection:
        return gather_figures(connection, request)


def test_figures_count_money_decisions_and_speed(seeded, store):
    figures = figures_for(store)
    assert (figures.incidents, figures.overcharges, figures.undercharges) == (9, 8, 1)
    assert figures.given_away == {"USD": 1697}  # 9.97 + 1.00 + 5.00 + 2 × 0.50
    assert figures.undercharged == {"USD": 50}
    assert figures.lost_sales == {"USD": 675} and figures.walked_away == 1
    assert dict(figures.decisions) == {
        "honored": 4, "declined": 2, "escalated": 3, "approved": 1, "denied": 1, "timed_out": 1,
    }  # fmt: skip
    assert sorted(figures.escalation_waits) == [60, 90, 180]
    assert sorted(figures.fix_times) == [5 * 3600, 6 * 3600]
    assert figures.fixed == 2
    assert sum(o + u for o, u in figures.by_day.values()) == 9
    assert len(figures.by_day) == 11  # every day of the period, zeros included


def test_a_store_summary_reads_its_incidents_once_for_figures_and_outcomes(seeded, store):
    """The summary PDF folds the figures' timings from the outcome measures' stream: the
    same figures as their own pass, the same measures as theirs."""
    request = store.report_request("summary", store="S001", since="2026-11-20",
                                   until="2026-11-30")  # fmt: skip
    seen: list[int] = []
    with store.context.reading() as connection:
        figures, measures = gather_summary(connection, request, seen.append, every=4)
        alone = gather_figures(connection, request)
        assert measures == gather_outcomes(connection, request)
    assert sorted(figures.escalation_waits) == sorted(alone.escalation_waits) == [60, 90, 180]
    assert sorted(figures.fix_times) == sorted(alone.fix_times)
    assert figures.by_day == alone.by_day and figures.decisions == alone.decisions
    assert (figures.incidents, figures.given_away) == (alone.incidents, alone.given_away)
    assert seen == [4, 4, 1]  # progress, every 4 incidents here


def test_summary_pdf_prints_the_figures(seeded, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("summary", open_days=0))
    text = "\n".join(p.text for p in pages)
    for expected in (
        "$16.97", "$0.50", "$6.75", "1 min 30 s / 3 min", "5 h / 6 h", "2 / 7",
        "Incidents by day", "Top SKUs", "Top locations", "A10-B2",
        "Open tags older than 0 days", "6 SKUs still wait for a new tag",
    ):  # fmt: skip
        assert expected in text, expected
    assert f"Page 1 of {len(pages)}" in pages[0].text
    pdf_tools.assert_clean(pages)


def test_empty_period_says_no_incidents(store, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("summary"))
    assert "No incidents in this period" in pages[0].text
    assert "None: no open tag has waited longer than 7 days." in pages[0].text


def test_whole_chain_sums_each_currency(seeded, store, clock, build_report, pdf_tools):
    store.add_store("S002", name="Harbour", currency="EUR")
    check = store.check(store="S002", register="R1", cashier="C01", sku="4006381333931",
                        shelf_price="2.80", scanned_price="3.00")  # fmt: skip
    store.decide(check.incident_id, action="honor", cashier="C01")
    figures = figures_for(store, store=None)
    assert figures.incidents == 10
    assert figures.given_away == {"USD": 1697, "EUR": 20}
    text = "\n".join(p.text for p in pdf_tools.read(build_report("summary", store=None)))
    assert "All stores" in text and "€0.20 + $16.97" in text


def test_hook_report_sections_adds_a_section(seeded, store, build_report, pdf_tools):
    seen = {}

    class Shrinkage:
        @hookimpl
        def posdisc_report_sections(self, report, incidents):  # type: ignore[no-untyped-def]
            seen["kind"] = report.kind
            first = sum(1 for _ in incidents)
            again = sum(1 for i in incidents if i.direction == "overcharge")  # re-iterable
            return [Paragraph(f"Shrinkage check: {first} incidents, {again} overcharges")]

    store.context.pm.register(Shrinkage())
    text = "\n".join(p.text for p in pdf_tools.read(build_report("summary")))
    assert "Shrinkage check: 9 incidents, 8 overcharges" in text
    assert seen["kind"] == "summary"


def test_a_failing_section_plugin_does_not_cost_the_report(seeded, store, build_report, pdf_tools):
    class Broken:
        @hookimpl
        def posdisc_report_sections(self, report, incidents):  # type: ignore[no-untyped-def]
            raise RuntimeError("warehouse feed down")

    store.context.pm.register(Broken())
    text = "\n".join(p.text for p in pdf_tools.read(build_report("summary")))
    assert "$16.97" in text
    assert "A report plugin failed and its section is missing: warehouse feed down" in text


def test_percentiles_and_durations():
    assert percentile([], 0.5) is None
    assert percentile([30, 10, 20], 0.5) == 20
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert duration(None) == "—"
    assert [duration(s) for s in (45, 90, 720, 3600, 7500, 3 * 86400 + 3600)] == [
        "45 s", "1 min 30 s", "12 min", "1 h", "2 h 5 min", "3 d 1 h",
    ]  # fmt: skip


def test_a_long_period_charts_a_bar_a_month_labelled_with_the_year(seeded, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("summary", since="2024-01-01", until="2026-11-30"))
    text = "\n".join(p.text for p in pages)
    assert "Incidents by month" in text and "Incidents by day" not in text
    # Bars are labelled year-month ("2024-01"), not month-day: a label stands alone.
    assert re.search(r"(?<![\d-])2024-01(?![\d-])", text), text
    pdf_tools.assert_clean(pages)
