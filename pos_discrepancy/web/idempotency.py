"""``Idempotency-Key`` on every POST: a repeat returns the first answer, changing nothing.

Keys are kept per register in ``idempotency_keys``. The key row is inserted first, "in
progress", in its own transaction, so of two concurrent requests with one key only one
runs; the other is answered 409. When the first answer is a success it is saved with
the key and every repeat with the same body gets it back (same status, same body). A
repeat with another body (or another endpoint) is refused with 422. An error answer is
not kept: the key row is removed, so nothing stays stored and the request may be retried.

The desk commits its own transaction, so the answer is saved just after it, not in it. A
process that dies in between leaves the key "in progress"; after
:data:`ABANDONED_AFTER` a repeat takes the key over and runs again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Response, request
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from pos_discrepancy.errors import AlreadyExists, InvalidInput
from pos_discrepancy.store.tables import IdempotencyKey

from .auth import RegisterIdentity, authenticate
from .extension import current_desk
from .json_body import BadRequest

KEYS = IdempotencyKey.__table__  # type: ignore[attr-defined]
HEADER = "Idempotency-Key"
_KEY = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?")

#: A key still "in progress" after this long was left by a process that died.
ABANDONED_AFTER = timedelta(seconds=60)

#: A view answers with its JSON-ready body and status.
Answer = tuple[dict[str, Any], int]


class InProgress(AlreadyExists):
    """A request with this key is still being served."""

    code = "request_in_progress"


def json_response(body: dict[str, Any] | str, status: int) -> Response:
    """A JSON answer; ``body`` may already be JSON text (a replayed answer)."""
    text = body if isinstance(body, str) else json.dumps(body, default=str)
    return Response(text, status=status, mimetype="application/json")


def api_post(view: Callable[..., Answer]) -> Callable[..., Response]:
    """Authenticate the register, then run ``view(identity, **url_args)`` at most once
    per ``Idempotency-Key``."""

    @functools.wraps(view)
    def wrapper(**url_args: Any) -> Response:
        identity = authenticate()
        key = request.headers.get(HEADER)
        if key is None:
            body, status = view(identity, **url_args)
            return json_response(body, status)
        return _once(identity, _check_key(key), view, url_args)

    return wrapper


def _check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise BadRequest(
            f"{HEADER}: must be 1–200 printable ASCII characters, without surrounding spaces",
            field=HEADER,
        )
    return key


def _request_sha256() -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _once(
    identity: RegisterIdentity,
    key: str,
    view: Callable[..., Answer],
    url_args: dict[str, Any],
) -> Response:
    desk = current_desk()
    where = (
        (KEYS.c.store_id == identity.store)
        & (KEYS.c.register == identity.register)
        & (KEYS.c.key == key)
    )
    fingerprint = _request_sha256()
    for _ in range(2):
        try:
            with desk.transaction() as connection:
                connection.execute(
                    insert(KEYS).values(
                        store_id=identity.store,
                        register=identity.register,
                        key=key,
                        request_sha256=fingerprint,
                        created_at=desk.clock(),
                    )
                )
            break
        except IntegrityError:
            answer = _replay(desk, where, fingerprint)
            if answer is not None:
                return answer
    else:  # another request took the abandoned key over first
        raise InProgress(f"{HEADER}: a request with this key is in progress; retry", field=HEADER)
    try:
        body, status = view(identity, **url_args)
    except BaseException:
        with desk.transaction() as connection:
            connection.execute(delete(KEYS).where(where))
        raise
    text = json.dumps(body, default=str)
    with desk.transaction() as connection:
        connection.execute(update(KEYS).where(where).values(status=status, response_body=text))
    return json_response(text, status)


def _replay(desk: Any, where: Any, fingerprint: str) -> Response | None:
    """The first answer; ``None`` when the key is free again (try to take it)."""
    with desk.reading() as connection:
        row = connection.execute(select(KEYS).where(where)).first()
    if row is None:  # the first request failed and let the key go meanwhile
        return None
    if row.request_sha256 != fingerprint:
        raise InvalidInput(
            f"{HEADER}: this key was used for a different request; use a new key",
            field=HEADER,
        )
    if row.status is None and desk.clock() - row.created_at > ABANDONED_AFTER:
        # the process serving it died; let this request take the key over
        with desk.transaction() as connection:
            stale = where & KEYS.c.status.is_(None) & (KEYS.c.created_at == row.created_at)
            connection.execute(delete(KEYS).where(stale))
        return None
    if row.status is None:
        raise InProgress(f"{HEADER}: a request with this key is in progress; retry", field=HEADER)
    return json_response(row.response_body, row.status)
