"""The OpenAPI operation of ``GET /api/v1/reports/{kind}.{fmt}``: a PDF or CSV file,
described by its query parameters (the answer is a file, not a JSON model)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_discrepancy.reports import KINDS
from pos_discrepancy.reports.tags import DEFAULT_SHEET, SHEETS


def _parameter(name: str, where: str, schema: dict[str, Any], description: str = "") -> Any:
    parameter = {"name": name, "in": where, "required": where == "path", "schema": schema}
    return {**parameter, "description": description} if description else parameter


def report_operation(errors: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The operation; ``errors(*statuses)`` gives its error answers."""
    period = "Default: 30 days up to `until`. At most ten years."
    return {
        "operationId": "reports_api.download",
        "summary": "A report as a PDF or CSV attachment.",
        "description": "summary: incidents and money; signage: the worklist of tags to "
        "fix; tags: replacement shelf tags. Parameters a kind does not take are refused "
        "(422): `paper` is for summary and signage, `open_days` for summary, `sheet` for tags.",
        "parameters": [
            _parameter("kind", "path", {"type": "string", "enum": list(KINDS)}),
            _parameter("fmt", "path", {"type": "string", "enum": ["pdf", "csv"]}),
            _parameter("store", "query", {"type": "string"}, "The store; default the token's."),
            _parameter(
                "since", "query", {"type": "string", "format": "date"}, f"First day. {period}"
            ),
            _parameter(
                "until", "query", {"type": "string", "format": "date"}, "Last day; default today."
            ),
            _parameter(
                "paper", "query", {"type": "string", "enum": ["letter", "a4"]}, "Paper size."
            ),
            _parameter(
                "open_days",
                "query",
                {"type": "integer", "minimum": 0, "maximum": 3650},
                "Summary: list tags still open after this many days (default 7).",
            ),
            _parameter(
                "sheet",
                "query",
                {"type": "string", "enum": sorted(SHEETS)},
                f"Tags: label sheet (default {DEFAULT_SHEET}).",
            ),
        ],
        "responses": {
            "200": {
                "description": "The report (Content-Disposition: attachment).",
                "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            **errors(401, 403, 404, 422),
        },
    }
