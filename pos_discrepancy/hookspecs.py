"""Every hook pos-discrepancy calls. Each docstring is the reference for that hook.

Plugins implement hooks with ``from pos_discrepancy import hookimpl`` and may accept any
subset of a hook's arguments, by name. Built-in behaviour uses these same hooks (see
:data:`pos_discrepancy.plugins.DEFAULT_PLUGINS`), so a store can replace any of it.
docs/plugins.md documents each hook with an example; tests/test_docs.py keeps it complete.

Hooks marked *firstresult* stop at the first implementation that returns something other
than ``None``. For the others every implementation runs, the most recently registered
first (so plugins run before the built-in defaults), and their answers are combined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # imported for annotations only; keeps importing a plugin cheap
    import click
    import flask
    from reportlab.platypus import Flowable
    from sqlalchemy import Row

    from .domain import (
        Discrepancy,
        Finding,
        Option,
        OptionList,
        Policy,
        ScannedItem,
        ShelfClaim,
        StoreInfo,
    )
    from .prices import PriceRecord
    from .reports.period import ReportRequest
    from .service.context import Context
    from .views import EventView, IncidentView, JournalHead

hookspec = pluggy.HookspecMarker("posdisc")
#: Marks a hook implementation; plugins import it as ``from pos_discrepancy import hookimpl``.
hookimpl = pluggy.HookimplMarker("posdisc")


# --- the register path -------------------------------------------------------------------


@hookspec(firstresult=True)
def posdisc_price_lookup(sku: str, store: StoreInfo, context: Context) -> PriceRecord | None:
    """Return the system price of ``sku`` at ``store``, or ``None`` when this plugin has none.

    *firstresult*: the first non-``None`` answer wins. The built-in
    ``pos_discrepancy.store.price_file`` plugin answers from the imported price file and
    is marked ``trylast``, so any other price source is asked before it.

    Called when a check leaves out ``scanned_price`` (the POS is the system of record, so
    only then is the price looked up), and once more after a discrepancy is found, to fill
    in the item's description and attributes.

    :param sku: the item's SKU or GTIN as scanned (already validated).
    :param store: the store the check is for (code, currency, time zone, policy).
    :param context: the :class:`pos_discrepancy.service.context.Context` the check runs
        in (``context.engine``, ``context.reading()`` for a read-only connection,
        ``context.settings``); never the desk facade.
    :return: a :class:`pos_discrepancy.prices.PriceRecord` in the store's currency, or
        ``None`` to let the next plugin answer.

    May: read from the database or an in-memory cache; answer for some stores only.
    May not: write to the database, or take more than a few milliseconds (a customer is
    waiting). An exception is logged and never crashes the checkout: when the check
    needed the price it fails with ``PriceLookupFailed`` (HTTP 503, "send the
    scanned_price"); when the POS sent the price, the check goes ahead with a warning.
    """


@hookspec
def posdisc_detect(
    claim: ShelfClaim, scanned: ScannedItem, store: StoreInfo
) -> list[Finding] | Finding | None:
    """Contribute findings beyond plain price inequality.

    Built in (``pos_discrepancy.policy.default_detect``): an expired promotion tag (cause
    ``sale_ended_tag_left_up``) and multi-buy offers ("3 for 10.00"). Every
    implementation runs and all findings are kept. The customer's claim for the line is
    the lowest of the displayed prices times the quantity and every finding's
    ``claimed_line_total``; the first finding that names a ``cause`` gives the incident's
    probable cause.

    :param claim: the shelf claim: tag price, other displayed prices, promotion end,
        multi-buy offer, location, tag barcode.
    :param scanned: what the register rang up (SKU, unit price, quantity, time) and the
        item's attributes from the price file.
    :param store: the store, with its policy and time zone.
    :return: a :class:`pos_discrepancy.domain.Finding`, a list of them, or ``None``.

    May: lower what the customer can claim (``claimed_line_total``), name a ``cause``.
    May not: do I/O; this runs on every scan, including scans whose prices agree. If an
    implementation raises, the check goes on with the built-in detectors only and the
    cashier sees a warning.
    """


@hookspec
def posdisc_options(
    discrepancy: Discrepancy, policy: Policy, store: StoreInfo
) -> list[Option] | None:
    """Contribute the options offered to the cashier for ``discrepancy``.

    Built in (``pos_discrepancy.policy.default_options``): honor, escalate and decline for
    an overcharge, each with its charge, approval need and words for the cashier; for an
    undercharge one automatic honor of the lower scanned price. Answers are combined with
    the built-in ones first; an action already offered is not offered twice (the first
    one wins), so use ``posdisc_adjust_options`` to change a built-in option.

    :param discrepancy: the confirmed mismatch (direction, differences, findings, cause).
    :param policy: the store's policy (``auto_honor_max``, ``decline_allowed``, … and
        ``policy.extra`` for keys only plugins know).
    :param store: the store.
    :return: a list of :class:`pos_discrepancy.domain.Option` (new actions such as a
        jurisdiction's remedy), or ``None``.

    May: add actions of its own; each needs a short, courteous ``script``.
    May not: do I/O or depend on other plugins' options (they are not known yet). If an
    implementation raises, the cashier gets the store's default options and a warning,
    and the fault is logged.
    """


@hookspec
def posdisc_adjust_options(
    options: OptionList, discrepancy: Discrepancy, policy: Policy, store: StoreInfo
) -> None:
    """Apply rules that must win, by changing ``options`` in place.

    Runs after every ``posdisc_options`` implementation. A law plugin may mark an option
    unavailable with the reason shown to the cashier
    (``options.mark_unavailable("decline", "…")``), put an option that charges
    differently in place of another (``options.replace(option)``), add a remedy
    (``options.add``) or stop offering one (``options.remove``). The cashier cannot pick
    an unavailable option: ``Desk.decide`` refuses it with the reason.

    :param options: the mutable :class:`pos_discrepancy.domain.OptionList`, in the order
        the cashier will see it.
    :param discrepancy: the confirmed mismatch.
    :param policy: the store's policy.
    :param store: the store.
    :return: nothing; changes are made to ``options``.

    May: change, add, remove or forbid options.
    May not: do I/O. If an implementation raises, the cashier gets the store's default
    options and a warning, and the fault is logged.
    """


# --- after the fact ---------------------------------------------------------------------


@hookspec
def posdisc_configure(plugin_settings: Mapping[str, Mapping[str, Any]]) -> list[str] | None:
    """Check this plugin's own settings at start-up: its ``[plugins.<name>]`` table.

    Called once when a desk opens (``posdisc serve``, ``posdisc worker``,
    :func:`pos_discrepancy.connect`), before anything else runs.

    :param plugin_settings: every ``[plugins.<name>]`` table of the policy file, by name
        (empty when there is none).
    :return: the names of the tables this plugin reads (e.g. ``["webhooks"]``), or
        ``None``. A table no plugin names is refused at start-up.

    May: refuse a bad table by raising :class:`pos_discrepancy.errors.ConfigurationError`
    naming the key (``field``), so the server does not start with it.
    May not: do I/O, or keep the settings in module state (several desks may run in one
    process): read them again from ``plugin_settings`` where you are called with it.
    """


@hookspec
def posdisc_incident_event(
    incident: IncidentView, event: EventView, plugin_settings: Mapping[str, Mapping[str, Any]]
) -> None:
    """A subscriber: called by the worker for each committed journal event (design §10).

    For notifications: a webhook, e-mail, an electronic shelf label system, a message bus.
    Each plugin implementing this hook is a subscriber with a durable cursor of its own
    over the journal, named by its plugin name.

    :param incident: the :class:`pos_discrepancy.views.IncidentView` as it is now (when
        the worker read the batch this event is in; later events may already have
        happened).
    :param event: the :class:`pos_discrepancy.views.EventView` (``id`` is stable: use it
        to drop repeats; ``kind`` is ``detected``, ``decided``, ``approved``, ``denied``,
        ``approval_timed_out``, ``outcome_recorded``, ``bonus_claimed`` or
        ``signage_fixed``; ``seq`` its number in the store's journal).
    :param plugin_settings: every ``[plugins.<name>]`` table (take only the arguments you
        need: an implementation may leave this one out).
    :return: nothing. Raise to have the event delivered again later.

    May assume: the event is committed; delivery is at least once (a repeat carries the
    same ``event.id``), in order per incident. May: take its time (a network call with a
    timeout); the worker runs it, never the checkout. If it raises, the worker tries again
    with backoff; after the configured number of tries the event is *parked* for this
    subscriber (``posdisc worker status`` / ``retry``), and later events of that incident
    wait behind it, while other subscribers and incidents go on.
    May not: block for ever (use a timeout), or write to the database.
    """


@hookspec
def posdisc_journal_heads(heads: tuple[JournalHead, ...], verified: bool, context: Context) -> None:
    """Called with the journal's chain heads, to keep them somewhere else (an anchor).

    Called by ``posdisc journal head`` / :meth:`Desk.journal_heads` (``verified`` false:
    the heads as read) and after ``posdisc journal verify`` / :meth:`Desk.verify_journal`
    (``verified`` true: only the heads of the chains found intact). A store that wants its
    heads written out periodically runs one of those on a schedule (cron, a systemd
    timer) until the worker of design §10 does.

    :param heads: one :class:`pos_discrepancy.views.JournalHead` per chain (``store``,
        ``chain``, ``seq``, ``hash``); ``head.line()`` is the anchor line
        ``posdisc journal verify --anchor`` reads.
    :param verified: whether the heads come from a verification that found those chains
        intact.
    :param context: the desk's :class:`pos_discrepancy.service.Context` (the policy
        settings under ``context.settings``).
    :return: nothing.

    May: append the lines to a file on another machine, send them to a ticket, a log
    service or a write-once bucket.
    May not: write to the database. Exceptions are caught and logged; the command's
    answer is the same either way.
    """


@hookspec
def posdisc_report_sections(
    report: ReportRequest, incidents: Iterable[Row[Any]]
) -> list[Flowable] | None:
    """Add sections at the end of the summary PDF report.

    :param report: the :class:`pos_discrepancy.reports.ReportRequest` being built:
        ``kind``, ``store`` (a ``StoreInfo``, or ``None`` for the whole chain), ``since``
        and ``until`` (dates, inclusive, in the store's time zone), ``generated_at``.
    :param incidents: the period's incidents, oldest first, each a row with the incident's
        columns and its decision's (``id``, ``store_id``, ``sku``, ``description``,
        ``location``, ``currency``, ``direction``, ``status``, ``cause``,
        ``line_difference_minor``, ``detected_at``, ``action``, ``charge_minor``,
        ``customer_outcome``, ``goodwill_minor``, ...). It may be iterated more than once;
        each pass streams from the database, so do not keep the rows.
    :return: a list of reportlab flowables (``Paragraph``, ``Table``, …) or ``None``.

    May: compute figures of its own from ``incidents``.
    May not: write to the database. If an implementation raises, the report is still
    made, with a note where the plugin sections would be, and the fault is logged.
    """


# --- extending the command line and the web app -------------------------------------------


@hookspec
def posdisc_register_cli(cli: click.Group) -> None:
    """Add commands to the ``posdisc`` command line.

    :param cli: the root ``posdisc`` click group; call ``cli.add_command(my_command)``.
    :return: nothing.

    May: add commands or groups. May not: replace or remove built-in commands.
    """


@hookspec
def posdisc_register_blueprints(app: flask.Flask) -> None:
    """Add pages or API routes to the web app.

    :param app: the Flask app being created; call ``app.register_blueprint(bp)``.
    :return: nothing.

    May: register blueprints (use a URL prefix of your own). May not: change the
    ``/api/v1`` routes or turn off CSRF protection.
    """


@hookspec
def posdisc_jurisdictions() -> list[str] | None:
    """Name the jurisdiction rules this plugin implements (policy key ``jurisdiction``).

    A jurisdiction no installed plugin names is refused, listing the installed ones: in
    the policy file at start-up (``ConfigurationError``), in ``add_store``
    (``InvalidInput``).

    :return: the names (e.g. ``["us-mi"]``), or ``None``.

    May not: do I/O.
    """
