"""Offline registers: deliver a register's local journal to the store server (design §6).

A register that cannot reach the store server runs its own desk on a local SQLite file.
``posdisc sync`` then sends what the server has not had yet:

- :mod:`.outbox` reads the register's undelivered events (oldest first, per store) with
  the incident facts and decision the server needs, in batches; and records, in
  ``sync_state``, what the server has acknowledged.
- :mod:`.delivery` posts each batch to ``POST /api/v1/sync`` (stdlib ``urllib``) and
  marks it delivered only after a 200.
- :mod:`.batch` reads a batch on the server (422 naming the field path), and
  :mod:`.intake` applies it in one transaction: idempotent by event id, in the
  register's order.

See docs/offline.md.
"""

from __future__ import annotations

#: The server endpoint a batch is posted to.
SYNC_PATH = "/api/v1/sync"
#: Largest batch body (bytes) the server accepts and the register sends.
MAX_BATCH_BYTES = 1024 * 1024
