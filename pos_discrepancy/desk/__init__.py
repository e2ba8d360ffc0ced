"""The desk: the Python API a POS integrates with (design §5), over one database.

``Desk`` is a thin facade: each method delegates to one command or read model of
:mod:`pos_discrepancy.service`, run in the desk's :class:`~.service.context.Context`
(engine, clock, plugins, settings, store cache). Every public method validates its
input, raises a ``DiscrepancyError`` subclass naming the field, and stores nothing when
it raises. The faces (web, CLI) call only this; nothing below imports it.

The methods are grouped by concern, one module each: :mod:`.setup` (stores, staff,
prices, registers, who is asking), :mod:`.register` (the register path), :mod:`.reading`
(incidents, journal, reports), :mod:`.outcomes` (measures, what-if, self-audits) and
:mod:`.plumbing` (the worker, idempotency, sync, quarantine).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import pluggy
from argon2 import PasswordHasher
from sqlalchemy.exc import OperationalError

from ..config import Settings, load_settings
from ..domain import StoreInfo
from ..errors import DatabaseUnavailable
from ..plugins import configure_plugins, make_plugin_manager
from ..service import worker as work
from ..service.context import PIN_HASHER, Clock, Context, utc_now
from ..service.idempotency import HEADER, Answer
from ..service.read import StoreSummary
from ..service.sign_in import RegisterIdentity, StaffMember
from ..store.engine import make_engine, migrate
from .outcomes import Outcomes
from .plumbing import Plumbing
from .reading import Reading
from .register import RegisterPath
from .setup import SetUp

__all__ = ["HEADER", "Answer", "Desk", "RegisterIdentity", "StaffMember", "StoreSummary"]

#: The worker's defaults, for the faces: seconds between passes, tries before parking.
WORKER_POLL_SECONDS = work.POLL_SECONDS
WORKER_MAX_ATTEMPTS = work.MAX_ATTEMPTS


class Desk(SetUp, RegisterPath, Reading, Outcomes, Plumbing):
    """The service a POS talks to. Create it with :func:`pos_discrepancy.connect`."""

    def __init__(self, context: Context) -> None:
        #: What every command runs in; plugins and services get this, never the desk.
        self.context = context

    @classmethod
    def open(
        cls,
        database_url: str | None = None,
        config: str | os.PathLike[str] | None = None,
        *,
        plugins: Iterable[object] = (),
        clock: Clock | None = None,
        run_migrations: bool = True,
        pin_hasher: PasswordHasher | None = None,
        plugin_manager: pluggy.PluginManager | None = None,
    ) -> Desk:
        """Open the database (migrating it to the newest schema) and load the plugins.

        :param plugins: extra plugin objects to register (after the built-ins).
        :param clock: a function returning the current UTC time (tests move it).
        :param pin_hasher: argon2 parameters for new PIN hashes; the default is the
            library's recommended argon2id profile. Tests pass a cheap one.
        :param plugin_manager: one built already (the CLI builds it before parsing, for
            the commands plugins add); by default one is built from the policy file.
        """
        settings = load_settings(config)
        pm = plugin_manager or make_plugin_manager(
            plugins=plugins, plugins_dir=settings.plugins_dir
        )
        engine = make_engine(database_url)
        context = Context(
            engine=engine,
            settings=settings,
            pm=pm,
            clock=clock or utc_now,
            pin_hasher=pin_hasher or PIN_HASHER,
        )
        try:  # a refused start-up must not leave database connections open
            configure_plugins(pm, settings.plugin_settings)
            context.check_jurisdictions(settings.jurisdictions())
            if run_migrations:
                migrate(engine)
        except OperationalError as error:
            engine.dispose()
            raise DatabaseUnavailable.from_driver_error(error) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(context)

    def close(self) -> None:
        """Release the database connections."""
        self.context.engine.dispose()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what the faces read of the set-up --------------------------------------------
    @property
    def settings(self) -> Settings:
        """The policy file's settings (``POSDISC_CONFIG``), read at open."""
        return self.context.settings

    @property
    def clock(self) -> Clock:
        """The desk's clock (timezone-aware UTC; tests move it)."""
        return self.context.clock

    def store_info(self, code: object, *, field: str = "store") -> StoreInfo:
        """The store's facts and policy; ``NotFound`` for an unknown code."""
        return self.context.store_info(code, field=field)

    def extend_web_app(self, app: Any) -> None:
        """Let ``posdisc_register_blueprints`` plugins add their pages to ``app``."""
        self.context.pm.hook.posdisc_register_blueprints(app=app)

    def database_location(self) -> str:
        """Where the data lives, for people: the SQLite file, or the URL without password."""
        url = self.context.engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            return f"SQLite file {url.database}"
        return url.render_as_string(hide_password=True)
