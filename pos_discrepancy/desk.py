"""The desk: the Python API a POS integrates with (design §5), over one database.

``Desk`` holds the engine, the plugin manager and the policy settings; the register
path lives in :mod:`.register`, manager approval in :mod:`.approvals`, set-up in
:mod:`.admin`. Every public method validates its input, raises a ``DiscrepancyError``
subclass naming the field, and stores nothing when it raises.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pluggy
from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from . import admin, approvals
from . import register as register_path
from .config import Settings, load_settings
from .domain import StoreInfo
from .errors import ConfigurationError, DatabaseUnavailable, NotFound
from .ids import check_uuid
from .inputs import check_code
from .plugins import call_each, installed_jurisdictions, make_plugin_manager
from .store import repository
from .store.engine import READ_ONLY, make_engine, migrate
from .store.journal import JournalEntry, VerifyReport, verify_journal
from .views import CheckResult, EventView, IncidentView

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Desk:
    """The service a POS talks to. Create it with :func:`pos_discrepancy.connect`."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        pm: pluggy.PluginManager,
        clock: Clock = utc_now,
        pin_hasher: PasswordHasher | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.pm = pm
        self.clock = clock
        #: Hashes new PINs; verification reads the parameters stored in each hash.
        self.pin_hasher = pin_hasher or approvals.PIN_HASHER
        self._stores: dict[str, StoreInfo] = {}

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
    ) -> Desk:
        """Open the database (migrating it to the newest schema) and load the plugins.

        :param plugins: extra plugin objects to register (after the built-ins).
        :param clock: a function returning the current UTC time (tests move it).
        :param pin_hasher: argon2 parameters for new PIN hashes; the default is the
            library's recommended argon2id profile. Tests pass a cheap one.
        """
        settings = load_settings(config)
        pm = make_plugin_manager(plugins=plugins, plugins_dir=settings.plugins_dir)
        engine = make_engine(database_url)
        desk = cls(engine, settings, pm, clock or utc_now, pin_hasher)
        try:  # a refused start-up must not leave database connections open
            desk.check_jurisdictions(settings.jurisdictions())
            if run_migrations:
                migrate(engine)
        except OperationalError as error:
            engine.dispose()
            raise DatabaseUnavailable.from_driver_error(error) from None
        except BaseException:
            engine.dispose()
            raise
        return desk

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing shared by the services --------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: commits on success, rolls back (storing nothing) on error."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only.

        On SQLite it begins deferred, so it neither waits for nor blocks a writer (WAL
        gives it a snapshot); a read inside a write transaction (say, a store's policy
        that is not cached yet) would otherwise wait for that very transaction.
        """
        with self.engine.connect().execution_options(**READ_ONLY) as connection:
            yield connection

    def store_info(self, code: object, *, field: str = "store") -> StoreInfo:
        """The store's facts and policy; ``NotFound`` for an unknown code."""
        store_code = check_code(code, field=field)
        info = self._stores.get(store_code)
        if info is None:
            with self.reading() as connection:
                row = repository.get_store(connection=connection, store_id=store_code)
            if row is None:
                raise NotFound(
                    f"{field}: there is no store {store_code!r}; add it first "
                    "(posdisc init, or add_store)",
                    field=field,
                )
            info = StoreInfo(
                code=row.id,
                name=row.name,
                currency=row.currency,
                timezone=row.timezone,
                jurisdiction=row.jurisdiction,
                policy=self.settings.policy_for(row.id, row.jurisdiction),
            )
            self._stores[store_code] = info
        return info

    def check_jurisdictions(self, names: Iterable[str | None]) -> None:
        """Refuse jurisdiction names that no installed plugin implements."""
        wanted = {n for n in names if n}
        if not wanted:
            return
        installed = installed_jurisdictions(self.pm)
        missing = wanted - installed
        if missing:
            raise ConfigurationError(
                f"jurisdiction: no installed plugin provides {', '.join(sorted(missing))}; "
                f"installed: {', '.join(sorted(installed)) or 'none'}",
                field="jurisdiction",
            )

    def notify(self, incident_id: str, entries: Iterable[JournalEntry]) -> None:
        """Tell ``posdisc_incident_event`` plugins about committed events; never raises."""
        hook = self.pm.hook.posdisc_incident_event
        if not hook.get_hookimpls():
            return
        try:
            incident = self.get_incident(incident_id)
            for entry in entries:
                event = EventView(entry.id, entry.seq, entry.kind, entry.at, entry.data)
                call_each(hook, incident=incident, event=event)  # one failure silences none
        except Exception:  # a notifier must never break a checkout
            log.exception("posdisc_incident_event plugin failed for incident %s", incident_id)

    # --- the Python API (design §5) ----------------------------------------------------
    def add_store(
        self,
        code: str,
        *,
        name: str,
        currency: str,
        jurisdiction: str | None = None,
        timezone: str = "UTC",
    ) -> StoreInfo:
        """Add a store. ``jurisdiction`` names an installed rule plugin (or ``None``)."""
        return admin.add_store(
            self, code, name=name, currency=currency, jurisdiction=jurisdiction, timezone=timezone
        )

    def add_staff(
        self, store: str, *, code: str, name: str, role: str, pin: str | None = None
    ) -> None:
        """Add a member of staff; managers and admins need a PIN (4–8 digits)."""
        admin.add_staff(self, store, code=code, name=name, role=role, pin=pin)

    def list_staff(self, store: str) -> list[dict[str, Any]]:
        """The store's staff (no PIN hashes)."""
        return admin.list_staff(self, store)

    def set_pin(self, store: str, *, code: str, pin: str) -> None:
        """Give a member of staff a new PIN (4–8 digits); also lifts a wrong-PIN lock."""
        admin.set_pin(self, store, code=code, pin=pin)

    def unlock_staff(self, store: str, *, code: str) -> None:
        """Unlock a member of staff locked by wrong PINs, before the lockout ends."""
        admin.unlock_staff(self, store, code=code)

    def import_prices(self, store: str, source: Any) -> int:
        """Import a price file (CSV path) or an iterable of ``(sku, description, price)``.

        The import is all or nothing: any bad row refuses the whole file, with line
        numbers. Returns the number of items written.
        """
        return admin.import_prices(self, store, source)

    def add_register(self, store: str, *, register: str) -> str:
        """Allow a till to use the HTTP API; returns its bearer token (shown once)."""
        return admin.add_register(self, store, register=register)

    def check(
        self,
        *,
        store: str,
        register: str,
        cashier: str,
        sku: str,
        shelf_price: Any,
        scanned_price: Any = None,
        quantity: Any = 1,
        **claim: Any,
    ) -> CheckResult:
        """Compare the shelf claim with the scan; on a mismatch, log it and offer options.

        Optional claim fields: ``location``, ``promo_ends``, ``multi_buy`` (``"3 for 10.00"``
        or ``(3, "10.00")``), ``displayed_prices`` (``[{"source": "sign", "price": "8.99"}]``),
        ``tag_barcode``, ``description``.
        """
        return register_path.check(
            self,
            store=store,
            register=register,
            cashier=cashier,
            sku=sku,
            shelf_price=shelf_price,
            scanned_price=scanned_price,
            quantity=quantity,
            **claim,
        )

    def decide(
        self,
        incident_id: str,
        *,
        action: str,
        cashier: str,
        customer_outcome: str | None = None,
        note: str | None = None,
        goodwill: Any = None,
    ) -> IncidentView:
        """Record the cashier's choice among the offered options."""
        return register_path.decide(
            self,
            incident_id,
            action=action,
            cashier=cashier,
            customer_outcome=customer_outcome,
            note=note,
            goodwill=goodwill,
        )

    def approve(
        self,
        incident_id: str,
        *,
        manager: str,
        pin: str,
        approve: bool = True,
        note: str | None = None,
        customer_outcome: str | None = None,
    ) -> IncidentView:
        """A manager approves (honor) or denies (decline) an escalated incident."""
        return approvals.approve(
            self,
            incident_id,
            manager=manager,
            pin=pin,
            approve=approve,
            note=note,
            customer_outcome=customer_outcome,
        )

    def record_outcome(
        self, incident_id: str, *, customer_outcome: str, staff: str
    ) -> IncidentView:
        """Record afterwards whether the customer bought the item or walked away."""
        return register_path.record_outcome(
            self, incident_id, customer_outcome=customer_outcome, staff=staff
        )

    def fix(self, incident_id: str, *, staff: str, cause: str | None = None) -> IncidentView:
        """Ops staff mark the shelf tag fixed, with the cause when known."""
        return register_path.fix(self, incident_id, staff=staff, cause=cause)

    def fix_sku(
        self, store: str, *, sku: str, staff: str, cause: str | None = None
    ) -> list[IncidentView]:
        """Mark every open incident of ``sku`` at ``store`` fixed (a scanned tag)."""
        return register_path.fix_sku(self, store, sku=sku, staff=staff, cause=cause)

    def get_incident(self, incident_id: str) -> IncidentView:
        """The incident with its decision and events."""
        incident_id = check_uuid(incident_id, field="incident_id")
        approvals.apply_timeouts(self, incident_id=incident_id)
        with self.reading() as connection:
            row = repository.get_incident_row(connection=connection, incident_id=incident_id)
            if row is None:
                raise NotFound(f"incident_id: no incident {incident_id}", field="incident_id")
            return repository.incident_view(connection=connection, row=row)

    def pending_approvals(self, store: str | None = None) -> list[IncidentView]:
        """Incidents waiting for a manager, oldest first (timeouts applied first)."""
        store_id = None if store is None else self.store_info(store).code
        approvals.apply_timeouts(self, store_id=store_id)
        with self.reading() as connection:
            ids = repository.awaiting_approval_ids(connection=connection, store_id=store_id)
            return [
                repository.incident_view(
                    connection=connection,
                    row=repository.get_incident_row(connection=connection, incident_id=i),
                    with_events=False,
                )
                for i in ids
            ]

    def verify_journal(self, store: str | None = None) -> VerifyReport:
        """Check the journal's hash chains (see ``posdisc journal verify``)."""
        store_id = None if store is None else self.store_info(store).code
        return verify_journal(self.engine, store_id)

    def claim_bonus(self, incident_id: str, *, staff: str, note: str | None = None) -> IncidentView:
        """Record a Michigan bonus claim (notice after the sale) against a decided incident.

        Stores the amount owed (refund plus bonus) on the decision and journals a
        ``bonus_claimed`` event; refuses a second claim, a price corrected before the
        sale ended, a claim after 30 days, and stores not under ``us_mi``.
        """
        from .bonus import claim_bonus  # Michigan only: kept off the import path

        return claim_bonus(self, incident_id, staff=staff, note=note)
