"""pos-discrepancy: shelf-tag vs scanned-price discrepancies at the register.

Integrators start with :func:`connect`; plugin authors import :data:`hookimpl`.
"""

from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("posdisc")

from .errors import (  # noqa: E402  (hookimpl first: built-in plugins import it)
    AlreadyExists,
    AuthenticationFailed,
    ConfigurationError,
    DiscrepancyError,
    InvalidInput,
    InvalidTransition,
    JournalBroken,
    LockedOut,
    NotFound,
    NotPermitted,
)
from .money import Money  # noqa: E402

__version__ = "0.1.0"


def connect(database_url: str | None = None, config: str | None = None, **options: object):  # type: ignore[no-untyped-def]
    """Open the desk: the service a POS talks to. See :class:`pos_discrepancy.desk.Desk`.

    :param database_url: SQLAlchemy URL; default ``POSDISC_DATABASE_URL`` or an SQLite
        file in the user data directory.
    :param config: path to a TOML policy file; default ``POSDISC_CONFIG`` or built-ins.
    """
    from .desk import Desk

    return Desk.open(database_url=database_url, config=config, **options)  # type: ignore[arg-type]


__all__ = [
    "AlreadyExists",
    "AuthenticationFailed",
    "ConfigurationError",
    "DiscrepancyError",
    "InvalidInput",
    "InvalidTransition",
    "JournalBroken",
    "LockedOut",
    "Money",
    "NotFound",
    "NotPermitted",
    "__version__",
    "connect",
    "hookimpl",
]
