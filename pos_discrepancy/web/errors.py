"""Every error as ``{"error": {"code", "message", "field"}}`` with its HTTP status.

A ``DiscrepancyError`` keeps its own ``http_status``; HTTP errors from werkzeug (404,
405, 400, 413, …) take the same shape under ``/api/``. Anything else is logged and
answered 500 without a traceback. Outside ``/api/`` (the staff pages) the same errors
are answered with an HTML page that says what went wrong, with the same status.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from pos_discrepancy.errors import DatabaseUnavailable, DiscrepancyError, TooManyAttempts

log = logging.getLogger(__name__)

#: Codes for the HTTP errors the API can answer without reaching a handler.
HTTP_CODES = {
    400: "bad_request",
    401: "authentication_failed",
    403: "not_permitted",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
}


def error_response(status: int, code: str, message: str, field: str | None = None) -> Response:
    """The API's error answer."""
    response = jsonify({"error": {"code": code, "message": message, "field": field}})
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    """Install the error handlers."""
    app.register_error_handler(DiscrepancyError, _discrepancy_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_error)
    app.register_error_handler(Exception, _unexpected_error)


def error_page(status: int, name: str, message: str) -> Response:
    """The staff pages' error answer."""
    html = render_template("pages/error.html", status=status, name=name, message=message)
    return Response(html, status=status, mimetype="text/html")


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _discrepancy_error(error: DiscrepancyError) -> Response:
    if error.http_status >= 500:
        log.error("%s while serving %s %s: %s", error.code, request.method, request.path, error)
    if not _is_api():
        response = error_page(error.http_status, "That did not work", error.message)
    else:
        response = error_response(error.http_status, error.code, error.message, error.field)
    if isinstance(error, TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _http_error(error: HTTPException) -> Response | HTTPException:
    if not _is_api():
        status = error.code or 500
        if isinstance(error, CSRFError):
            message = (
                "This form has expired or was sent from elsewhere: reload the page and try again."
            )
            return error_page(status, "Form expired", message)
        return error_page(status, error.name, error.description or error.name)
    status = error.code or 500
    code = HTTP_CODES.get(status, "error")
    message = error.description or error.name
    if status == 413:
        limit = request.max_content_length
        message = f"body: the request body is larger than {limit} bytes"
        return error_response(status, code, message, "body")
    if status == 405:
        message = f"{request.method} is not allowed on {request.path}"
    if status == 404:
        message = f"no such endpoint: {request.path}"
    return error_response(status, code, message)


def _database_error(error: OperationalError) -> Response:
    log.error("database unreachable while serving %s %s: %s", request.method, request.path, error)
    return _discrepancy_error(DatabaseUnavailable.from_driver_error(error))


def _unexpected_error(error: Exception) -> Response:
    log.exception("unexpected error while serving %s %s", request.method, request.path)
    if not _is_api():
        return error_page(500, "Internal error", "Something went wrong; see the server log.")
    return error_response(500, "internal_error", "internal error; see the server log")
