"""``Idempotency-Key``: a command run exactly once per register and key.

The key's claim, the command's writes and the answer are one transaction (a
:meth:`~pos_discrepancy.service.context.Context.unit_of_work`): a process killed at any
instant leaves either nothing (a retry runs the command, once) or all three (a retry gets
the first answer, same status, same body). The claim is inserted when the command first
writes, so its slow parts (a PIN's hash, plugins) run before any lock is taken.

A concurrent request with the same key waits for the first to end — on PostgreSQL on the
key's unique index, on SQLite for the write lock — and then gets its answer (or runs, if
the first failed). A repeat with another request is refused with 422. An error answer is
not kept: the unit rolls back, the key with it, and the request may be retried.

Keys are kept for :data:`RETENTION`, then pruned by the worker (:func:`prune`); a retry
of a pruned key runs again. Rows "in progress" (``status`` NULL) are never committed by
this code; one left by an older version is taken over after :data:`ABANDONED_AFTER`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from ..errors import AlreadyExists, InvalidInput
from ..store import idempotency as keys
from .context import Context

HEADER = "Idempotency-Key"
#: A key still "in progress" after this long was left by a process that died (rows of
#: versions that saved the answer in a transaction of its own).
ABANDONED_AFTER = timedelta(seconds=60)
#: How long a key and its answer are kept (Stripe keeps them at least 24 hours).
RETENTION = timedelta(hours=48)
#: A command's answer: its JSON-ready body and HTTP status.
Answer = tuple[dict[str, Any], int]
#: Tries to claim a key that other requests keep taking and letting go.
CLAIM_TRIES = 3


class InProgress(AlreadyExists):
    """A request with this key is still being served."""

    code = "request_in_progress"


class _KeyTaken(BaseException):
    """Another request committed this key first: give its answer instead.

    A ``BaseException`` so that no command's ``except Exception`` mistakes it for its own
    failure; it always ends the unit of work, which rolls back.
    """


def run_once(
    ctx: Context,
    *,
    store: str,
    register: str,
    key: str,
    fingerprint: str,
    run: Callable[[], Answer],
) -> tuple[str, int]:
    """Run ``run`` once for ``key``; returns the answer as JSON text and status.

    :param fingerprint: a digest of the request (method, path, body): the same key with
        another request is refused.
    :raises InProgress: a request with this key is still being served (only a row left
        by an older version, or a key that keeps being taken and let go).
    :raises InvalidInput: the key was used for a different request.
    """
    ids: dict[str, Any] = {"store_id": store, "register": register, "key": key}

    def claim(connection: Connection) -> None:
        if not keys.claim_key(
            connection=connection, request_sha256=fingerprint, now=ctx.clock(), **ids
        ):  # taken (on PostgreSQL, after waiting for the first request to end)
            raise _KeyTaken

    for _ in range(CLAIM_TRIES):
        answer = _replay(ctx, ids, fingerprint)
        if answer is not None:
            return answer
        try:
            with ctx.unit_of_work(on_begin=claim) as unit:
                body, status = run()
                text = json.dumps(body, default=str)
                # a command that wrote nothing (prices agree) still keeps its answer
                keys.save_answer(connection=unit.join(), status=status, body=text, **ids)
            return text, status
        except _KeyTaken:
            continue  # the first request's answer is committed now: replay it
    raise InProgress(f"{HEADER}: a request with this key is in progress; retry", field=HEADER)


def prune(ctx: Context, *, batch: int = 1000) -> int:
    """Delete the keys older than :data:`RETENTION`, a batch per transaction; how many."""
    cutoff = ctx.clock() - RETENTION
    with ctx.reading() as connection:  # most passes: nothing to prune, no write lock
        if not keys.any_key_before(connection=connection, created_before=cutoff):
            return 0
    pruned = 0
    while True:
        with ctx.transaction() as connection:
            deleted = keys.prune_keys(connection=connection, created_before=cutoff, limit=batch)
        pruned += deleted
        if deleted < batch:
            return pruned


def _replay(ctx: Context, ids: dict[str, Any], fingerprint: str) -> tuple[str, int] | None:
    """The first answer; ``None`` when the key is free again (try to take it)."""
    answer = keys.first_answer(engine=ctx.engine, **ids)
    if answer is None:  # no request with this key has committed (or its key was pruned)
        return None
    request_sha256, status, body = answer
    if request_sha256 != fingerprint:
        raise InvalidInput(
            f"{HEADER}: this key was used for a different request; use a new key",
            field=HEADER,
        )
    if status is not None:
        return str(body), int(status)
    with ctx.reading() as connection:  # a row "in progress": left by an older version?
        row = keys.get_key(connection=connection, **ids)
    if row is None:  # let go since: take it
        return None
    if row.status is not None:  # answered since
        return str(row.response_body), int(row.status)
    if ctx.clock() - row.created_at > ABANDONED_AFTER:
        # the process serving it died; let this request take the key over
        with ctx.transaction() as connection:
            keys.release_key(connection=connection, only_in_progress_since=row.created_at, **ids)
        return None
    raise InProgress(f"{HEADER}: a request with this key is in progress; retry", field=HEADER)
