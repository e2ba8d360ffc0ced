"""The chain pass judges alike with the row pass's verdicts and on its own (issue 13).

The row pass judges every event on its own (hash, record) while folding it, and the
chain pass then reads no bodies; when the row pass kept too many failures, or did not
judge every event, the chain pass reads the bodies and judges each event itself. Every
tampering of the tamper tests must give the same report either way, for the whole
journal and for one store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pos_discrepancy.desk import Desk
from pos_discrepancy.store import verify, verify_rows

from .test_journal_tamper import TAMPERING


def _seen(desk: Desk, store: str | None) -> Any:
    report = desk.verify_journal(store)
    return report.problems, report.omitted, report.events_checked, report.heads


@pytest.mark.parametrize(
    "tampering", [None, *TAMPERING], ids=lambda t: getattr(t, "__name__", "intact")
)
def test_the_chain_pass_judges_alike_either_way(
    journal_desk: Desk,
    attacker: Any,
    monkeypatch: pytest.MonkeyPatch,
    tampering: Callable[[Any], Any] | None,
) -> None:
    if tampering is not None:
        tampering(attacker)
    for store in (None, "S001"):
        shared = _seen(journal_desk, store)
        with monkeypatch.context() as patch:
            patch.setattr(verify_rows, "MAX_FAILED", 0)
            assert _seen(journal_desk, store) == shared
        with monkeypatch.context() as patch:
            patch.setattr(verify, "_count", lambda connection, store_id: -1)
            assert _seen(journal_desk, store) == shared
