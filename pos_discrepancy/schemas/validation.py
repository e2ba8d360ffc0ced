"""The one place a pydantic ``ValidationError`` becomes the ``InvalidInput`` callers get.

The message starts with the field's path and ``field`` is that path: ``quantity``, or
``incidents[0].events[1].kind`` inside a sync batch. Of several errors the first about
the request's shape is told first (an unknown field, then a missing one, as the API
always did), else the first in the order of the model's fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    PlainValidator,
    ValidationError,
    WrapValidator,
)
from pydantic_core import ErrorDetails

from ..errors import InvalidInput
from .fields import REFUSED, FieldCheck

M = TypeVar("M", bound=BaseModel)
_SHAPE = ("extra_forbidden", "missing")
_VALIDATORS = (AfterValidator, BeforeValidator, PlainValidator, WrapValidator)
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


def validate_values(
    model: type[BaseModel],
    values: Mapping[str, object],
    *,
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``values`` (a Python call's keyword arguments) checked as :func:`validate` checks
    them: every field of ``model``, clean, the left-out ones at their defaults.

    The register's fast path. When each value's field is checked by a
    :class:`~.fields.FieldCheck`, those checks run on the values directly: they are the
    model's own, but pydantic's machinery around them and a model instance would cost
    the register's check more than the checks themselves. Anything else (an unknown or
    missing field, a field checked otherwise, a refusal) goes through :func:`validate`,
    so every error reads exactly as the HTTP API's.

    :raises InvalidInput: naming the first bad field, as :func:`validate`.
    """
    plan, defaults = _fast_plan(model)
    currency = (context or {}).get("currency")
    clean = dict(defaults)
    try:
        for name, value in values.items():
            step = plan.get(name)
            if step is None:
                break
            if value is None and step.optional:
                clean[name] = None
            elif step.options:
                clean[name] = step.check(value, field=name, **step.options)
            elif step.currency:
                clean[name] = step.check(value, field=name, currency=currency)
            else:  # the calls spelled out: a helper's frame per field costs the register
                clean[name] = step.check(value, field=name)
        else:
            if plan and len(clean) == len(plan):  # every required field was given
                return clean
    except InvalidInput:
        pass  # the model tells which field, as it tells the HTTP API
    return dict(validate(model, values, context=context))


@cache
def _fast_plan(model: type[BaseModel]) -> tuple[dict[str, FieldCheck], dict[str, Any]]:
    """Each field's :class:`~.fields.FieldCheck` (all or none: a model with a field
    checked otherwise is always validated by pydantic), and the optional fields'
    defaults."""
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.model_validators:
        return {}, {}
    plan: dict[str, FieldCheck] = {}
    for name, field in model.model_fields.items():
        found = [m for m in field.metadata if isinstance(m, _VALIDATORS)]
        if len(found) != 1 or not isinstance(found[0], BeforeValidator) or field.default_factory:
            return {}, {}
        if not isinstance(found[0].func, FieldCheck):
            return {}, {}
        plan[name] = found[0].func
    defaults = {
        name: field.default for name, field in model.model_fields.items() if not field.is_required()
    }
    return plan, defaults


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
    context = (first.get("ctx") or {}) if first["type"] == REFUSED else {}
    return kind(
        f"{field}: {_detail(first, model)}",
        field=field,
        template=context.get("template"),
        values=context.get("values"),
    )


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
