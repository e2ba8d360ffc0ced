"""``posdisc audit start|sheet|record|score|list`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdfium2

from .. import audit_fixture as fixture


def test_start_print_record_and_score_an_audit(invoke: Any, shop: Any, tmp_path: Path) -> None:
    shop.add_staff("S001", code="O02", name="Robin", role="ops", pin="4321")
    aisles = fixture.stock(shop)
    started = invoke(["audit", "start", "--store", "S001", "--size", "10", "--seed", "2026",
                      "--by", "M01"])  # fmt: skip
    assert started.exit_code == 0, started.output
    lines = started.output.splitlines()
    audit_id = lines[0].split()[1]
    assert lines[0].endswith("10 of 50 items, seed 2026.")
    assert lines[1:4] == ["  aisle A2: 6 of 30", "  aisle A10: 2 of 10", "  unknown aisle: 2 of 10"]
    assert "10 items have no known aisle" in started.output
    audit = shop.audit("S001", audit_id)
    assert [i.aisle for i in audit.items] == [aisles[i.sku] for i in audit.items]

    out = tmp_path / "sheet.pdf"
    printed = invoke(["audit", "sheet", "--store", "S001", "--audit", audit_id, "--out", str(out)])
    assert printed.exit_code == 0, printed.output
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == 1

    first, second, *rest = audit.items
    recorded = invoke(
        [
            "audit",
            "record",
            "--store",
            "S001",
            "--audit",
            audit_id,
            "--sku",
            first.sku,
            "--shelf",
            "9.99",
            "--scanned",
            "10.49",
            "--by",
            "O02",
        ]
    )
    assert recorded.exit_code == 0, recorded.output
    assert recorded.output.strip().endswith(
        "shelf $9.99, scanned $10.49: overcharge (1 of 10 checked)"
    )
    price = str(second.system_price.amount)
    unsigned = invoke(["audit", "record", "--store", "S001", "--audit", audit_id, "--sku",
                       second.sku, "--shelf", price, "--scanned", price])  # fmt: skip
    assert unsigned.exit_code == 2 and "--by" in unsigned.output  # who checked it: required
    for item in (second, *rest):
        price = str(item.system_price.amount)
        result = invoke(
            [
                "audit",
                "record",
                "--store",
                "S001",
                "--audit",
                audit_id,
                "--sku",
                item.sku,
                "--shelf",
                price,
                "--scanned",
                price,
                "--by",
                "O02",
            ]
        )
        assert result.exit_code == 0, result.output

    scored = invoke(["audit", "score", "--store", "S001", "--audit", audit_id, "--by", "M01"])
    assert scored.exit_code == 0, scored.output
    assert "  Overcharges          1 ($0.50)" in scored.output.splitlines()
    assert "  Accuracy             90.00 % (right / checked; pass line 98 %)" in scored.output
    assert scored.output.splitlines()[-1] == "Result: FAIL"
    as_json = invoke(["audit", "score", "--store", "S001", "--audit", audit_id, "--by", "M01",
                      "--json"])  # fmt: skip
    assert json.loads(as_json.output) == shop.audit("S001", audit_id).to_dict()
    listed = invoke(["audit", "list", "--store", "S001"])
    assert listed.output.startswith(audit_id) and "scored" in listed.output
    assert shop.verify_journal("S001").ok


def test_bad_input_is_one_clear_line_and_stores_nothing(
    invoke: Any, shop: Any, tmp_path: Path
) -> None:
    for size, words in (("51", "size: S001 has only 3 items"), ("0", "size: must be from 1"),
                        ("2.5", "size: '2.5' is not a whole number")):  # fmt: skip
        result = invoke(["audit", "start", "--store", "S001", "--size", size, "--by", "M01"])
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {words}") or words in result.output, result.output
    assert shop.audits("S001") == []
    good = shop.start_audit("S001", size=2, seed=1, by="M01")
    for args, field in (
        (["--sku", "0000000000000", "--shelf", "1.00", "--scanned", "1.00"], "sku:"),
        (["--sku", good.items[0].sku, "--shelf", "1,00", "--scanned", "1.00"], "shelf_price:"),
        (["--sku", good.items[0].sku, "--shelf", "1.00", "--scanned", "-2"], "scanned_price:"),
    ):
        result = invoke(["audit", "record", "--store", "S001", "--audit", good.id, *args,
                         "--by", "M01"])  # fmt: skip
        assert result.exit_code == 1 and f"Error: {field}" in result.output, result.output
    assert shop.audit("S001", good.id).score.checked == 0
    out = tmp_path / "none.pdf"
    missing = invoke(["audit", "sheet", "--store", "S001", "--audit", "0" * 8 + "-0000-7000-8000-"
                      + "0" * 12, "--out", str(out)])  # fmt: skip
    assert missing.exit_code == 1 and "audit_id: there is no audit" in missing.output
    assert not out.exists()
