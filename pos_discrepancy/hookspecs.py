"""Every hook pos-discrepancy calls. Each docstring is the reference for that hook.

Plugins implement hooks with ``from pos_discrepancy import hookimpl``. Built-in
behaviour uses these same hooks (see ``pos_discrepancy/policy/``), so any of it can be
replaced. docs/plugins.md documents each hook with an example; a test keeps it complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # imported for annotations only; keeps plugin import cheap
    import click
    import flask

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

hookspec = pluggy.HookspecMarker("posdisc")


@hookspec(firstresult=True)
def posdisc_price_lookup(sku: str, store: StoreInfo) -> PriceRecord | None:
    """Return the system price of ``sku`` at ``store``, or ``None`` if this plugin has none.

    Called only when a check leaves out ``scanned_price`` (the POS is the system of
    record) and to fill in the description and item attributes. The first non-``None``
    answer wins; the built-in ``price_file`` plugin answers from the imported price file.

    :param sku: the item's SKU or GTIN as scanned.
    :param store: the store the check is for.
    :return: a :class:`pos_discrepancy.prices.PriceRecord` or ``None``.
    May not: write to the database, or take longer than a few milliseconds (a customer
    is waiting).
    """


@hookspec
def posdisc_detect(
    claim: ShelfClaim, scanned: ScannedItem, store: StoreInfo
) -> list[Finding] | Finding | None:
    """Contribute findings beyond plain price inequality.

    Built in: an expired promotion tag (cause ``sale_ended_tag_left_up``) and multi-buy
    offers. A finding may lower what the customer can claim for the line
    (``claimed_line_total``) and may name a probable ``cause``.

    :param claim: the shelf claim (tag price, other displayed prices, promo end, location).
    :param scanned: what the register rang up, with the item's attributes.
    :param store: the store, with its policy.
    :return: one finding, a list of findings, or ``None``.
    May not: do I/O; this runs on every scan, including scans with equal prices.
    """


@hookspec
def posdisc_options(
    discrepancy: Discrepancy, policy: Policy, store: StoreInfo
) -> list[Option] | None:
    """Contribute the options offered to the cashier for ``discrepancy``.

    Built in: honor, escalate and decline (``policy/default_options.py``) for an
    overcharge, and one automatic honor of the lower scanned price for an undercharge.
    Options from all plugins are combined in plugin order; an action appears once.

    :return: a list of :class:`pos_discrepancy.domain.Option` or ``None``.
    """


@hookspec
def posdisc_adjust_options(
    options: OptionList, discrepancy: Discrepancy, policy: Policy, store: StoreInfo
) -> None:
    """Apply rules that must win, by changing ``options`` in place.

    A law plugin may mark an option unavailable with the reason shown to the cashier
    (``options.mark_unavailable("decline", "…")``), replace an option with one that
    charges differently (``options.replace(…)``), add a remedy, or remove an option.
    Runs after every ``posdisc_options`` implementation.

    :param options: the mutable :class:`pos_discrepancy.domain.OptionList`.
    :return: nothing; changes are made to ``options``.
    """


@hookspec
def posdisc_incident_event(incident: Any, event: Any) -> None:
    """Called after an incident event is committed to the journal.

    For notifications (webhook, e-mail, electronic shelf labels, message bus).

    :param incident: the :class:`pos_discrepancy.views.IncidentView` after the event.
    :param event: the :class:`pos_discrepancy.views.EventView` just committed.
    May not: block or fail a checkout. Exceptions are caught and logged; do slow work
    in a thread or queue of your own.
    """


@hookspec
def posdisc_report_sections(report: Any, incidents: Any) -> list[Any] | None:
    """Add sections (reportlab flowables) to a PDF report.

    :param report: the report being built (kind, store, period).
    :param incidents: an iterable of the incidents in the report's period.
    :return: a list of reportlab flowables, or ``None``.
    """


@hookspec
def posdisc_register_cli(cli: click.Group) -> None:
    """Add commands to the ``posdisc`` command line: ``cli.add_command(my_command)``."""


@hookspec
def posdisc_register_blueprints(app: flask.Flask) -> None:
    """Register Flask blueprints on the web app: ``app.register_blueprint(bp)``."""


@hookspec
def posdisc_jurisdictions() -> list[str] | None:
    """Name the jurisdiction rules this plugin implements (policy key ``jurisdiction``).

    A store configured with a name no installed plugin claims is refused at start-up,
    with the list of names that are installed.
    """
