"""The request and record models (pydantic): one definition per request body.

The HTTP API and sync validate with these models, and the OpenAPI document at
``/api/v1/openapi.json`` is generated from them (design §2, style "One schema per
request"). Each field is checked by the same validator the Python API uses, so a
refusal reads the same everywhere; :func:`validate` is the one place a pydantic error
becomes the ``InvalidInput`` naming the field.

This package sits below the faces and the desk: it imports nothing from
``pos_discrepancy.web``, ``.cli`` or ``.desk``.
"""

from __future__ import annotations

from .audits import (
    AuditFindingRequest,
    AuditList,
    AuditRecord,
    AuditScoreRequest,
    AuditStartRequest,
)
from .records import (
    Approvals,
    CheckResult,
    Decision,
    Error,
    ErrorDetail,
    Event,
    Incident,
    Option,
    QuarantinedSync,
    SyncResult,
)
from .requests import (
    ApprovalRequest,
    BonusClaimRequest,
    CheckRequest,
    DecisionRequest,
    FixRequest,
    OutcomeRequest,
    Request,
    plain,
)
from .stats import ChainSignal, ScanCountRecorded, ScanCountRequest, Stats
from .sync import SyncDecision, SyncEvent, SyncIncident, SyncItem, SyncRequest
from .validation import validate, validate_values
from .whatif import WhatIf

__all__ = [
    "ApprovalRequest",
    "Approvals",
    "AuditFindingRequest",
    "AuditList",
    "AuditRecord",
    "AuditScoreRequest",
    "AuditStartRequest",
    "BonusClaimRequest",
    "ChainSignal",
    "CheckRequest",
    "CheckResult",
    "Decision",
    "DecisionRequest",
    "Error",
    "ErrorDetail",
    "Event",
    "FixRequest",
    "Incident",
    "Option",
    "OutcomeRequest",
    "QuarantinedSync",
    "Request",
    "ScanCountRecorded",
    "ScanCountRequest",
    "Stats",
    "SyncDecision",
    "SyncEvent",
    "SyncIncident",
    "SyncItem",
    "SyncRequest",
    "SyncResult",
    "WhatIf",
    "plain",
    "validate",
    "validate_values",
]
