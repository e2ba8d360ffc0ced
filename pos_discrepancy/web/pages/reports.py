"""Placeholder: being built."""

from __future__ import annotations

from flask import Blueprint

from .access import SignedIn, role_required

bp = Blueprint("pages_reports", __name__)


@bp.get("/reports")
@role_required("ops", "manager", "admin")
def index(staff: SignedIn) -> str:
    """Placeholder."""
    return "todo"
