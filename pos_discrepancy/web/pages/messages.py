"""Error messages as a person at a page reads them."""

from __future__ import annotations

from pos_discrepancy.errors import DiscrepancyError


def plain_message(error: DiscrepancyError) -> str:
    """The message without its leading ``"field: "`` (the form shows which field)."""
    message = error.message
    for prefix in (error.field, "manager", "pin"):
        if prefix and message.startswith(f"{prefix}: "):
            return message[len(prefix) + 2 :]
    return message


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target.removesuffix("?")
