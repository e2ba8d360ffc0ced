"""Sending batches to the store server over HTTP (stdlib ``urllib``), marking what arrived.

:func:`sync` posts the register's oldest undelivered batch, and only when the server
answers 200 records it as delivered; then the next one. An unreachable server or an
error answer stops it with nothing marked, so the next ``sync`` sends the same events
again (the server skips those it already has). Interrupting it (Ctrl-C) between or
during requests loses nothing for the same reason.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import DiscrepancyError, InvalidInput
from ..service.context import Context
from . import SYNC_PATH
from .outbox import Batch, mark_delivered, next_batch

#: Seconds to wait for the server to answer one batch.
TIMEOUT_SECONDS = 30.0
DEFAULT_BATCH = 100


class ServerUnreachable(DiscrepancyError):
    """The store server did not answer (down, wrong address, network)."""

    code = "server_unreachable"
    http_status = 503


class ServerRefused(DiscrepancyError):
    """The store server answered a batch with an error."""

    code = "server_refused"
    http_status = 502

    def __init__(self, message: str, *, status: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.status = status


@dataclass
class SyncSummary:
    """What one ``sync`` delivered."""

    server: str
    batches: int = 0
    events: int = 0
    incident_ids: set[str] = field(default_factory=set)
    #: events the server took but quarantined (not applied: a rule refused them)
    quarantined: list[dict[str, Any]] = field(default_factory=list)

    @property
    def incidents(self) -> int:
        """How many different incidents the delivered events belong to."""
        return len(self.incident_ids)


def check_server(server: object) -> str:
    """An ``http://`` or ``https://`` URL, without a trailing slash."""
    text = server.strip().rstrip("/") if isinstance(server, str) else ""
    if not text.startswith(("http://", "https://")) or len(text) > 200:
        raise InvalidInput(
            f"server: {str(server)[:60]!r} is not the store server's URL "
            "(like http://store-server:8000)",
            field="server",
        )
    return text


def post_batch(server: str, token: str, batch: Batch, *, timeout: float) -> dict[str, Any]:
    """POST one batch; the server's JSON answer, or ``ServerUnreachable``/``ServerRefused``."""
    request = urllib.request.Request(
        server + SYNC_PATH,
        data=batch.encoded(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer
    except urllib.error.HTTPError as error:
        raise _refused(error) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise ServerUnreachable(
            f"server: cannot reach {server} ({reason}); nothing was marked delivered, "
            "run sync again later",
            field="server",
        ) from None


def _refused(error: urllib.error.HTTPError) -> ServerRefused:
    try:
        body = error.read()
    except OSError:
        body = b""
    finally:
        error.close()
    try:
        detail = json.loads(body)["error"]
        message, problem = str(detail["message"]), detail.get("field")
    except Exception:  # not our API's error shape (a proxy, a wrong URL)
        message, problem = str(error.reason or "no reason given"), None
    return ServerRefused(
        f"the server refused the batch ({error.code}): {message}; nothing was marked delivered",
        status=error.code,
        field=problem,
    )


def sync(
    ctx: Context,
    *,
    server: str,
    token: str,
    batch_size: int = DEFAULT_BATCH,
    store: str | None = None,
    timeout: float = TIMEOUT_SECONDS,
    on_batch: Callable[[Batch], None] | None = None,
) -> SyncSummary:
    """Deliver every undelivered local event to ``server``, a batch at a time.

    :param on_batch: called after each batch the server accepted (and that was marked).
    :raises ServerUnreachable, ServerRefused: stopping there; batches delivered before
        stay marked.
    """
    server = check_server(server)
    if batch_size < 1:
        raise InvalidInput("batch: must be at least 1", field="batch")
    summary = SyncSummary(server=server)
    while (batch := next_batch(ctx, server=server, size=batch_size, store=store)) is not None:
        answer = post_batch(server, token, batch, timeout=timeout)
        held = answer.get("quarantined")
        if isinstance(held, list):
            summary.quarantined.extend(item for item in held if isinstance(item, dict))
        mark_delivered(ctx, batch, server=server)
        summary.batches += 1
        summary.events += batch.events
        summary.incident_ids |= batch.incident_ids
        if on_batch is not None:
            on_batch(batch)
    return summary
