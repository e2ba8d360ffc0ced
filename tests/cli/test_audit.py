"""``posdisc audit start|sheet|record|score|list`` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from click.testing import Result

from .. import audit_fixture as fixture

Audit = Callable[..., Result]
NO_SUCH_AUDIT = "0" * 8 + "-0000-7000-8000-" + "0" * 12


@pytest.fixture
def audit(invoke: Any) -> Audit:
    """``audit("record", audit=ID, sku=SKU, by="O02")`` runs ``posdisc audit record --store
    S001 --audit ID --sku SKU --by O02``: options in the order given, ``True`` a flag."""

    def run(command: str, **options: object) -> Result:
        args = ["audit", command, "--store", "S001"]
        for name, value in options.items():
            args += [f"--{name}"] if value is True else [f"--{name}", str(value)]
        return invoke(args)

    return run


@pytest.fixture
def stocked(shop: Any) -> dict[str, str]:
    """S001 with ops O02 and the audit fixture's 50 items; each SKU's aisle."""
    shop.add_staff("S001", code="O02", name="Robin", role="ops", pin="4321")
    return fixture.stock(shop)


def test_start_print_record_and_score_an_audit(
    audit: Audit, shop: Any, stocked: dict[str, str], tmp_path: Path
) -> None:
    started = audit("start", size=10, seed=2026, by="M01")
    assert started.exit_code == 0, started.output
    lines = started.output.splitlines()
    audit_id = lines[0].split()[1]
    assert lines[0].endswith("10 of 50 items, seed 2026.")
    assert lines[1:4] == ["  aisle A2: 6 of 30", "  aisle A10: 2 of 10", "  unknown aisle: 2 of 10"]
    assert "10 items have no known aisle" in started.output
    sample = shop.audit("S001", audit_id)
    assert [i.aisle for i in sample.items] == [stocked[i.sku] for i in sample.items]

    out = tmp_path / "sheet.pdf"
    printed = audit("sheet", audit=audit_id, out=out)
    assert printed.exit_code == 0, printed.output
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == 1

    first, second, *rest = sample.items
    recorded = audit("record", audit=audit_id, sku=first.sku, shelf="9.99", scanned="10.49",
                     by="O02")  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert recorded.output.strip().endswith(
        "shelf $9.99, scanned $10.49: overcharge (1 of 10 checked)"
    )
    price = second.system_price.amount
    unsigned = audit("record", audit=audit_id, sku=second.sku, shelf=price, scanned=price)
    assert unsigned.exit_code == 2 and "--by" in unsigned.output  # who checked it: required
    for item in (second, *rest):
        price = item.system_price.amount
        result = audit("record", audit=audit_id, sku=item.sku, shelf=price, scanned=price,
                       by="O02")  # fmt: skip
        assert result.exit_code == 0, result.output

    scored = audit("score", audit=audit_id, by="M01")
    assert scored.exit_code == 0, scored.output
    assert "  Overcharges          1 ($0.50)" in scored.output.splitlines()
    assert "  Accuracy             90.00 % (right / checked; pass line 98 %)" in scored.output
    assert scored.output.splitlines()[-1] == "Result: FAIL"
    as_json = audit("score", audit=audit_id, by="M01", json=True)
    assert json.loads(as_json.output) == shop.audit("S001", audit_id).to_dict()
    listed = audit("list")
    assert listed.output.startswith(audit_id) and "scored" in listed.output
    assert shop.verify_journal("S001").ok


@pytest.mark.parametrize(
    ("size", "words"),
    [
        ("51", "size: S001 has only 3 items"),
        ("0", "size: must be from 1"),
        ("2.5", "size: '2.5' is not a whole number"),
        ("-5", "size: '-5' is not a whole number; give digits only, 1 to 10,000"),
    ],
)
def test_a_bad_size_is_one_clear_line_and_stores_nothing(
    audit: Audit, shop: Any, size: str, words: str
) -> None:
    result = audit("start", size=size, by="M01")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {words}") or words in result.output, result.output
    assert shop.audits("S001") == []


def test_a_bad_finding_is_one_clear_line_and_stores_nothing(audit: Audit, shop: Any) -> None:
    good = shop.start_audit("S001", size=2, seed=1, by="M01")
    sku = good.items[0].sku
    for prices, field in (
        ({"sku": "0000000000000", "shelf": "1.00", "scanned": "1.00"}, "sku:"),
        ({"sku": sku, "shelf": "1,00", "scanned": "1.00"}, "shelf_price:"),
        ({"sku": sku, "shelf": "1.00", "scanned": "-2"}, "scanned_price:"),
    ):
        result = audit("record", audit=good.id, **prices, by="M01")
        assert result.exit_code == 1 and f"Error: {field}" in result.output, result.output
    assert shop.audit("S001", good.id).score.checked == 0


@pytest.mark.usefixtures("shop")
def test_a_missing_audit_prints_no_sheet(audit: Audit, tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    missing = audit("sheet", audit=NO_SUCH_AUDIT, out=out)
    assert missing.exit_code == 1 and "audit_id: there is no audit" in missing.output
    assert not out.exists()
