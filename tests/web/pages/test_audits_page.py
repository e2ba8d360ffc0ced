"""The Audits pages through the test client: roles, CSRF, start, scan, record, score."""

from __future__ import annotations

import re
from typing import Any

from pos_discrepancy.web.extension import get_desk

from ... import audit_fixture as fixture
from .conftest import csrf_token


def test_cashiers_may_not_audit_and_forms_need_csrf(pages_app: Any, signed_in: Any) -> None:
    assert signed_in("C07").get("/audits").status_code == 403
    client = signed_in("O02")
    assert client.get("/audits").status_code == 200
    assert client.post("/audits", data={"size": "3"}).status_code == 400  # no CSRF token


def test_start_scan_record_and_score(pages_app: Any, signed_in: Any) -> None:
    desk = get_desk(pages_app)
    fixture.stock(desk)
    client = signed_in("M01")
    page = client.get("/audits")
    started = client.post("/audits", data={"csrf_token": csrf_token(page.text), "size": "3",
                                           "seed": "42"})  # fmt: skip
    assert started.status_code == 303
    url = started.headers["Location"]
    audit = desk.audits("S001")[0]
    assert url.endswith(f"/audits/{audit.id}") and audit.started_by == "M01"
    sku = audit.items[0].sku
    found = client.get(f"{url}?sku={sku}%0D%0A")  # the scanner's Enter
    assert found.status_code == 200
    assert f'data-sku="{sku}"' in found.text and 'id="shelf_price"' in found.text
    token = csrf_token(found.text)
    missing = client.get(f"{url}?sku=0000000000000")
    assert missing.status_code == 404 and "not in this audit" in missing.text
    bad = client.post(
        f"{url}/findings",
        data={"csrf_token": token, "sku": sku, "shelf_price": "abc", "scanned_price": "1.00"},
    )
    assert bad.status_code == 422 and "Shelf price:" in bad.text
    assert desk.audit("S001", audit.id).score.checked == 0
    done = client.post(
        f"{url}/findings",
        data={"csrf_token": token, "sku": sku, "shelf_price": "1.00", "scanned_price": "1.25"},
    )
    assert done.status_code == 303
    shown = client.get(done.headers["Location"])
    assert "overcharge" in shown.text and 'id="sku"' in shown.text
    scored = client.post(f"{url}/score", data={"csrf_token": token})
    assert scored.status_code == 303
    final = client.get(url).text
    assert re.search(r'data-passed="false"', final)
    assert desk.audit("S001", audit.id).scored_by == "M01"
    pdf = client.get(f"{url}/sheet.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_a_refused_start_names_the_field(pages_app: Any, signed_in: Any) -> None:
    client = signed_in("O02")
    token = csrf_token(client.get("/audits").text)
    refused = client.post("/audits", data={"csrf_token": token, "size": "99"})
    assert refused.status_code == 422
    assert "Items to sample: S001 has only 3 items" in refused.text
    assert client.get("/audits/not-an-id").status_code == 422
