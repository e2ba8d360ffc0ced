"""pos-discrepancy: shelf-tag vs scanned-price discrepancies at the register.

Integrators start with :func:`connect`; plugin authors import :data:`hookimpl`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .errors import (
    AlreadyExists,
    AuthenticationFailed,
    ConfigurationError,
    DatabaseUnavailable,
    DiscrepancyError,
    InvalidInput,
    InvalidTransition,
    JournalBroken,
    LockedOut,
    NotFound,
    NotPermitted,
    PriceLookupFailed,
    TooManyAttempts,
)
from .hookspecs import hookimpl
from .money import Money

if TYPE_CHECKING:  # the desk loads the web-free service stack; plugins need only hookimpl
    from .desk import Desk

__version__ = "0.1.0"


def connect(
    database_url: str | None = None,
    config: str | os.PathLike[str] | None = None,
    **options: Any,
) -> Desk:
    """Open the desk: the service a POS talks to. See :class:`pos_discrepancy.desk.Desk`.

    :param database_url: SQLAlchemy URL; default ``POSDISC_DATABASE_URL`` or an SQLite
        file (WAL mode) in the user data directory, created and migrated on first use.
    :param config: path to a TOML policy file; default ``POSDISC_CONFIG`` or built-ins.
    :param options: passed to :meth:`Desk.open <pos_discrepancy.desk.Desk.open>`:
        ``plugins``, ``clock``, ``run_migrations``, ``pin_hasher``.
    :raises ConfigurationError: a bad URL, a missing or invalid policy file, or a
        jurisdiction no installed plugin provides (the error names the field).
    """
    from .desk import Desk

    return Desk.open(database_url=database_url, config=config, **options)


__all__ = [
    "AlreadyExists",
    "AuthenticationFailed",
    "ConfigurationError",
    "DatabaseUnavailable",
    "DiscrepancyError",
    "InvalidInput",
    "InvalidTransition",
    "JournalBroken",
    "LockedOut",
    "Money",
    "NotFound",
    "NotPermitted",
    "PriceLookupFailed",
    "TooManyAttempts",
    "__version__",
    "connect",
    "hookimpl",
]
