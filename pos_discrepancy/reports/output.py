"""One entry point for every report and format: :func:`write_report`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import InvalidInput
from . import csv_export, price_changes, queries, summary, tags, worklist
from .period import ReportRequest, make_request

if TYPE_CHECKING:
    from ..service.context import Context

FORMATS = ("pdf", "csv")
Output = str | os.PathLike[str] | BinaryIO
Progress = Callable[[int], None]


@contextmanager
def open_output(out: Output) -> Iterator[BinaryIO]:
    """A binary file to write the report into; ``InvalidInput`` if the path is unwritable.

    A path is written to a temporary sibling first and renamed at the end, so a failed
    report never leaves half a PDF behind.
    """
    if not isinstance(out, str | os.PathLike):
        yield out
        return
    path = Path(out)
    partial = path.with_name(f".{path.name}.partial")
    try:
        handle = partial.open("wb")
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidInput(f"out: cannot write {path}: {reason}", field="out") from None
    try:
        with handle:
            yield handle
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_report(
    ctx: Context,
    kind: str,
    out: Output,
    *,
    store: str | None,
    since: object = None,
    until: object = None,
    fmt: str = "pdf",
    paper: str = "letter",
    sheet: str = tags.DEFAULT_SHEET,
    open_days: int = 7,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ReportRequest:
    """Build the ``kind`` report (``summary``, ``signage``, ``tags`` or
    ``price-changes``) into ``out``.

    :param store: the store code; ``None`` for the whole chain (summary only).
    :param since: first day (``date`` or ``"2026-11-01"``), default 30 days before ``until``.
    :param until: last day, inclusive; default today in the store's time zone.
    :param fmt: ``pdf`` or ``csv`` (the same rows as a spreadsheet).
    :param paper: ``letter`` or ``a4`` for the worklist and the summary.
    :param sheet: the label sheet for shelf tags (see :data:`tags.SHEETS`).
    :param open_days: the summary lists open tags older than this many days.
    :param progress: called with a count of rows (or pages) done, for a progress bar.
    :param on_total: called once with the number of steps ``progress`` will count.
    :return: the validated request (store, period) the report was built for.
    """
    if fmt not in FORMATS:
        raise InvalidInput(f"format: {fmt!r} is not one of pdf, csv", field="format")
    request = make_request(ctx, kind, store=store, since=since, until=until, open_days=open_days)
    if kind == "tags" and fmt == "pdf":
        tags.sheet_named(sheet)  # refuse a bad sheet before touching the output
    if fmt == "pdf":
        paper_ok = paper.lower() if isinstance(paper, str) else paper
        if paper_ok not in ("letter", "a4"):
            raise InvalidInput(f"paper: {paper!r} is not one of letter, a4", field="paper")
    with ctx.reading() as connection:
        if kind == "summary":
            if on_total is not None:
                on_total(queries.count_incidents(connection, request))
            with open_output(out) as handle:
                if fmt == "csv":
                    csv_export.write_incidents(handle, request, connection, progress=progress)
                else:
                    summary.write_summary(
                        handle, request, connection, ctx.pm, paper=paper, progress=progress
                    )
            return request
        if kind == "price-changes":
            changes = queries.price_change_rows(connection, request)
            with open_output(out) as handle:
                if fmt == "csv":
                    csv_export.write_price_changes(handle, request, changes)
                else:
                    price_changes.write_price_changes(handle, request, changes, paper=paper)
            return request
        rows = queries.signage_rows(connection, request)
    if on_total is not None:
        on_total(len(rows))
    with open_output(out) as handle:
        if fmt == "csv":
            csv_export.write_signage(handle, request, rows, tags_only=kind == "tags")
        elif kind == "signage":
            worklist.write_worklist(handle, request, rows, paper=paper, progress=progress)
        else:
            tags.write_tags(handle, request, rows, sheet=sheet, progress=progress)
    return request
