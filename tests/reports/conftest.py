"""Realistic report data, made through the desk like a register and ops staff would."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

#: (sku, description, price, unit_price, unit) added to the ``store`` fixture's prices.
EXTRA_PRICES = [
    ("036000291452", "Tissues 3-ply, 160 sheets", "3.49", "2.18", "100 sheets"),
    ("ABC-123", "Store-brand olive oil 500 ml", "6.75", "1.35", "100 ml"),
    ("X/42.b_7", "Loose bulk almonds", "14.20", "", ""),
    (
        "5901234123457",
        "Extra-long description: organic fair-trade dark chocolate with sea salt, "
        "almonds and a hint of chili, family pack of twelve bars",
        "24.99",
        "",
        "",
    ),
]


@dataclass
class Seeded:
    """What :func:`seeded` made: the incident ids and the SKUs still open."""

    ids: list[str] = field(default_factory=list)
    open_skus: set[str] = field(default_factory=set)
    fixed_skus: set[str] = field(default_factory=set)


def check(desk, sku, shelf, scanned, location, **extra):  # type: ignore[no-untyped-def]
    return desk.check(
        store="S001",
        register="R1",
        cashier="C07",
        sku=sku,
        shelf_price=shelf,
        scanned_price=scanned,
        location=location,
        **extra,
    )


@pytest.fixture
def seeded(store, clock, tmp_path):  # type: ignore[no-untyped-def]
    """Incidents over three days at S001: honored, declined, escalated (approved and
    denied), an undercharge, a walk-away, a fixed tag, SKUs with and without a GTIN."""
    desk = store
    lines = ["sku,description,price,unit_price,unit"]
    lines += [",".join(f'"{v}"' for v in item) for item in EXTRA_PRICES]
    price_file = tmp_path / "extra_prices.csv"
    price_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    desk.import_prices("S001", str(price_file))
    made = Seeded()

    a = check(desk, "9788883701122", "9.98", "19.95", "A10-B2")  # overcharge
    desk.decide(a.incident_id, action="escalate", cashier="C07")
    clock.advance(minutes=1)
    desk.approve(a.incident_id, manager="M01", pin="2468", approve=True)
    made.ids.append(a.incident_id)

    clock.advance(hours=2)
    b = check(desk, "012345678905", "11.99", "12.99", "A2-B7")  # small overcharge: honor
    desk.decide(b.incident_id, action="honor", cashier="C07")
    made.ids.append(b.incident_id)

    clock.advance(hours=20)
    c = check(desk, "ABC-123", "5.99", "6.75", "B1-B1")
    desk.decide(c.incident_id, action="escalate", cashier="C07")
    clock.advance(seconds=90)
    desk.approve(
        c.incident_id, manager="M02", pin="1122", approve=False, customer_outcome="walked_away"
    )
    made.ids.append(c.incident_id)

    d = check(desk, "036000291452", "3.99", "3.49", "A2-B1")  # undercharge: auto honored
    made.ids.append(d.incident_id)

    e = check(desk, "X/42.b_7", "13.50", "14.20", None)  # no location
    desk.decide(e.incident_id, action="decline", cashier="C07")
    made.ids.append(e.incident_id)

    clock.advance(hours=3)
    f = check(desk, EXTRA_PRICES[3][0], "19.99", "24.99", "C3-B4")
    desk.decide(f.incident_id, action="escalate", cashier="C07")
    clock.advance(minutes=3)  # past the 120 s approval timeout: honored by policy
    desk.run_worker_pass()
    made.ids.append(f.incident_id)

    g = check(desk, "4006381333931", "1.99", "2.49", "A7-B3")  # reported twice, then fixed
    desk.decide(g.incident_id, action="honor", cashier="C07")
    clock.advance(hours=1)
    g2 = check(desk, "4006381333931", "1.99", "2.49", "A7-B3")
    desk.decide(g2.incident_id, action="honor", cashier="C07")
    clock.advance(hours=5)
    desk.fix_sku("S001", sku="4006381333931", staff="O02", cause="sale_ended_tag_left_up")
    made.ids += [g.incident_id, g2.incident_id]

    clock.advance(hours=1)
    h = check(desk, "9788883701122", "9.98", "19.95", "A10-B2")  # same SKU again, open
    desk.decide(h.incident_id, action="decline", cashier="C07")
    made.ids.append(h.incident_id)

    made.open_skus = {
        "9788883701122",
        "012345678905",
        "ABC-123",
        "036000291452",
        "X/42.b_7",
        EXTRA_PRICES[3][0],
    }
    made.fixed_skus = {"4006381333931"}
    return made


# --- looking at the PDFs the way a printer and a scanner would --------------------------
SCALE = 3  # 72 pt × 3 = 216 dpi, the resolution design §7 promises scans at


@dataclass
class PageView:
    """One rendered page: its text runs (PDF points) and the barcodes read from it."""

    number: int
    width: float
    height: float
    texts: list[tuple[str, tuple[float, float, float, float]]]
    barcodes: list[tuple[str, str, tuple[float, float, float, float]]]  # text, format, box

    @property
    def text(self) -> str:
        return "\n".join(t for t, _ in self.texts)


def _box_from_position(position, page_height: float) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    points = [position.top_left, position.top_right, position.bottom_left, position.bottom_right]
    xs = [p.x / SCALE for p in points]
    ys = [page_height - p.y / SCALE for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def read_pdf(data: bytes) -> list[PageView]:
    """Render every page at 216 dpi, decode every barcode, and collect the text runs."""
    import pypdfium2 as pdfium
    import zxingcpp

    pages = []
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            image = page.render(scale=SCALE).to_pil().convert("L")
            found = zxingcpp.read_barcodes(image)
            textpage = page.get_textpage()
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
            texts = [(textpage.get_text_bounded(*r).strip(), r) for r in rects]
            textpage.close()
            page.close()
            pages.append(
                PageView(
                    index + 1,
                    width,
                    height,
                    [(t, r) for t, r in texts if t],
                    [
                        (b.text, str(b.format), _box_from_position(b.position, height))
                        for b in found
                    ],
                )
            )
    finally:
        pdf.close()
    return pages


def overlaps(a, b, slack: float = 0.5) -> bool:  # type: ignore[no-untyped-def]
    """True when two (left, bottom, right, top) boxes overlap by more than ``slack``."""
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def assert_clean_layout(pages: list[PageView], margin: float = 18) -> None:
    """No two text runs overlap, no text sits on a barcode's bars, all inside the page."""
    for page in pages:
        for i, (text, box) in enumerate(page.texts):
            assert margin <= box[0] and box[2] <= page.width - margin, (page.number, text, box)
            assert margin <= box[1] and box[3] <= page.height - margin, (page.number, text, box)
            for other, other_box in page.texts[i + 1 :]:
                assert not overlaps(box, other_box), (page.number, text, other)
            for code, _, bars in page.barcodes:
                assert not overlaps(box, bars, slack=1.0), (page.number, text, code)


def scanned_as(sku: str) -> str:
    """What zxing reports for the symbol printed for ``sku`` (UPC-A reads as EAN-13)."""
    from pos_discrepancy.reports.barcodes import UPCA, symbol_for

    return "0" + sku if symbol_for(sku).symbology == UPCA else sku


@pytest.fixture
def build_report(store):  # type: ignore[no-untyped-def]
    """``build_report(kind, **options) -> bytes``: a report of S001 as PDF (or CSV) bytes."""
    import io

    def build(kind: str, **options):  # type: ignore[no-untyped-def]
        options.setdefault("store", "S001")
        options.setdefault("since", "2026-11-20")
        options.setdefault("until", "2026-11-30")
        out = io.BytesIO()
        store.write_report(kind, out, **options)
        return out.getvalue()

    return build


@pytest.fixture
def pdf_tools():  # type: ignore[no-untyped-def]
    """The helpers above for test modules (conftest modules are not importable)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        read=read_pdf, assert_clean=assert_clean_layout, scanned_as=scanned_as, overlaps=overlaps
    )
