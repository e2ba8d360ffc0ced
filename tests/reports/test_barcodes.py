"""Symbology choice and the vector writer, without a database."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from pos_discrepancy.prices import check_sku
from pos_discrepancy.reports.barcodes import (
    CODE128,
    EAN13,
    UPCA,
    draw_symbol,
    gtin_check_digit,
    is_valid_gtin,
    symbol_for,
)


@pytest.mark.parametrize(
    ("sku", "symbology"),
    [
        ("9788883701122", EAN13),
        ("4006381333931", EAN13),
        ("012345678905", UPCA),
        ("9788883701123", CODE128),  # wrong check digit: not a GTIN, still scannable
        ("012345678900", CODE128),
        ("12345", CODE128),
        ("ABC-123", CODE128),
        ("96385074", CODE128),  # a GTIN-8; printed as Code 128, which reads the same digits
    ],
)
def test_symbology_follows_the_check_digit(sku, symbology):
    assert symbol_for(sku).symbology == symbology


def test_gtin_check_digit_matches_known_numbers():
    assert gtin_check_digit("400638133393") == 1
    assert gtin_check_digit("01234567890") == 5
    assert is_valid_gtin("96385074")
    assert not is_valid_gtin("９７８８８８３７０１１２２")  # full-width digits are not ASCII


@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1,
               max_size=40))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_every_valid_sku_gets_a_symbol(text):
    sku = check_sku(text)
    symbol = symbol_for(sku)
    assert symbol.symbology in (EAN13, UPCA, CODE128)
    assert symbol.pattern and set(symbol.pattern) <= {"0", "1"}


@given(st.text(alphabet="0123456789", min_size=12, max_size=13))
def test_any_digit_string_of_gtin_length_is_ean_upc_only_with_a_good_check_digit(digits):
    symbol = symbol_for(digits)
    good = gtin_check_digit(digits[:-1]) == int(digits[-1])
    assert (symbol.symbology in (EAN13, UPCA)) == good


def test_symbols_decode_from_a_216_dpi_render(pdf_tools):
    skus = ["9788883701122", "012345678905", "Z9", "a.b/c_d-e", "0000000000000"]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter)
    for n, sku in enumerate(skus):
        assert draw_symbol(canvas, symbol_for(sku), x=72, y=650 - n * 110, width=200, height=60)
    canvas.save()
    pages = pdf_tools.read(out.getvalue())
    assert sorted(c for c, _, _ in pages[0].barcodes) == sorted(
        pdf_tools.scanned_as(s) for s in skus
    )


def test_too_narrow_a_box_refuses_rather_than_printing_unreadable_bars():
    canvas = Canvas(io.BytesIO(), pagesize=letter)
    assert not draw_symbol(canvas, symbol_for("9788883701122"), x=0, y=0, width=60, height=40)
    assert symbol_for("A" * 40).module_mm_for(150) is None
