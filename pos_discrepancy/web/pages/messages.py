"""Error messages as a person at a page reads them."""

from __future__ import annotations

from urllib.parse import quote

from flask_babel import get_locale

from pos_discrepancy.errors import Count, DiscrepancyError, FieldNamed, Saying
from pos_discrepancy.i18n import DEFAULT_LOCALE, Words, words
from pos_discrepancy.words import named


def plain_message(error: DiscrepancyError) -> str:
    """The message without its leading ``"field: "`` (the form shows which field), in the
    request's language when the error carries its catalog message (``error.template``)."""
    if error.template is not None:
        return _said(error.template, error.values)
    message = error.message
    for prefix in (error.field, "manager", "pin"):
        if prefix and message.startswith(f"{prefix}: "):
            return message[len(prefix) + 2 :]
    return message


def plain_text(text: str) -> str:
    """A message for a person (a check's warning) in the request's language when it keeps
    its catalog message (a :class:`~pos_discrepancy.errors.Saying`), else as it is."""
    return _said(text.template, text.values) if isinstance(text, Saying) else text


def _said(template: str, values: dict[str, object]) -> str:
    say = words(str(get_locale() or DEFAULT_LOCALE))  # page_words(), which imports this
    return say.gettext(template, **{n: _shown(v, say) for n, v in values.items()})


def _shown(value: object, say: Words) -> object:
    """A worded problem's value as this page writes it: a field's name in its words, a
    count with its separators."""
    if isinstance(value, FieldNamed):
        return named(value.field, say)
    if isinstance(value, Count):
        return say.number(int(value))  # str(Count) has English separators
    return value


#: What a browser drops from a URL before reading it (WHATWG URL parsing): tab and newline
#: anywhere, C0 controls and spaces at either end.
_DROPPED_ANYWHERE = str.maketrans("", "", "\t\n\r")
_DROPPED_AT_ENDS = "".join(map(chr, range(0x21)))


def safe_next(target: str | None, default: str) -> str:
    """``target`` when a browser would read it as a path on this site, else ``default``.

    The check runs on the URL as the browser will see it, after the browser's own
    clean-up, so ``/\t/evil.example`` (a tab the browser strips, leaving
    ``//evil.example``, another site) is refused, not passed on. What is accepted is
    returned cleaned and percent-encoded, so it is always a valid ``Location``.
    """
    if not target:
        return default
    cleaned = target.translate(_DROPPED_ANYWHERE).strip(_DROPPED_AT_ENDS)
    if (
        not cleaned.startswith("/")
        or cleaned.startswith("//")
        or "\\" in cleaned
        or any(ord(char) < 0x20 or ord(char) == 0x7F for char in cleaned)
    ):
        return default
    return quote(cleaned.removesuffix("?"), safe=_LOCATION_SAFE)


#: Characters left as they are in a ``Location`` path and query (RFC 3986 reserved and
#: unreserved, and ``%`` so what is already encoded stays so).
_LOCATION_SAFE = "/?#[]@!$&'()*+,;=:-._~%"
