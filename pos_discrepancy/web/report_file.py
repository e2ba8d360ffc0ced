"""Send a report as a download: the one way the API and the staff pages both do it.

The report is written to an anonymous temporary file (the report code streams its rows
from the database, so memory stays flat however long the period) and sent back as an
attachment named ``posdisc-{kind}-{store}-{since}-{until}.{fmt}``.
"""

from __future__ import annotations

import tempfile
from typing import Any

from flask import Response, send_file

from pos_discrepancy.desk import Desk

#: Content type of each format (Flask adds charset=utf-8 to CSV).
MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv"}


def send_report(desk: Desk, kind: str, fmt: str, *, store: str, **options: Any) -> Response:
    """The ``kind`` report of ``store`` as a PDF or CSV attachment.

    :raises DiscrepancyError: bad parameters, as :meth:`.Desk.write_report` raises them; nothing
        is left behind.
    """
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    try:
        report = desk.write_report(kind, handle, store=store, fmt=fmt, **options)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    period = f"{report.since.isoformat()}-{report.until.isoformat()}"
    response = send_file(
        handle,
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=f"posdisc-{kind}-{store}-{period}.{fmt}",
        conditional=False,
        etag=False,
    )
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"  # reports hold the store's figures
    return response
