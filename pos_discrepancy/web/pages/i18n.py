"""The pages in the store's language (Flask-Babel over the package's catalogs).

A page's locale is the signed-in member's store's (``Store.locale``); a page nobody is
signed in to (sign-in, errors before sign-in) is in the browser's language when a catalog
has it (``Accept-Language``), else :data:`~pos_discrepancy.i18n.DEFAULT_LOCALE`.
Templates translate with ``_()`` / ``ngettext()`` (Flask-Babel's new-style callables, so
placeholders are escaped) and write money with the ``money`` filter
(``{{ incident.shelf_price | money }}`` → ``9,98 $`` in ``fr_CA``), counts with the
``number`` filter (``1 250``), calendar days with ``day`` (``mer. 25 nov. 2026``) and
codes (``walked_away``) with ``code_label``. Python code of the pages uses
:func:`page_words` for flashes and labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from flask import Flask, g, has_request_context, request
from flask_babel import Babel, get_locale

from pos_discrepancy.errors import DiscrepancyError
from pos_discrepancy.i18n import CATALOG_LOCALES, DAY, DEFAULT_LOCALE, TRANSLATIONS, Words, words
from pos_discrepancy.money import Money

from ..extension import current_desk
from .access import current_staff
from .labels import label
from .messages import plain_message


def init_app(app: Flask) -> None:
    """Install Flask-Babel with the store's locale and time zone, and the ``money``
    filter."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    Babel(app, locale_selector=store_locale, timezone_selector=store_timezone)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["day"] = day
    app.jinja_env.globals["page_words"] = page_words
    app.jinja_env.globals["code_label"] = code_label


def _store() -> tuple[str, str] | None:
    """(locale, time zone) of the signed-in member's store, looked up once a request."""
    if "posdisc_store_locale" not in g:
        staff = current_staff()
        found = None
        if staff is not None:
            info = current_desk().store_info(staff.store)
            found = (info.locale, info.timezone)
        g.posdisc_store_locale = found
    found_store: tuple[str, str] | None = g.posdisc_store_locale
    return found_store


def store_locale() -> str:
    """Flask-Babel's locale selector: the signed-in member's store's locale; before
    anybody signs in (no store is known yet), the browser's language among the catalogs'
    (``Accept-Language: fr-CA`` → ``fr_CA``), else :data:`DEFAULT_LOCALE`."""
    found = _store()
    if found:
        return found[0]
    return browser_locale()


def browser_locale() -> str:
    """The catalog locale the browser prefers (its ``Accept-Language``), else
    :data:`DEFAULT_LOCALE`."""
    if not has_request_context():
        return DEFAULT_LOCALE
    best = request.accept_languages.best_match(CATALOG_LOCALES, default=DEFAULT_LOCALE)
    return str(best)


def store_timezone() -> str:
    """Flask-Babel's time zone selector: the signed-in member's store's zone."""
    found = _store()
    return found[1] if found else "UTC"


def page_words() -> Words:
    """The :class:`~pos_discrepancy.i18n.Words` of this request's locale."""
    return words(str(get_locale() or DEFAULT_LOCALE))


def money(value: Money | None) -> str:
    """The ``money`` template filter: ``value`` in this request's locale (``—`` if none)."""
    return "—" if value is None else page_words().money(value)


def number(value: int | float | Decimal | None) -> str:
    """The ``number`` template filter: a count with this request's separators."""
    return "—" if value is None else page_words().number(value)


def percent(value: Decimal | None) -> str:
    """The ``percent`` template filter: ``99.88 %`` / ``99,88 %`` (``—`` if none)."""
    return page_words().percent(value)


def day(value: date) -> str:
    """The ``day`` template filter: ``Wed 25 Nov 2026`` / ``mer. 25 nov. 2026``."""
    return page_words().date(value, DAY)


def code_label(code: str | None) -> str:
    """A machine code (``walked_away``) in this request's words (``—`` for none)."""
    return label(code, page_words())


def field_message(error: DiscrepancyError, labels: Mapping[str, str]) -> str:
    """``error`` for a page's flash: ``From: <problem>`` with the field's name from
    ``labels`` (marked English) in this request's words; the problem alone otherwise."""
    say = page_words()
    label = labels.get(error.field or "")
    message = plain_message(error)
    if label:
        return say.gettext("%(field)s: %(problem)s", field=say.gettext(label), problem=message)
    return message
