"""Reading a JSON request body exactly: numbers become ``Decimal``, never binary floats.

``read_json_object`` parses ``request.get_data()`` itself with ``parse_float=Decimal`` so
a JSON number such as ``19.95`` reaches the desk as ``Decimal("19.95")``, exactly as
written. NaN and infinities are refused, as are non-objects, bodies that are not UTF-8
JSON and a content type other than JSON. The endpoint's request model
(:mod:`pos_discrepancy.schemas`) then checks the fields: :func:`read_request`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel

from pos_discrepancy.errors import DiscrepancyError, InvalidInput
from pos_discrepancy.schemas import validate

M = TypeVar("M", bound=BaseModel)


class BadRequest(DiscrepancyError):
    """The body is not a JSON object the API can read (wrong type, broken JSON)."""

    code = "bad_request"
    http_status = 400


class UnsupportedMediaType(DiscrepancyError):
    """The body is not sent as ``application/json``."""

    code = "unsupported_media_type"
    http_status = 415


#: Integers longer than this are refused (Python itself refuses int() past 4,300 digits).
MAX_INTEGER_DIGITS = 40


class RefusedNumber:
    """Stands in for a number the API refuses (NaN, infinities, huge integers) until the
    field holding it is known, so the answer is a 422 naming that field."""

    def __init__(self, text: str) -> None:
        self.text = text


def _integer(text: str) -> int | RefusedNumber:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return RefusedNumber(text[:20] + "…")
    return int(text)


def _contains_refused(value: Any) -> RefusedNumber | None:
    if isinstance(value, RefusedNumber):
        return value
    children = value.values() if isinstance(value, dict) else value
    if isinstance(value, dict | list):
        for child in children:
            found = _contains_refused(child)
            if found is not None:
                return found
    return None


def parse_json(data: bytes) -> Any:
    """Parse ``data`` as JSON with exact numbers; ``BadRequest`` when it is not JSON."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"body: not UTF-8 text ({error.reason})", field="body") from None
    try:
        return json.loads(
            text, parse_float=Decimal, parse_int=_integer, parse_constant=RefusedNumber
        )
    except RecursionError:
        raise BadRequest("body: JSON nested too deeply", field="body") from None
    except ValueError as error:  # JSONDecodeError is a ValueError
        raise BadRequest(f"body: not valid JSON ({error})", field="body") from None


def read_json_object() -> dict[str, Any]:
    """The request's JSON object, for the endpoint's request model to validate.

    :raises UnsupportedMediaType: the content type is not JSON.
    :raises BadRequest: the body is empty, not JSON, or not an object.
    :raises InvalidInput: a member holds a number no API accepts (NaN, infinities, huge
        integers), named by the member.
    """
    mimetype = request.mimetype
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise UnsupportedMediaType(
            f"body: send JSON with Content-Type: application/json (got {mimetype or 'none'})",
            field="body",
        )
    data = request.get_data(cache=True)
    if not data.strip():
        raise BadRequest("body: the request has no JSON body", field="body")
    body = parse_json(data)
    if not isinstance(body, dict):
        raise BadRequest(f"body: expected a JSON object, got {type(body).__name__}", field="body")
    for name, value in body.items():
        refused = _contains_refused(value)
        if refused is not None:
            raise InvalidInput(
                f"{name}: {refused.text} is not a number this API accepts", field=name
            )
    return body


def read_request(model: type[M], *, currency: str | None = None) -> M:
    """The request's JSON body validated by ``model`` (amounts read in ``currency``)."""
    context = {} if currency is None else {"currency": currency}
    return validate(model, read_json_object(), context=context)
