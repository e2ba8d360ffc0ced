"""Staff roles: who may do what."""

from __future__ import annotations

#: Every role a member of staff can have.
ROLES = ("cashier", "manager", "ops", "admin")
#: Roles that may approve an escalation (and sign in to the approval queue).
APPROVER_ROLES = frozenset({"manager", "admin"})
