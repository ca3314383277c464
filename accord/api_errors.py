"""The API's error answers: how they are made once for every view, and how the schema documents
them.

`api_exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]) turns what a service raises into an
API error, so that views call services without a try/except each: a Django `ValidationError` is a
400 with its messages (`{"field": ["…"]}` for a dict, `["…"]` otherwise); `PermissionDenied` and
`Http404` are DRF's 403 and 404 (`{"detail": "…"}`). A 429 says when to try again, translated.

Every API operation documents the error answers it can give (issue 10).

A drf-spectacular postprocessing hook adds, to each operation that does not describe them
itself: 401 and 403 (every call needs a signed-in member of the right role); 404 where the path
or body names an object, or a page; 400, 413 and 415 where a request body or query is read; 409
where a write can conflict; 405 and 406 (DRF's negotiation); and 429 (throttling). Views keep
their own `extend_schema(responses=…)` for the success answers and errors of a specific shape.
"""

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler

_DETAIL = {"$ref": "#/components/schemas/ErrorDetail"}
_ANY_ERRORS = {"$ref": "#/components/schemas/ValidationErrors"}

_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": "An error with a human-readable reason.",
        "properties": {"detail": {"type": "string"}},
    },
    "ValidationErrors": {
        "description": "What was wrong: field names (or `non_field_errors`, `detail`) with their "
        "messages, or a list of messages.",
        "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "string"}}],
    },
}

_JSON = "application/json"


def _answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


_COMMON = {
    "401": _answer("Not signed in (no or a wrong token or session).", _DETAIL),
    "403": _answer("Signed in, but the role does not allow this (or CSRF failed).", _DETAIL),
    "405": _answer("The method is not allowed here.", _DETAIL),
    "406": _answer("No answer in an accepted format.", _DETAIL),
    "429": _answer("Too many requests: try again later.", _DETAIL),
}
_WITH_INPUT = {
    "400": _answer("The request is invalid; the answer says what is wrong.", _ANY_ERRORS),
    "413": {
        "description": "The request body is too large.",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    "415": _answer("The request body's media type is not supported.", _DETAIL),
}
_WRITE = {"409": _answer("The request conflicts with the object's state.", _ANY_ERRORS)}
_NOT_FOUND = {"404": _answer("No such object among the member's working groups.", _DETAIL)}


def _digits_only(operation: dict) -> None:
    """Django's `<int:…>` path converter matches digits only: say so (no negative ids)."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "path" and schema.get("type") == "integer":
            schema.setdefault("minimum", 0)


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(_SCHEMAS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            extra = dict(_COMMON)
            if "{" in path or operation.get("parameters") or "requestBody" in operation:
                # A path or body naming an object, or a page number past the last page.
                extra.update(_NOT_FOUND)
            _digits_only(operation)
            if "requestBody" in operation or operation.get("parameters"):
                extra.update(_WITH_INPUT)
            if method in ("post", "put", "patch", "delete"):
                extra.update(_WITH_INPUT)
                extra.update(_WRITE)
            responses = operation["responses"]
            for status, answer in extra.items():
                responses.setdefault(status, answer)
    return result


def page_not_found(request, exception):
    """handler404: an address under /api/ that no route matches is answered in JSON, as the
    schema says (schemathesis found HTML answers for ids of the wrong shape)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def api_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's: per field for a dict of errors, else a list."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError(error.messages)


def _throttled_detail(exc: exceptions.Throttled) -> exceptions.ErrorDetail:
    if exc.wait is None:
        detail = _("Too many requests. Try again later.")
    else:
        wait = max(1, math.ceil(exc.wait))
        detail = ngettext(
            "Too many requests. Try again in %(seconds)d second.",
            "Too many requests. Try again in %(seconds)d seconds.",
            wait,
        ) % {"seconds": wait}
    return exceptions.ErrorDetail(detail, code=exc.default_code)


def api_exception_handler(exc, context):
    """DRF's handler (which answers Django's Http404 and PermissionDenied itself), with service
    ValidationErrors as 400 and a translated 429 (Retry-After is DRF's)."""
    if isinstance(exc, DjangoValidationError):
        exc = api_error(exc)
    elif isinstance(exc, exceptions.Throttled):
        exc.detail = _throttled_detail(exc)
    return exception_handler(exc, context)
