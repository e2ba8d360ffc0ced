"""The price file: item records, SKU validation, and CSV parsing (pure, no database)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from .domain.gtin import wrong_gtin_check_digit
from .errors import N_, InvalidInput, Saying
from .money import Money
from .words import plural

#: Item flags a price file may set; jurisdiction rules use them as exclusions.
ITEM_ATTRIBUTES = frozenset(
    {
        "sold_by_weight",
        "individually_priced",
        "prescription",
        "behind_counter",
        "alcohol",
        "tobacco",
        "regulated",
        "carbonated_soft_drink",
        "no_barcode",
    }
)
REQUIRED_COLUMNS = ("sku", "description", "price")
#: Check flag: the SKU is not in the store's price file (no description, no system price).
NOT_IN_PRICE_FILE = "not_in_price_file"
#: Check flag: a numeric SKU of GTIN length whose GS1 check digit is wrong (mistyped?).
CHECK_DIGIT_WRONG = "check_digit_wrong"
MAX_ERRORS_REPORTED = 20


@dataclass(frozen=True, slots=True)
class PriceRecord:
    """One line of the price file: what the system says an item costs."""

    sku: str
    description: str
    price: Money
    attributes: frozenset[str] = field(default_factory=frozenset)
    unit_price: Money | None = None
    unit: str | None = None


def check_sku(value: object, *, field: str = "sku") -> str:
    """Return the SKU as typed: 1–40 printable ASCII characters without spaces.

    Only the whitespace around it (a scanner's trailing Enter) is dropped; a code with a
    space inside is refused, never joined up, because a changed code is another item.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.worded(field, N_("scan the item or type its barcode number or SKU"))
    sku = value.strip()
    if len(sku.split()) > 1:  # split() breaks at exactly what isspace() calls a space
        raise InvalidInput.worded(
            field,
            N_("%(sku)s has a space inside; type the code exactly as printed under the "
               "barcode, without spaces"),
            sku=repr(sku[:40]),
        )  # fmt: skip
    if len(sku) > 40 or not sku.isascii() or not sku.isprintable():
        raise InvalidInput.worded(
            field,
            N_("%(sku)s is not a SKU; type 1 to 40 letters, digits or - _ . /"),
            sku=repr(sku[:40]),
        )
    return sku


def check_digit_warning(sku: str) -> str | None:
    """The cashier's warning when ``sku`` looks like a GTIN with a wrong check digit."""
    expected = wrong_gtin_check_digit(sku)
    if expected is None:
        return None
    return Saying.saying(
        N_(
            "Check the code: %(sku)s has %(digits)s digits like a barcode number, but its "
            "last (check) digit should be %(expected)s. It may have been typed wrong; scan "
            "the item again or compare the digits under the barcode."
        ),
        sku=sku,
        digits=len(sku),
        expected=expected,
    )


def not_in_price_file_warning(sku: str, store: str) -> str:
    """The cashier's warning when ``sku`` is not in the store's price file."""
    return Saying.saying(
        N_(
            "Not in the price file: %(sku)s is not an item %(store)s knows. Check the item "
            "and its barcode; the incident is logged with the prices you entered."
        ),
        sku=sku,
        store=store,
    )


def check_attributes(values: Iterable[str], *, field: str = "attributes") -> frozenset[str]:
    """Validate item flags against :data:`ITEM_ATTRIBUTES`."""
    flags = frozenset(v.strip() for v in values if v.strip())
    unknown = flags - ITEM_ATTRIBUTES
    if unknown:
        named = "an unknown item flag" if len(unknown) == 1 else "unknown item flags"
        raise InvalidInput(
            f"{field}: {named} {', '.join(sorted(unknown))}; use only "
            f"{', '.join(sorted(ITEM_ATTRIBUTES))}",
            field=field,
        )
    return flags


_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}


def parse_price_rows(rows: Iterable[object], currency: str) -> list[PriceRecord]:
    """Validate ``(sku, description, price)`` tuples or :class:`PriceRecord` objects."""
    records: list[PriceRecord] = []
    numbers: list[int] = []
    errors: list[str] = []
    for number, row in enumerate(rows, start=1):
        numbers.append(number)
        try:
            if isinstance(row, PriceRecord):
                records.append(_checked_record(row, currency))
                continue
            if not isinstance(row, tuple | list) or len(row) != 3:
                raise InvalidInput("expected (sku, description, price)", field="row")
            sku, description, price = row
            records.append(
                PriceRecord(
                    sku=check_sku(sku),
                    description=_description(description),
                    price=Money.parse(price, currency, field="price"),
                )
            )
        except InvalidInput as error:
            errors.append(f"item {number}: {error.message}")
    _raise_if(errors, "prices")
    _refuse_duplicates(records, numbers, "item")
    return records


