"""The what-if's hand-computed case, shared by the service, CLI, HTTP and page tests.

Store S001 runs ``auto_honor_max = "5.00"`` and ``approval_timeout_seconds = 600``. Four
incidents on 2026-11-25 (UTC):

==  =================  ======  ======  =====  ==================================
#   item               scan    tag     diff   recorded
==  =================  ======  ======  =====  ==================================
1   Paperback novel    20.49    9.99   10.50  declined; the customer walked away
2   Coffee beans 1kg   19.95    7.95   12.00  declined; the customer bought it
3   Highlighter pen    12.99    9.99    3.00  honored at once (within 5.00)
4   Whole milk         19.95   11.95    8.00  escalated; M01 approved after 240 s
==  =================  ======  ======  =====  ==================================

Recorded: given away 3.00 + 8.00 = 11.00; 2 declines, 1 walk-away of 2 known outcomes
(r = 0.5000, expected 2 × 0.5 = 1.0000); 1 escalation answered by a manager, 240 s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos_discrepancy.desk import Desk
from pos_discrepancy.errors import NotFound

PERIOD = {"since": "2026-11-01", "until": "2026-11-30"}
POLICY = '[policy]\nauto_honor_max = "5.00"\napproval_timeout_seconds = 600\n'
#: (sku, scanned, tag, action, customer outcome)
CASE = (
    ("9788883701122", "20.49", "9.99", "decline", "walked_away"),
    ("012345678905", "19.95", "7.95", "decline", "purchased"),
    ("4006381333931", "12.99", "9.99", "honor", None),
    ("041200001015", "19.95", "11.95", "escalate", None),
)


def case_config(folder: Path) -> Path:
    """The case's policy file, written into ``folder``."""
    path = folder / "whatif-policy.toml"
    path.write_text(POLICY, encoding="utf-8")
    return path


def seed_case(desk: Desk, clock: Any) -> list[str]:
    """Make the four incidents at S001 (adding the store and M01 if missing); their ids."""
    try:
        desk.store_info("S001")
    except NotFound:
        desk.add_store("S001", name="Main St", currency="USD")
        desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    ids = []
    for sku, scanned, tag, action, outcome in CASE:
        check = desk.check(store="S001", register="R1", cashier="C07", sku=sku,
                           scanned_price=scanned, shelf_price=tag)  # fmt: skip
        assert check.incident_id is not None
        desk.decide(check.incident_id, action=action, cashier="C07", customer_outcome=outcome)
        if action == "escalate":
            clock.advance(seconds=240)
            desk.approve(check.incident_id, manager="M01", pin="2468")
        ids.append(check.incident_id)
    return ids


def make_case_app(
    make_app: Callable[..., Any], clock: Any, folder: Path, seed_stores: Callable[[Desk], Any]
) -> Any:
    """A web app under the case's policy: ``seed_stores`` (the web tests' stores and
    tokens, kept in ``app.config["TOKENS"]``), then the case's incidents."""
    from pos_discrepancy.web.extension import get_desk

    app = make_app(POSDISC_CONFIG=str(case_config(folder)))
    app.config["TOKENS"] = seed_stores(get_desk(app))
    seed_case(get_desk(app), clock)
    return app
