"""Signed webhooks: one POST per incident event, signed by the Standard Webhooks scheme.

A subscriber plugin (design §10): the worker calls :func:`posdisc_incident_event` for each
committed journal event, at least once and in order per incident, and retries when it
raises. Settings come from ``[plugins.webhooks]`` in the policy file::

    [plugins.webhooks]
    url = "https://hooks.example.com/posdisc"
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    events = ["detected", "approval_timed_out"]   # optional; default every kind
    timeout_seconds = 5                           # optional; > 0 and at most 60

Without that table the plugin does nothing. The settings are read again from
``plugin_settings`` on every call (several desks may run in one process), never kept.
The body and headers are documented in docs/http-api.md ("Webhooks").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import http.client
import json
import math
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any, NoReturn
from urllib.parse import urlsplit

from pos_discrepancy import hookimpl
from pos_discrepancy.errors import ConfigurationError
from pos_discrepancy.views import EventView, IncidentView

NAME = "webhooks"
#: Every journal event kind (hook ``posdisc_incident_event``); the ``events`` filter
#: names a subset of these.
EVENT_KINDS = (
    "detected",
    "decided",
    "approved",
    "denied",
    "approval_timed_out",
    "outcome_recorded",
    "bonus_claimed",
    "signage_fixed",
)
KEYS = ("url", "secret", "events", "timeout_seconds")
SECRET_PREFIX = "whsec_"
DEFAULT_TIMEOUT_SECONDS = 5.0
MAX_TIMEOUT_SECONDS = 60.0
#: How much of a receiver's answer is read: the status is what counts.
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class WebhookSettings:
    """A checked ``[plugins.webhooks]`` table."""

    url: str
    #: The signing key: the base64-decoded part of ``whsec_<base64>``.
    key: bytes = field(repr=False)
    #: The kinds to send; ``None`` (no ``events`` key) sends every kind, new ones too.
    events: frozenset[str] | None = None
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


class DeliveryFailed(Exception):
    """The receiver did not take the event (non-2xx, timeout, connection error).

    Raised to the worker, which delivers the event again later; the message names the
    url (without credentials or query) and the reason, never the secret.
    """


@hookimpl
def posdisc_configure(plugin_settings: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Check ``[plugins.webhooks]`` at start-up; claim it when present.

    :raises ConfigurationError: naming the key (``plugins.webhooks.<key>``).
    """
    return [] if read_settings(plugin_settings) is None else [NAME]


@hookimpl
def posdisc_incident_event(
    incident: IncidentView, event: EventView, plugin_settings: Mapping[str, Mapping[str, Any]]
) -> None:
    """POST ``event`` to the configured url, signed; nothing without ``[plugins.webhooks]``.

    :raises DeliveryFailed: the receiver did not answer 2xx in time; the worker retries
        with the same ``webhook-id`` (the event id).
    """
    settings = read_settings(plugin_settings)
    if settings is None or (settings.events is not None and event.kind not in settings.events):
        return
    deliver(settings, webhook_id=event.id, body=payload(incident, event))


def read_settings(plugin_settings: Mapping[str, Mapping[str, Any]]) -> WebhookSettings | None:
    """The checked ``[plugins.webhooks]`` table, or ``None`` when there is none.

    :raises ConfigurationError: a missing or bad key, or one this plugin does not know.
    """
    table = plugin_settings.get(NAME)
    if table is None:
        return None
    if not isinstance(table, Mapping):
        _refuse("", "must be a table")
    unknown = sorted(str(key) for key in table if key not in KEYS)
    if unknown:
        _refuse(unknown[0], f"unknown key; the keys are {', '.join(KEYS)}")
    return WebhookSettings(
        url=_url(table.get("url")),
        key=_secret(table.get("secret")),
        events=None if "events" not in table else _events(table["events"]),
        timeout_seconds=_timeout(table.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)),
    )


def payload(incident: IncidentView, event: EventView) -> bytes:
    """The JSON body: Standard Webhooks' ``type`` / ``timestamp`` / ``data`` envelope.

    Money stays as the views write it (decimal strings), never a float.
    """
    at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    document = {
        "type": f"incident.{event.kind}",
        "timestamp": at.astimezone(UTC).isoformat(),
        "data": {"incident": incident.to_dict(), "event": event.to_dict()},
    }
    # ASCII JSON (\u escapes): any text the journal holds encodes, so no event is stuck.
    return json.dumps(document, separators=(",", ":")).encode("ascii")


