"""Placeholder: being built."""

from __future__ import annotations

from flask import Blueprint

from .access import SignedIn, role_required

bp = Blueprint("pages_check", __name__)


@bp.get("/check")
@role_required("cashier", "manager", "admin")
def form(staff: SignedIn) -> str:
    """Placeholder."""
    return "todo"
