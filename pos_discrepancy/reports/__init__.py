"""Ops reports: the signage worklist, replacement shelf tags, the summary, CSV export.

Each report function takes the service context (``service.context.Context``), an output
(a path or a binary file) and the report's parameters, validates them
(``DiscrepancyError`` subclasses naming the field), and streams its rows from the
database. The faces reach them through the desk. See docs/reports.md.
"""

from __future__ import annotations

from .output import write_report
from .period import KINDS, ReportRequest, make_request

__all__ = ["KINDS", "ReportRequest", "make_request", "write_report"]
