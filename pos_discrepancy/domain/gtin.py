"""GS1 check digits: is a numeric code of GTIN length plausibly a real barcode?

A GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) ends in a check digit computed with the GS1
mod-10 rule, so one mistyped digit or two swapped neighbours are caught. A numeric SKU of
one of those lengths whose last digit disagrees was almost certainly typed wrong: the
check flags it for the cashier rather than refusing it, because some stores use in-house
numbers of those lengths too.
"""

from __future__ import annotations

#: The lengths of the GS1 item numbers (GTIN-8, GTIN-12, GTIN-13, GTIN-14).
GTIN_LENGTHS = frozenset({8, 12, 13, 14})


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for ``body`` (the code without its last digit).

    Counting from the right, digits are weighted 3, 1, 3, 1, …; the check digit brings
    the weighted sum up to a multiple of ten.

    :raises ValueError: ``body`` is empty or not all ASCII digits.
    """
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError(f"{body!r} is not a string of digits")
    from_right = body[::-1]  # every check runs this: two sums beat a weighted loop
    total = 3 * sum(map(int, from_right[::2])) + sum(map(int, from_right[1::2]))
    return (10 - total % 10) % 10


def is_gtin_shaped(code: str) -> bool:
    """True when ``code`` is all ASCII digits and of a GTIN length (8, 12, 13, 14)."""
    return len(code) in GTIN_LENGTHS and code.isascii() and code.isdigit()


def wrong_gtin_check_digit(code: str) -> int | None:
    """The check digit ``code`` should end in, when it is GTIN-shaped and does not;
    ``None`` when the code is not GTIN-shaped or its check digit is right."""
    if not is_gtin_shaped(code):
        return None
    expected = gtin_check_digit(code[:-1])
    return None if int(code[-1]) == expected else expected
