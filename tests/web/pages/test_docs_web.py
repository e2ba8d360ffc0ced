"""docs/web.md names every staff page and every role it serves."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).parents[3] / "docs" / "web.md"


def test_every_page_path_is_in_the_docs(pages_app):
    text = DOC.read_text(encoding="utf-8")
    for rule in pages_app.url_map.iter_rules():
        if not rule.endpoint.startswith("pages_") or "GET" not in (rule.methods or ()):
            continue
        if rule.rule in ("/", "/login", "/approvals/queue", "/reports/download"):
            continue  # the start page, the sign-in form, the queue's fragment, the form's target
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
        assert f"`{path}`" in text, f"docs/web.md does not name the page {path}"


def test_the_docs_role_table_matches_the_navigation():
    from pos_discrepancy.web.pages.access import NAVIGATION

    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Pages and roles", 1)[1].split("\n### ", 1)[0]
    for _endpoint, label, roles in NAVIGATION:
        first_word = label.lower().split()[0]
        row = next((line for line in table.splitlines()
                    if line.lower().startswith(f"| {first_word}")), None)  # fmt: skip
        assert row, f"docs/web.md: no row for {label}"
        assert row.rstrip(" |").endswith(", ".join(roles)), (label, row)
