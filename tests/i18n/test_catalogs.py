"""The shipped catalogs are complete and up to date with the sources (docs/locales.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from pos_discrepancy.i18n import CATALOG_LOCALES, TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]


def _method_map() -> list[tuple[str, str]]:
    """babel.cfg's sections as (pattern, method), in order."""
    sections = []
    for line in (ROOT / "babel.cfg").read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and ":" in line:
            method, pattern = line.strip("[]").split(":", 1)
            sections.append((pattern.strip(), method.strip()))
    return sections


@pytest.fixture(scope="module")
def extracted() -> set[str | tuple[str, ...]]:
    """Every msgid the sources mark today (what ``pybabel extract -F babel.cfg`` finds)."""
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=_method_map()
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def test_extraction_finds_the_cashier_words(extracted) -> None:  # type: ignore[no-untyped-def]
    assert "Honor tag price" in extracted
    assert "Price check" in extracted  # a template
    assert len(extracted) > 100


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_every_message_has_a_translation(locale: str, extracted) -> None:  # type: ignore[no-untyped-def]
    catalog = _catalog(locale)
    missing, empty = [], []
    for msgid in extracted:
        message = catalog.get(msgid if isinstance(msgid, str) else msgid[0])
        if message is None or message.id != msgid:
            missing.append(msgid)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            empty.append(msgid)
    assert missing == [], f"{locale}: not in the catalog (run pybabel update, docs/locales.md)"
    assert empty == [], f"{locale}: no translation (or fuzzy)"


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_catalogs_have_no_stale_messages(locale: str, extracted) -> None:  # type: ignore[no-untyped-def]
    stale = [m.id for m in _catalog(locale) if m.id and m.id not in extracted]
    assert stale == [], f"{locale}: messages no source uses any more"


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_the_compiled_catalog_matches_its_source(locale: str) -> None:
    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    source = {plain(m.id): plain(m.string) for m in _catalog(locale) if m.id}
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(mo) if m.id}
    assert compiled == source, f"{locale}: run pybabel compile -d pos_discrepancy/translations"


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_placeholders_survive_translation(locale: str) -> None:
    problems = [(m.id, str(error)) for m, errors in _catalog(locale).check() for error in errors]
    assert problems == []


def test_canadian_english_says_honour() -> None:
    catalog = _catalog("en_CA")
    assert catalog.get("Honor tag price").string == "Honour tag price"
    assert catalog.get("Store policy: the shelf price is always honored.").string.endswith(
        "always honoured."
    )
