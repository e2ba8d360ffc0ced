"""``Idempotency-Key``: a command run at most once per register and key.

The key row is inserted first, "in progress", in its own transaction, so of two
concurrent requests with one key only one runs; the other is answered 409. When the first
answer is a success it is saved with the key and every repeat with the same request gets
it back (same status, same body). A repeat with another request is refused with 422. An
error answer is not kept: the key is let go, so nothing stays stored and the request may
be retried.

The command commits its own transaction, so the answer is saved just after it, not in
it. A process that dies in between leaves the key "in progress"; after
:data:`ABANDONED_AFTER` a repeat takes the key over and runs again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from ..errors import AlreadyExists, InvalidInput
from ..store import idempotency as keys
from .context import Context

HEADER = "Idempotency-Key"
#: A key still "in progress" after this long was left by a process that died.
ABANDONED_AFTER = timedelta(seconds=60)
#: A command's answer: its JSON-ready body and HTTP status.
Answer = tuple[dict[str, Any], int]


class InProgress(AlreadyExists):
    """A request with this key is still being served."""

    code = "request_in_progress"


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
    :raises InProgress: a request with this key is still being served.
    :raises InvalidInput: the key was used for a different request.
    """
    ids: dict[str, Any] = {"store_id": store, "register": register, "key": key}
    for _ in range(2):
        try:
            with ctx.transaction() as connection:
                keys.claim_key(
                    connection=connection, request_sha256=fingerprint, now=ctx.clock(), **ids
                )
            break
        except IntegrityError:
            answer = _replay(ctx, ids, fingerprint)
            if answer is not None:
                return answer
    else:  # another request took the abandoned key over first
        raise InProgress(f"{HEADER}: a request with this key is in progress; retry", field=HEADER)
    try:
        body, status = run()
    except BaseException:
        with ctx.transaction() as connection:
            keys.release_key(connection=connection, **ids)
        raise
    text = json.dumps(body, default=str)
    with ctx.transaction() as connection:
        keys.save_answer(connection=connection, status=status, body=text, **ids)
    return text, status


def _replay(ctx: Context, ids: dict[str, Any], fingerprint: str) -> tuple[str, int] | None:
    """The first answer; ``None`` when the key is free again (try to take it)."""
    with ctx.reading() as connection:
        row = keys.get_key(connection=connection, **ids)
    if row is None:  # the first request failed and let the key go meanwhile
        return None
    if row.request_sha256 != fingerprint:
        raise InvalidInput(
            f"{HEADER}: this key was used for a different request; use a new key",
            field=HEADER,
        )
    if row.status is None and ctx.clock() - row.created_at > ABANDONED_AFTER:
        # the process serving it died; let this request take the key over
        with ctx.transaction() as connection:
            keys.release_key(connection=connection, only_in_progress_since=row.created_at, **ids)
        return None
    if row.status is None:
        raise InProgress(f"{HEADER}: a request with this key is in progress; retry", field=HEADER)
    return str(row.response_body), int(row.status)
