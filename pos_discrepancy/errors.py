"""One error hierarchy for everything a cashier, manager or integrator can get wrong.

Each error carries a machine-readable ``code``, the ``field`` it concerns (when there is
one) and a message a person at the register can act on. The web and CLI layers translate
these into HTTP statuses and short messages; no traceback reaches a user.
"""

from __future__ import annotations

from typing import Self


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs (docs/locales.md); it is translated where shown."""
    return message


class FieldNamed(str):
    """A value of a worded problem that is a field's name in words (``tag price``): a page
    writes it in its own language from :attr:`field` (``enter the tag price``)."""

    field: str

    def __new__(cls, words: str, field: str) -> FieldNamed:
        named = super().__new__(cls, words)
        named.field = field
        return named


class Count(int):
    """A whole number in a worded problem: ``1,250`` in the English message; a page writes
    it with its own separators (``1 250``)."""

    def __str__(self) -> str:
        return f"{int(self):,}"


class Saying(str):
    """A message for a person that is not an error (a cashier's warning): the English
    text, which the HTTP API sends, keeping its catalog template and values so a page can
    say it in its own language (as :meth:`DiscrepancyError.worded` does for errors)."""

    template: str
    values: dict[str, object]

    @classmethod
    def saying(cls, template: str, /, **values: object) -> Saying:
        """``template % values`` (``template`` marked with :func:`N_`), keeping both."""
        text = super().__new__(cls, template % values)
        text.template, text.values = template, values
        return text


class DiscrepancyError(Exception):
    """Root of every error pos-discrepancy raises on purpose."""

    code = "error"
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        template: str | None = None,
        values: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: The problem as a catalog message (``%(name)s`` placeholders) and its values,
        #: when it has one: a page words it in the store's language (see :meth:`worded`).
        self.template = template
        self.values = values or {}

    @classmethod
    def worded(
        cls, field: str, template: str, /, *, path: str | None = None, **values: object
    ) -> Self:
        """The error ``"<field>: <template % values>"``, keeping the template (marked with
        :func:`N_`) so a page can say the problem in its own language.

        ``path`` leads the message instead of ``field`` when it is more precise
        (``multi_buy.count`` of the field ``multi_buy``)."""
        message = f"{path or field}: {template % values}"
        return cls(message, field=field, template=template, values=values)

    @classmethod
    def counted(cls, field: str, one: str, many: str, count: int, /, **values: object) -> Self:
        """:meth:`worded` for a problem that counts: the template is ``one`` for a count of
        1 and ``many`` otherwise (each marked with :func:`N_`), ``%(num)s`` the count
        as a :class:`Count`.

        Both forms are catalog messages of their own, so the choice is English's; it is
        right in French and Spanish too for the counts met here (never 0)."""
        template, values = (one if count == 1 else many), {**values, "num": Count(count)}
        return cls(f"{field}: {template % values}", field=field, template=template, values=values)

    def to_dict(self) -> dict[str, str | None]:
        """The error as the HTTP API sends it inside ``{"error": …}``."""
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(DiscrepancyError):
    """A value given by the caller is malformed or out of range."""

    code = "invalid_input"
    http_status = 422


class NotFound(DiscrepancyError):
    """A store, staff member, price or incident that does not exist."""

    code = "not_found"
    http_status = 404


class AlreadyExists(DiscrepancyError):
    """Creating something whose identifier is taken."""

    code = "already_exists"
    http_status = 409


class InvalidTransition(DiscrepancyError):
    """The incident is not in a state that allows this step."""

    code = "invalid_state"
    http_status = 409


class AuthenticationFailed(DiscrepancyError):
    """Wrong PIN or token."""

    code = "authentication_failed"
    http_status = 401


class NotPermitted(DiscrepancyError):
    """The person is known but may not do this (role, limit, separation of duties)."""

    code = "not_permitted"
    http_status = 403


class LockedOut(NotPermitted):
    """Too many wrong PINs in a row; the manager must wait."""

    code = "locked_out"


class TooManyAttempts(DiscrepancyError):
    """Too many failed sign-ins; ``retry_after`` says how many seconds to wait."""

    code = "too_many_attempts"
    http_status = 429

    def __init__(
        self,
        message: str,
        *,
        retry_after: int,
        field: str | None = None,
        template: str | None = None,
        values: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message, field=field, template=template, values=values)
        self.retry_after = retry_after


class PriceLookupFailed(DiscrepancyError):
    """A price source (``posdisc_price_lookup`` plugin) failed when the price was needed.

    The POS can still send the scanned price itself; the check then goes ahead.
    """

    code = "price_lookup_failed"
    http_status = 503


class DatabaseUnavailable(DiscrepancyError):
    """The database cannot be reached (server down, wrong URL, no permission).

    Nothing was stored; the same request can be sent again once it is back.
    """

    code = "database_unavailable"
    http_status = 503

    @classmethod
    def from_driver_error(cls, error: BaseException) -> DatabaseUnavailable:
        """Wrap a driver's connection error, keeping only its first line."""
        lines = str(getattr(error, "orig", None) or error).strip().splitlines()
        reason = lines[0] if lines else "no reason given"
        return cls(f"database_url: cannot reach the database ({reason})", field="database_url")


class ConfigurationError(DiscrepancyError):
    """The policy file or plugin set-up is wrong; raised at start-up."""

    code = "configuration_error"
    http_status = 500


class JournalBroken(DiscrepancyError):
    """The journal's hash chain does not verify."""

    code = "journal_broken"
    http_status = 500