def sign(key: bytes, *, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header: ``v1,<base64 HMAC-SHA256 of id.timestamp.body>``."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return f"v1,{base64.b64encode(digest).decode('ascii')}"


def deliver(settings: WebhookSettings, *, webhook_id: str, body: bytes) -> None:
    """POST ``body`` once, signed now; return on a 2xx answer.

    Redirects are not followed (urllib would turn the POST into a GET and drop the body).

    :raises DeliveryFailed: any other answer, a timeout or a connection error.
    """
    timestamp = int(time.time())  # send time: receivers refuse stale timestamps
    request = urllib.request.Request(
        settings.url,
        data=body,
        method="POST",
        headers={
            "content-type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(
                settings.key, webhook_id=webhook_id, timestamp=timestamp, body=body
            ),
            "user-agent": "posdisc-webhooks/0.1",
        },
    )
    where = f"webhooks: POST {_shown(settings.url)}"
    try:
        with _OPENER.open(request, timeout=settings.timeout_seconds) as answer:
            answer.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        error.close()
        raise DeliveryFailed(f"{where} answered {error.code} {error.reason}") from None
    except (OSError, http.client.HTTPException) as error:  # URLError is an OSError
        raise DeliveryFailed(f"{where} {_failure(error, settings.timeout_seconds)}") from None


def _failure(error: Exception, timeout_seconds: float) -> str:
    """Why a POST got no answer: a timeout, or the connection's own reason."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout_seconds:g} s (timeout_seconds)"
    if isinstance(reason, Exception):
        return f"failed: {type(reason).__name__}: {reason}"
    return f"failed: {reason}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turn every 3xx into an ``HTTPError``: a webhook is delivered to its url or not at all."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def _shown(url: str) -> str:
    """``url`` for messages: scheme, host, port and path (a query may carry a token)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    query = "?…" if parts.query else ""
    return f"{parts.scheme}://{host}{port}{parts.path}{query}"


def _url(value: object) -> str:
    if value is None:
        _refuse("url", 'is required, e.g. url = "https://hooks.example.com/posdisc"')
    if not isinstance(value, str) or not (value.isascii() and value.isprintable()) or " " in value:
        _refuse("url", "must be an http or https url, ASCII without spaces (percent-encode)")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        _refuse("url", "is not a valid url (check the host and port)")
    if port == 0:
        _refuse("url", "is not a valid url (port 0)")
    if parts.scheme not in ("http", "https"):
        _refuse("url", f"must start with http:// or https://, not {parts.scheme or 'nothing'}")
    if not parts.hostname:
        _refuse("url", "names no host")
    if parts.username is not None or parts.password is not None:
        _refuse("url", "must hold no user name or password (the signature authenticates)")
    return value


def _secret(value: object) -> bytes:
    example = (
        'secret = "whsec_<base64 of the key>"; make one with python -c "import base64, os; '
        "print('whsec_' + base64.b64encode(os.urandom(32)).decode())\""
    )
    if value is None:
        _refuse("secret", f"is required: {example}")
    if not isinstance(value, str) or not value.startswith(SECRET_PREFIX):
        _refuse("secret", f"must be written {example}")
    encoded = value[len(SECRET_PREFIX) :]
    try:
        # Standard Webhooks secrets are often written without their base64 padding.
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        _refuse("secret", f"is not valid base64 after whsec_: {example}")
    if not key:
        _refuse("secret", f"is empty: {example}")
    return key


def _events(value: object) -> frozenset[str]:
    known = ", ".join(EVENT_KINDS)
    if not isinstance(value, list) or not value:
        _refuse("events", f"must be a non-empty list of event kinds: {known}")
    unknown = [kind for kind in value if kind not in EVENT_KINDS]
    if unknown:
        _refuse("events", f"unknown event kind {_quoted(unknown[0])}; the kinds are {known}")
    return frozenset(value)


def _timeout(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= MAX_TIMEOUT_SECONDS
    ):
        _refuse(
            "timeout_seconds",
            f"must be a number of seconds above 0, at most 60, not {_quoted(value)}",
        )
    return float(value)


def _quoted(value: object) -> str:
    """``value`` for a message, unless it might be the secret written under the wrong key."""
    if isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str) and len(value) <= 40 and SECRET_PREFIX not in value:
        return repr(value)
    return f"a {type(value).__name__}"


def _refuse(key: str, problem: str) -> NoReturn:
    name = f"plugins.{NAME}.{key}" if key else f"plugins.{NAME}"
    where = f"[plugins.{NAME}] {key}".rstrip()
    raise ConfigurationError(f"config: {where}: {problem}", field=name)
