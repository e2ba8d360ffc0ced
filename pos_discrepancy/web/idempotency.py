"""``Idempotency-Key`` on every POST: a repeat returns the first answer, changing nothing.

The rules (one run per register and key, the first answer replayed, another body
refused, errors not kept) live in :mod:`pos_discrepancy.service.idempotency`; this module
reads the header and fingerprints the request.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from flask import Response, request

from pos_discrepancy.desk import HEADER, Answer

from .auth import authenticate
from .extension import current_desk
from .json_body import BadRequest

_KEY = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?")

__all__ = ["HEADER", "Answer", "api_post", "json_response"]


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
        text, status = current_desk().run_once(
            store=identity.store,
            register=identity.register,
            key=_check_key(key),
            fingerprint=_request_sha256(),
            run=lambda: view(identity, **url_args),
        )
        return json_response(text, status)

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
