"""Words for people: plurals and field names, in one place for every face.

The API's messages start with the field's name as the API spells it (``shelf_price: …``)
so integrators and tests can tell which field is meant; a person at the till or the
terminal reads the field's name in words instead (``Tag price: …``). Counts are written
with the right form of the noun, never ``item(s)``.
"""

from __future__ import annotations

from .errors import DiscrepancyError, FieldNamed, InvalidInput
from .i18n import N_, Words

#: How a person names each field the API names in its messages (American English; the
#: catalogs give them in the store's language, :func:`field_words`).
FIELD_WORDS = {
    "sku": N_("SKU"),
    "shelf_price": N_("Tag price"),
    "scanned_price": N_("Scanned price"),
    "quantity": N_("Quantity"),
    "location": N_("Location"),
    "register": N_("Register"),
    "cashier": N_("Cashier"),
    "description": N_("Description"),
    "promo_ends": N_("Promotion end date"),
    "multi_buy": N_("Multi-buy offer"),
    "tag_barcode": N_("Tag barcode"),
    "store": N_("Store"),
    "staff": N_("Staff code"),
    "code": N_("Staff code"),
    "manager": N_("Manager code"),
    "pin": N_("PIN"),
    "role": N_("Role"),
    "name": N_("Name"),
    "cause": N_("Cause"),
    "action": N_("Choice"),
    "customer_outcome": N_("Customer outcome"),
    "goodwill": N_("Goodwill"),
    "note": N_("Note"),
    "since": N_("From date"),
    "until": N_("To date"),
    "open_days": N_("Days open"),
    "paper": N_("Paper size"),
    "sheet": N_("Label sheet"),
    "incident_id": N_("Incident"),
    "file": N_("Price file"),
    "price": N_("Price"),
    "currency": N_("Currency"),
    "timezone": N_("Time zone"),
}


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and the noun in the form it needs: ``1 try``, ``2 tries``, ``0 items``.

    ``many`` defaults to ``one`` + ``s``; give it for irregular nouns
    (``plural(n, "discrepancy", "discrepancies")``). Counts of a thousand and more are
    written with separators (``1,250 items``).
    """
    noun = one if count == 1 else (many if many is not None else f"{one}s")
    return f"{count:,} {noun}"


def field_words(field: str, say: Words | None = None) -> str:
    """A field's name as a person reads it (``shelf_price`` → ``Tag price``; ``Prix de
    l'étiquette`` with ``fr_CA`` words)."""
    known = FIELD_WORDS.get(field)
    if known is None:
        return field.replace("_", " ").capitalize()
    return say.gettext(known) if say is not None else known


#: How each role is named (translated where shown).
ROLE_NAMES = {
    "cashier": N_("cashier"),
    "manager": N_("manager"),
    "ops": N_("ops"),
    "admin": N_("admin"),
}
#: How a role is named in the plural, for "This page is for managers and admins".
ROLE_PLURALS = {"ops": "ops staff", "cashier": "cashiers", "manager": "managers", "admin": "admins"}


def role_words(roles: tuple[str, ...] | list[str]) -> str:
    """Roles as a person lists them: ``managers and admins``, ``ops staff, managers and
    admins``."""
    names = [ROLE_PLURALS.get(role, f"{role}s") for role in roles]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def article(word: str) -> str:
    """``a`` or ``an`` before ``word`` (by its first letter; good for role names)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def named(field: str, say: Words | None = None) -> str:
    """The field's words inside a sentence: ``tag price``, but ``SKU`` and ``PIN`` kept
    (in ``say``'s language when given)."""
    words = field_words(field, say)
    return words if words[1:2].isupper() else words[:1].lower() + words[1:]


def missing(field: str) -> InvalidInput:
    """The error for a field left empty: it names the field and says what to do."""
    return InvalidInput.worded(
        field, N_("enter the %(what)s; it is missing"), what=FieldNamed(named(field), field)
    )


def message_for_people(error: DiscrepancyError, say: Words | None = None) -> str:
    """The error's message with its leading ``field:`` written in words (in ``say``'s
    language when given).

    ``shelf_price: must not be negative`` reads ``Tag price: must not be negative``; a
    message that does not start with its field is returned as it is.
    """
    message = error.message
    field = error.field
    if field and message.startswith(f"{field}: "):
        return f"{field_words(field, say)}: {message[len(field) + 2 :]}"
    return message
