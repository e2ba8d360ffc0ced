"""Words for people: causes and outcomes as the reports print them."""

from __future__ import annotations

CAUSE_LABELS = {
    "sale_ended_tag_left_up": "Sale ended, tag left up",
    "wrong_location": "Tag in the wrong place",
    "price_file_error": "Price file error",
    "missing_tag": "Missing tag",
    "other": "Other",
}


def cause_label(cause: str | None) -> str:
    """``Sale ended, tag left up``; ``Not known yet`` when no cause is recorded."""
    if not cause:
        return "Not known yet"
    return CAUSE_LABELS.get(cause, cause.replace("_", " ").capitalize())
