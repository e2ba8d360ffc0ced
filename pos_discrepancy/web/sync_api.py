"""``POST /api/v1/sync``: an offline register delivers its local journal (design §6).

The body is a batch made by ``posdisc sync`` (:mod:`pos_discrepancy.sync.outbox`); the
server applies it in one transaction (:mod:`pos_discrepancy.service.sync_intake`). A repeat
changes nothing and answers the same. Batches may be larger than other requests, up to
:data:`~pos_discrepancy.sync.MAX_BATCH_BYTES`.
"""

from __future__ import annotations

from flask import Blueprint, request

from pos_discrepancy.sync import MAX_BATCH_BYTES

from .auth import RegisterIdentity
from .extension import current_desk
from .idempotency import Answer, api_post
from .json_body import read_json_object

bp = Blueprint("sync_api", __name__, url_prefix="/api/v1")


@bp.before_request
def allow_large_batches() -> None:
    """Batches may be larger than other requests (set before anything reads the body)."""
    request.max_content_length = MAX_BATCH_BYTES


@bp.post("/sync")
@api_post
def deliver(identity: RegisterIdentity) -> Answer:
    """Apply a register's batch of journal events; 200 with what the batch holds."""
    body = read_json_object()  # read by the SyncRequest model in read_batch
    desk = current_desk()
    batch = desk.read_sync_batch(body, store=identity.store)
    answer = desk.apply_sync_batch(batch, store=identity.store, register=identity.register)
    return answer, 200
