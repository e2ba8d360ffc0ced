"""Placeholder: being built."""

from __future__ import annotations

from flask import Blueprint

from .access import SignedIn, role_required

bp = Blueprint("pages_fix", __name__)


@bp.get("/fix")
@role_required("ops", "manager", "admin")
def scan(staff: SignedIn) -> str:
    """Placeholder."""
    return "todo"
