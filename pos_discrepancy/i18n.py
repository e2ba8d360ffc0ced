"""The store's language (design §5 additions): messages, plural forms, money, numbers, dates.

Every face and every plugin writes its words in American English inside ``gettext`` /
``ngettext`` calls; Babel's catalogs (``translations/<locale>/LC_MESSAGES/messages.po``,
compiled to ``.mo``) give them in the store's locale. :func:`words` returns a
:class:`Words` bound to one locale, so code that knows the store writes::

    say = words(store.locale)
    say.gettext("I'll charge you %(price)s.", price=say.money(charge))
    say.ngettext("%(num)s more try", "%(num)s more tries", left)

Placeholders are ``%(name)s`` (Python format, as gettext tools expect); ``ngettext``
fills ``num`` with the count written for the locale (``1,250`` / ``1 250``). A locale
without a catalog (``en_AU``) reads the English source; its money and dates still follow
it. Catalogs are loaded once per locale and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from .errors import InvalidInput
from .money import Money

#: The locale of a store that names none (and of text with no store).
DEFAULT_LOCALE = "en_US"
#: The locales whose catalogs ship with the package (docs/locales.md adds one).
CATALOG_LOCALES = ("en_US", "en_CA", "fr_CA", "es_US")
#: Where the catalogs live (inside the package, so a wheel carries them).
TRANSLATIONS = Path(__file__).parent / "translations"
#: The catalog's gettext domain.
DOMAIN = "messages"
#: How the pages and the CLI write a moment on the store's clock (CLDR pattern):
#: ``2026-11-25 10:00 EST``, ``2026-11-25 10:00 HNE`` in ``fr_CA``.
STORE_CLOCK = "yyyy-MM-dd HH:mm"
#: How the pages write a calendar day: ``Wed 25 Nov 2026``, ``mer. 25 nov. 2026``.
DAY = "EEE d MMM y"
#: A moment (the name ``datetime`` is taken by :meth:`Words.datetime` inside the class).
Moment = datetime


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it yet (translate it where it
    is shown, with :meth:`Words.gettext`)."""
    return message


def check_locale(value: object, *, field: str = "locale") -> str:
    """The Babel name of ``value`` (``fr_CA``), or ``InvalidInput`` naming ``field``."""
    hint = "a language and country such as en_US, en_CA, fr_CA or es_US"
    if not isinstance(value, str) or not value.strip() or len(value) > 16:
        raise InvalidInput(f"{field}: enter the store's language as {hint}", field=field)
    try:
        locale = Locale.parse(value.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise InvalidInput(
            f"{field}: {value[:20]!r} is not a language Babel knows; enter {hint}",
            field=field,
        ) from None
    return str(locale)


@lru_cache(maxsize=64)
def catalog(locale: str) -> NullTranslations:
    """The compiled catalog for ``locale`` (the English source when none ships)."""
    return Translations.load(str(TRANSLATIONS), [locale], domain=DOMAIN)


@dataclass(frozen=True)
class Words:
    """Messages and formats in one locale (see the module's docstring)."""

    locale: str
    messages: NullTranslations

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this locale, with ``%(name)s`` placeholders filled from ``values``."""
        text = self.messages.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of the message ``count`` needs; ``%(num)s`` is ``count`` written out."""
        text = self.messages.ngettext(singular, plural, count)
        return text % {"num": self.number(count), **values}

    def money(self, money: Money) -> str:
        """``money`` for people: ``$9.98`` in ``en_US``, ``9,98 $`` in ``fr_CA``."""
        return money.format(self.locale)

    def number(self, value: int | float | Decimal) -> str:
        """A number with this locale's separators (``1,250`` / ``1 250``); a ``Decimal``
        keeps its places (``2.50`` / ``2,50``)."""
        if isinstance(value, Decimal) and value.is_finite():
            places = max(0, -int(value.as_tuple().exponent))
            pattern = "#,##0." + "0" * places if places else "#,##0"
            return format_decimal(value, pattern, locale=self.locale)
        return format_decimal(value, locale=self.locale)

    def percent(self, value: Decimal | int | None) -> str:
        """A percentage written for this locale (``99.88 %``, ``99,88 %``); ``—`` if none."""
        if value is None:
            return "—"
        return self.gettext("%(percent)s %%", percent=self.number(value))

    def signed(self, value: Decimal | int) -> str:
        """A change with its sign: ``+150.00``, ``−2`` (a true minus sign), ``0``."""
        if not value:
            return self.number(value)
        if value > 0:
            return "+" + self.number(value)
        return "−" + self.number(-value)

    def datetime(self, moment: datetime, timezone: str, format: str = "medium") -> str:
        """``moment`` (timezone-aware) on the store's clock, written for this locale."""
        return format_datetime(moment, format, tzinfo=ZoneInfo(timezone), locale=self.locale)

    def clock(self, moment: Moment | None, timezone: str) -> str:
        """``moment`` as the store's wall time with its zone: ``2026-11-25 10:00 EST``.

        The zone's short name is the locale's (``HNE`` in ``fr_CA``); where the locale has
        none (Babel writes ``+0100`` or a long name) the zone's own abbreviation is kept
        (``CET``). An unknown zone reads as UTC; no moment is ``—``.
        """
        if moment is None:
            return "—"
        zone = _zone(timezone)
        wall = format_datetime(moment, STORE_CLOCK, tzinfo=zone, locale=self.locale)
        name = format_datetime(moment, "zzz", tzinfo=zone, locale=self.locale)
        if len(name) > 6 or name[:1] in "+-" or name.startswith("GMT"):
            name = moment.astimezone(zone).tzname() or name
        return f"{wall} {name}"

    def date(self, day: date, format: str = "medium") -> str:
        """A calendar day written for this locale."""
        return format_date(day, format, locale=self.locale)


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@lru_cache(maxsize=64)
def words(locale: str | None = None) -> Words:
    """The :class:`Words` of ``locale`` (``None``: :data:`DEFAULT_LOCALE`)."""
    name = locale or DEFAULT_LOCALE
    return Words(name, catalog(name))
