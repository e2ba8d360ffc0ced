"""The desk: the Python API a POS integrates with (design §5), over one database.

``Desk`` is a thin facade: each method delegates to one command or read model of
:mod:`pos_discrepancy.service`, run in the desk's :class:`~.service.context.Context`
(engine, clock, plugins, settings, store cache). Every public method validates its
input, raises a ``DiscrepancyError`` subclass naming the field, and stores nothing when
it raises. The faces (web, CLI) call only this; nothing below imports it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pluggy
from argon2 import PasswordHasher
from sqlalchemy.exc import OperationalError

from .config import Settings, load_settings
from .domain import StoreInfo
from .domain.audit import Audit
from .domain.chain_signal import ChainSignalRow
from .domain.outcomes import OutcomeMeasures
from .domain.whatif_result import WhatIf
from .errors import DatabaseUnavailable
from .money import MoneyInput
from .plugins import configure_plugins, make_plugin_manager
from .prices import PriceRecord
from .reports import ReportRequest, make_request, write_report
from .reports.overview import PeriodOverview, gather_overview, open_tags
from .reports.queries import SignageRow
from .service import (
    audit,
    bonus,
    check,
    decide,
    fix,
    idempotency,
    incidents,
    journal,
    quarantine,
    read,
    setup,
    sign_in,
    sync_intake,
    whatif,
)
from .service import stats as outcomes
from .service import worker as work
from .service.approve import approve as approve_escalation
from .service.context import PIN_HASHER, Clock, Context, utc_now
from .service.idempotency import HEADER, Answer
from .service.incidents import IncidentPage
from .service.read import StoreSummary
from .service.sign_in import RegisterIdentity, StaffMember
from .store.engine import make_engine, migrate
from .store.verify import VerifyReport
from .sync import delivery, outbox
from .sync.batch import SyncBatch
from .views import CheckResult, IncidentView, JournalHead, QuarantinedEvent, RetryReport

__all__ = ["HEADER", "Answer", "Desk", "RegisterIdentity", "StaffMember", "StoreSummary"]

#: The worker's defaults, for the faces: seconds between passes, tries before parking.
WORKER_POLL_SECONDS = work.POLL_SECONDS
WORKER_MAX_ATTEMPTS = work.MAX_ATTEMPTS


class Desk:
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

    # --- set-up (design §5) -------------------------------------------------------------
    def add_store(
        self,
        code: str,
        *,
        name: str,
        currency: str,
        jurisdiction: str | None = None,
        timezone: str = "UTC",
        locale: str = "en_US",
    ) -> StoreInfo:
        """Add a store. ``jurisdiction`` names an installed rule plugin (or ``None``);
        ``locale`` is the store's language and formats (Babel: ``en_US``, ``fr_CA``)."""
        return setup.add_store(
            self.context,
            code,
            name=name,
            currency=currency,
            jurisdiction=jurisdiction,
            timezone=timezone,
            locale=locale,
        )

    def list_stores(self) -> list[StoreSummary]:
        """Every store, by code."""
        return read.list_stores(self.context)

    def add_staff(
        self, store: str, *, code: str, name: str, role: str, pin: str | None = None
    ) -> None:
        """Add a member of staff; managers and admins need a PIN (4–8 digits)."""
        setup.add_staff(self.context, store, code=code, name=name, role=role, pin=pin)

    def list_staff(self, store: str) -> list[dict[str, Any]]:
        """The store's staff (no PIN hashes)."""
        return setup.list_staff(self.context, store)

    def set_pin(self, store: str, *, code: str, pin: str) -> None:
        """Give a member of staff a new PIN (4–8 digits); lifts their locks and ends
        their web sessions."""
        setup.set_pin(self.context, store, code=code, pin=pin)

    def set_role(self, store: str, *, code: str, role: str) -> None:
        """Give a member of staff another role; ends their web sessions."""
        setup.set_role(self.context, store, code=code, role=role)

    def unlock_staff(self, store: str, *, code: str) -> None:
        """Lift a member's wrong-PIN and sign-in locks before they run out; ends their
        web sessions."""
        setup.unlock_staff(self.context, store, code=code)

    def import_prices(self, store: str, source: Any) -> int:
        """Import a price file (CSV path) or an iterable of ``(sku, description, price)``.

        The import is all or nothing: any bad row refuses the whole file, with line
        numbers. Returns the number of items written.
        """
        return setup.import_prices(self.context, store, source)

    def price_of(self, store: str, sku: str) -> PriceRecord | None:
        """The price-file record of ``sku`` at ``store``, or ``None``."""
        return setup.price_of(self.context, store, sku)

    def add_register(self, store: str, *, register: str) -> str:
        """Allow a till to use the HTTP API; returns its bearer token (shown once)."""
        return setup.add_register(self.context, store, register=register)

    def rotate_register_token(self, store: str, *, register: str) -> str:
        """Give a register a new bearer token (shown once); the old one stops working."""
        return setup.rotate_register_token(self.context, store, register=register)

    # --- who is asking ---------------------------------------------------------------
    def authenticate_register(self, token: str) -> RegisterIdentity:
        """The store and register a bearer token belongs to; ``AuthenticationFailed``."""
        return sign_in.authenticate_register(self.context, token)

    def sign_in(self, store: str, *, code: str, pin: str) -> StaffMember:
        """Check a member of staff's PIN for the web pages (design §11).

        Failures count towards the code's sign-in pause, never the register's wrong-PIN
        lock; an unknown code and a wrong PIN are refused alike
        (``AuthenticationFailed``); a paused code raises ``TooManyAttempts``.
        """
        return sign_in.sign_in(self.context, store, code=code, pin=pin)

    def session_member(self, store: str, *, code: str, version: int) -> StaffMember | None:
        """The member a web session was made for, or ``None`` once it was ended."""
        return sign_in.session_member(self.context, store, code=code, version=version)

    def end_sessions(self, store: str, *, code: str) -> None:
        """End every web session of a member of staff (signing out does this)."""
        sign_in.end_sessions(self.context, store, code=code)

    # --- the register path (design §5) -------------------------------------------------
    def check(
        self,
        *,
        store: str,
        register: str,
        cashier: str,
        sku: str,
        shelf_price: MoneyInput,
        scanned_price: MoneyInput | None = None,
        quantity: int | str = 1,
        **claim: Any,
    ) -> CheckResult:
        """Compare the shelf claim with the scan; on a mismatch, log it and offer options.

        Optional claim fields: ``location``, ``promo_ends``, ``multi_buy`` (``"3 for 10.00"``
        or ``(3, "10.00")``), ``displayed_prices`` (``[{"source": "sign", "price": "8.99"}]``),
        ``tag_barcode``, ``description``.
        """
        return check.check(
            self.context,
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
        goodwill: MoneyInput | None = None,
    ) -> IncidentView:
        """Record the cashier's choice among the offered options."""
        return decide.decide(
            self.context,
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
        return approve_escalation(
            self.context,
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
        return decide.record_outcome(
            self.context, incident_id, customer_outcome=customer_outcome, staff=staff
        )

    def fix(self, incident_id: str, *, staff: str, cause: str | None = None) -> IncidentView:
        """Ops staff mark the shelf tag fixed, with the cause when known."""
        return fix.fix(self.context, incident_id, staff=staff, cause=cause)

    def fix_sku(
        self, store: str, *, sku: str, staff: str, cause: str | None = None
    ) -> list[IncidentView]:
        """Mark every open incident of ``sku`` at ``store`` fixed (a scanned tag)."""
        return fix.fix_sku(self.context, store, sku=sku, staff=staff, cause=cause)

    def claim_bonus(self, incident_id: str, *, staff: str, note: str | None = None) -> IncidentView:
        """Record a Michigan bonus claim (notice after the sale) against a decided incident.

        Stores the amount owed (refund plus bonus) on the decision and journals a
        ``bonus_claimed`` event; refuses a second claim, a price corrected before the
        sale ended, a claim after 30 days, and stores not under ``us_mi``.
        """
        return bonus.claim_bonus(self.context, incident_id, staff=staff, note=note)

    # --- reading ----------------------------------------------------------------------
    def get_incident(self, incident_id: str, *, store: str | None = None) -> IncidentView:
        """The incident with its decision and events (with ``store``: of that store only)."""
        return read.get_incident(self.context, incident_id, store=store)

    def pending_approvals(self, store: str | None = None) -> list[IncidentView]:
        """Incidents waiting for a manager, oldest first (the worker applies timeouts)."""
        return read.pending_approvals(self.context, store)

    def list_incidents(
        self,
        store: str,
        *,
        status: str = "open",
        sku: str | None = None,
        page: int = 1,
        page_size: int = incidents.PAGE_SIZE,
    ) -> IncidentPage:
        """A page of the store's incidents, newest first (``status``: ``open``, ``all``,
        or a status or facet word; see :func:`pos_discrepancy.service.incidents.page`)."""
        return incidents.page(
            self.context, store, status=status, sku=sku, page=page, page_size=page_size
        )

    def store_has_incidents(self, store: str) -> bool:
        """Whether the store has any incident at all."""
        return read.store_has_incidents(self.context, store)

    def verify_journal(
        self, store: str | None = None, *, anchor: journal.Anchor | None = None
    ) -> VerifyReport:
        """Check the journal's hash chains, and every incident and decision row against
        its events (see ``posdisc journal verify`` and docs/reliability.md).

        ``anchor``: heads written down earlier — a file of ``posdisc journal head`` lines,
        its lines, or :class:`~pos_discrepancy.views.JournalHead` values; a chain that no
        longer reaches one is named. ``posdisc_journal_heads`` plugins hear of the heads
        of the chains found intact.
        """
        return journal.verify(self.context, store, anchor=anchor)

    def journal_heads(self, store: str | None = None) -> list[JournalHead]:
        """Each chain's newest ``(seq, hash)``, one :class:`~pos_discrepancy.views.JournalHead`
        per chain (see ``posdisc journal head``); ``posdisc_journal_heads`` plugins hear
        of them."""
        return journal.journal_heads(self.context, store)

    # --- reports ----------------------------------------------------------------------
    def report_request(self, kind: str, **period: Any) -> ReportRequest:
        """Validate a report's store and period (see :func:`.reports.make_request`)."""
        return make_request(self.context, kind, **period)

    def write_report(self, kind: str, out: Any, **options: Any) -> ReportRequest:
        """Build a report into ``out`` (see :func:`.reports.write_report`)."""
        return write_report(self.context, kind, out, **options)

    def report_overview(self, request: ReportRequest) -> PeriodOverview:
        """The figures, top lists and old open tags of a report's period."""
        return gather_overview(self.context, request)

    def open_tags(self, store: str, *, days: int) -> list[SignageRow]:
        """The store's SKUs whose tag is still to fix (the last ``days``), walking order."""
        return open_tags(self.context, store, days=days)

    # --- store outcomes (docs/outcomes.md) ----------------------------------------------
    def stats(self, store: str, since: object = None, until: object = None) -> OutcomeMeasures:
        """The store's outcome measures over a period (default the last 30 days): incidents
        per 1,000 scans, price accuracy, money given away and sales lost, escalation wait,
        time to fix, repeat SKUs and the week-over-week trend."""
        return outcomes.stats(self.context, store, since=since, until=until)

    def chain_signal(
        self,
        since: object = None,
        until: object = None,
        min_stores: int = 2,
        *,
        limit: int = outcomes.CHAIN_SIGNAL_LIMIT,
    ) -> list[ChainSignalRow]:
        """SKUs mismatching at ``min_stores`` stores or more in the period: likely errors
        of the shared price file or promotion feed, each with its stores."""
        return outcomes.chain_signal(
            self.context, since=since, until=until, min_stores=min_stores, limit=limit
        )

    def record_scans(
        self, store: str, day: object, scans: object, register: str | None = None
    ) -> bool:
        """Record the items a register (``None``: the whole store) scanned on a day, the
        denominator of the per-1,000 measures; a repeat replaces it. ``True``: replaced."""
        return outcomes.record_scans(self.context, store, day=day, scans=scans, register=register)

    def whatif(
        self,
        store: str,
        *,
        since: object = None,
        until: object = None,
        settings: Mapping[str, Any] | None = None,
        jurisdiction: str | None = None,
    ) -> WhatIf:
        """Replay the store's resolved incidents of a period under another policy, beside
        what happened (docs/whatif.md). Stores nothing.

        ``settings``: policy keys to change (``{"auto_honor_max": "10.00"}``; text is read
        as the policy file would hold it); ``jurisdiction``: another rule plugin, or
        ``"none"``. The period defaults to the last 30 days, as a report's.

        :raises InvalidInput: an unknown key (the message lists the valid ones), a bad
            value, an unknown jurisdiction plugin, or a period without resolved incidents.
        """
        return whatif.whatif(
            self.context, store, since=since, until=until, settings=settings,
            jurisdiction=jurisdiction,
        )  # fmt: skip

    def installed_jurisdictions(self) -> list[str]:
        """The jurisdictions the installed rule plugins implement (a what-if may pick one)."""
        return whatif.installed_jurisdictions(self.context)

    # --- self-audits in the inspector's style (docs/outcomes.md, "Self-audit") ---------
    def start_audit(self, store: str, size: int | str, seed: int | str | None = None, *,
                    by: str) -> Audit:  # fmt: skip
        """Draw a sample of ``size`` items of the store's price file, stratified by aisle,
        deterministic given ``seed`` (default: a random seed, recorded on the audit).

        ``by``: the manager, ops or admin auditing. Journals ``audit_started``.

        :raises InvalidInput: ``size`` not a whole number from 1, or larger than the
            store's item count; a bad ``seed``.
        """
        return audit.start_audit(self.context, store, size=size, seed=seed, by=by)

    def record_audit_finding(
        self,
        store: str,
        audit_id: str,
        sku: str,
        shelf_price: MoneyInput,
        scanned_price: MoneyInput,
        *,
        by: str,
    ) -> Audit:
        """Record a sampled item's shelf price and the price it scanned at (again:
        replaces it) until the audit is scored. Journals ``audit_finding_recorded``.

        :raises NotFound: ``sku`` not in the audit's sample, or no such audit.
        :raises InvalidInput: a bad price, naming ``shelf_price`` or ``scanned_price``.
        """
        return audit.record_finding(
            self.context, store, audit_id, sku=sku, shelf_price=shelf_price,
            scanned_price=scanned_price, by=by,
        )  # fmt: skip

    def score_audit(self, store: str, audit_id: str, *, by: str) -> Audit:
        """Close the audit with its score (overcharges and undercharges apart, the 98 %
        pass line); journals ``audit_scored``. A scored audit is returned as it is."""
        return audit.score_audit(self.context, store, audit_id, by=by)

    def audit(self, store: str, audit_id: str) -> Audit:
        """The audit with its items, findings and score (``.score``)."""
        return audit.audit_of(self.context, store, audit_id)

    def audits(self, store: str) -> list[Audit]:
        """The store's audits, newest first."""
        return audit.audits(self.context, store)

    def write_audit_sheet(self, store: str, audit_id: str, out: Any) -> Audit:
        """Print the audit sheet (PDF, scannable barcodes, boxes for both prices) to ``out``
        (a binary file)."""
        return audit.write_sheet(self.context, store, audit_id, out)

    # --- the worker: time-based work and subscribers (design §10) ----------------------
    def run_worker_pass(self) -> work.PassReport:
        """One pass of the worker, here and now: apply the approval timeouts that are due
        and deliver what is due to every subscriber (``posdisc worker --once``).

        Runs whether or not another worker holds the lease: for tests, scripts and a
        register without a server. :meth:`worker` is the loop ``posdisc worker`` runs.
        """
        return work.run_pass(self.context)

    def worker(self, *, poll_seconds: float = work.POLL_SECONDS) -> work.Worker:
        """The worker loop over this desk (``.run()`` until ``.stop()``), under the lease
        that keeps one active worker per database."""
        return work.Worker(self.context, poll_seconds=poll_seconds)

    def worker_status(
        self,
    ) -> tuple[list[work.SubscriberStatus], list[work.WaitingDelivery]]:
        """Each subscriber's place in each store's journal, and the deliveries waiting."""
        return work.status(self.context)

    def retry_deliveries(
        self,
        *,
        subscriber: str | None = None,
        event_id: str | None = None,
        store: str | None = None,
    ) -> int:
        """Deliver parked events again (all, one subscriber's, one event, one store's);
        how many."""
        return work.retry_parked(
            self.context, subscriber=subscriber, event_id=event_id, store=store
        )

    def journal_head(self, store: str) -> int:
        """The store's newest journal ``seq``: it changes whenever anything happens there
        (the pages' live refresh polls it)."""
        return read.journal_head(self.context, store)

    # --- the HTTP API's plumbing and offline sync -------------------------------------
    def run_once(
        self,
        *,
        store: str,
        register: str,
        key: str,
        fingerprint: str,
        run: Callable[[], Answer],
    ) -> tuple[str, int]:
        """Run ``run`` at most once per register and ``Idempotency-Key``; a repeat gets
        the first answer (see :mod:`pos_discrepancy.service.idempotency`)."""
        return idempotency.run_once(
            self.context, store=store, register=register, key=key, fingerprint=fingerprint,
            run=run,
        )  # fmt: skip

    def read_sync_batch(self, body: dict[str, Any], *, store: str) -> SyncBatch:
        """Check an offline register's batch (parsed JSON) for ``store``."""
        return sync_intake.read(self.context, body, store=store)

    def apply_sync_batch(self, batch: SyncBatch, *, store: str, register: str) -> dict[str, Any]:
        """Take an offline register's batch in (see :mod:`.service.sync_intake`)."""
        return sync_intake.apply_batch(self.context, batch, store=store, register=register)

    def quarantine(self, store: str | None = None) -> list[QuarantinedEvent]:
        """Synced events the server did not apply (a rule refused them), with reasons."""
        return quarantine.list_quarantine(self.context, store)

    def quarantine_count(self, store: str) -> int:
        """How many synced events of ``store`` are quarantined."""
        return quarantine.count_quarantine(self.context, store)

    def retry_quarantined(
        self, *, event: str | None = None, store: str | None = None
    ) -> RetryReport:
        """Run intake again for quarantined events (one, with those queued behind it in
        its incident; one store's; or all) after the cause is fixed."""
        return quarantine.retry(self.context, event=event, store=store)

    def sync(self, *, server: str, token: str, **options: Any) -> delivery.SyncSummary:
        """Send this (register's) desk's undelivered events to ``server``."""
        return delivery.sync(self.context, server=server, token=token, **options)

    def sync_pending(self, *, server: str, store: str | None = None) -> int:
        """How many of this desk's events ``server`` has not been sent yet."""
        return outbox.pending_count(self.context, server=server, store=store)
