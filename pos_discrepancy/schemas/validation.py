"""The one place a pydantic ``ValidationError`` becomes the ``InvalidInput`` callers get.

The message starts with the field's path and ``field`` is that path: ``quantity``, or
``incidents[0].events[1].kind`` inside a sync batch. Of several errors the first about
the request's shape is told first (an unknown field, then a missing one, as the API
always did), else the first in the order of the model's fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import InvalidInput
from .fields import REFUSED

M = TypeVar("M", bound=BaseModel)
_SHAPE = ("extra_forbidden", "missing")
_OBJECT = ("model_type", "dict_type", "model_attributes_type")


def validate(model: type[M], data: object, *, context: Mapping[str, Any] | None = None) -> M:
    """``data`` (parsed JSON or plain values) as ``model``.

    ``context`` may carry ``currency``: amounts are then read as ``Money.parse`` reads
    them for the store.

    :raises InvalidInput: naming the first bad field by its path.
    """
    try:
        return model.model_validate(data, context=dict(context or {}))
    except ValidationError as error:
        raise invalid_input(error, model) from None


class ShapeError(InvalidInput):
    """The request has a field its model does not know, or lacks one it requires."""


def invalid_input(error: ValidationError, model: type[BaseModel]) -> InvalidInput:
    """The ``InvalidInput`` telling the most telling of ``error``'s errors (a
    :class:`ShapeError` when it is about the request's shape)."""
    errors = error.errors(include_url=False)
    shape = next((e for kind in _SHAPE for e in errors if e["type"] == kind), None)
    first = shape or errors[0]
    field = path(first["loc"]) or "body"
    kind = InvalidInput if shape is None else ShapeError
    return kind(f"{field}: {_detail(first, model)}", field=field)


def path(loc: Sequence[int | str]) -> str:
    """``("incidents", 0, "events", 1, "kind")`` → ``incidents[0].events[1].kind``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _detail(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == REFUSED:
        return str((error.get("ctx") or {})["detail"])
    if kind == "extra_forbidden":
        if len(error["loc"]) == 1:  # the request's own fields: say which it has
            return (
                "unknown field; leave it out (this endpoint accepts "
                f"{', '.join(sorted(model.model_fields))})"
            )
        return "unknown field; leave it out"
    if kind == "missing":
        return "required; send this field"
    if kind in _OBJECT:
        return "must be an object ({...}) of named fields"
    if kind == "list_type":
        return "must be a list ([...]); send the items inside square brackets"
    return error["msg"]