def _checked_record(record: PriceRecord, currency: str) -> PriceRecord:
    """A ready-made record still gets the checks a CSV line gets (currency above all)."""
    check_sku(record.sku)
    _description(record.description)
    check_attributes(record.attributes)
    Money.parse(record.price, currency, field="price")
    if record.unit_price is not None:
        Money.parse(record.unit_price, currency, field="unit_price")
    return record


def parse_price_csv(text: str, currency: str) -> list[PriceRecord]:
    """Parse a price file. The file is refused whole if any line is bad.

    Columns: ``sku,description,price`` required; optional ``unit_price``, ``unit``,
    ``attributes`` (flags separated by ``;``) and one column per flag in
    :data:`ITEM_ATTRIBUTES` holding ``yes``/``no``. Errors name the line numbers.
    """
    # newline="": the csv module itself must see "\r" so a lone one cannot break a row.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _read_csv(reader, currency)
    except csv.Error as error:  # unreadable CSV (e.g. a field over the size limit)
        raise InvalidInput(
            f"file: line {reader.line_num}: not readable as CSV ({error}); nothing imported",
            field="file",
        ) from None


def _read_csv(reader: csv.DictReader[str], currency: str) -> list[PriceRecord]:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            f"file: the header must name the columns sku,description,price "
            f"(missing: {', '.join(missing)})",
            field="file",
        )
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InvalidInput(
            f"file: the header names a column more than once: {', '.join(repeated)}",
            field="file",
        )
    reader.fieldnames = header
    records: list[PriceRecord] = []
    lines: list[int] = []
    errors: list[str] = []
    for row in reader:
        line = reader.line_num
        try:
            records.append(_record_from_csv(row, currency))
            lines.append(line)
        except InvalidInput as error:
            errors.append(f"line {line}: {error.message}")
    _raise_if(errors, "file")
    _refuse_duplicates(records, lines, "line")
    return records


def _record_from_csv(row: dict[str, str | None], currency: str) -> PriceRecord:
    if None in row:
        raise InvalidInput("has more fields than the header", field="file")
    flags = set(check_attributes((row.get("attributes") or "").split(";")))
    for name in ITEM_ATTRIBUTES & row.keys():
        value = (row[name] or "").strip().lower()
        if value in _TRUE:
            flags.add(name)
        elif value not in _FALSE:
            raise InvalidInput(f"{name}: {value!r} must be yes or no", field=name)
    unit_price = (row.get("unit_price") or "").strip()
    return PriceRecord(
        sku=check_sku(row.get("sku")),
        description=_description(row.get("description")),
        price=Money.parse(row.get("price"), currency, field="price"),
        attributes=frozenset(flags),
        unit_price=Money.parse(unit_price, currency, field="unit_price") if unit_price else None,
        unit=(row.get("unit") or "").strip() or None,
    )


def _description(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("description: must be text", field="description")
    text = " ".join(value.split())
    if len(text) > 200:
        raise InvalidInput("description: is longer than 200 characters", field="description")
    return text


def _refuse_duplicates(records: list[PriceRecord], numbers: list[int], unit: str) -> None:
    """Refuse a SKU listed twice (which price would win?), naming where each copy is."""
    where: dict[str, list[int]] = {}
    for record, number in zip(records, numbers, strict=True):
        where.setdefault(record.sku, []).append(number)
    duplicates = [(sku, found) for sku, found in where.items() if len(found) > 1]
    if duplicates:
        shown = "; ".join(
            f"{sku} on {unit}s {', '.join(str(n) for n in found)}"
            for sku, found in duplicates[:MAX_ERRORS_REPORTED]
        )
        raise InvalidInput(
            f"sku: {plural(len(duplicates), 'SKU')} listed more than once, nothing imported "
            f"(keep one row per SKU): {shown}",
            field="sku",
        )


def _raise_if(errors: list[str], field: str) -> None:
    if errors:
        shown = errors[:MAX_ERRORS_REPORTED]
        more = len(errors) - len(shown)
        tail = f" (and {more} more)" if more else ""
        raise InvalidInput(
            f"{field}: {plural(len(errors), 'bad row')}, nothing imported: "
            + "; ".join(shown)
            + tail,
            field=field,
        )
