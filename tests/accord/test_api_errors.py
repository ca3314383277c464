"""The API's one exception handler: what a service raises becomes the API error it always was."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.exceptions import Throttled
from rest_framework.renderers import JSONRenderer

from accord.api_errors import api_exception_handler


def _answer(exc):
    response = api_exception_handler(exc, {})
    assert response is not None
    return response.status_code, JSONRenderer().render(response.data)


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (DjangoValidationError("Нельзя."), (400, '["Нельзя."]')),
        (DjangoValidationError(["Раз.", "Два."]), (400, '["Раз.","Два."]')),
        (
            DjangoValidationError({"status": "Только для чтения.", "title": ["Пусто."]}),
            (400, '{"status":["Только для чтения."],"title":["Пусто."]}'),
        ),
        (PermissionDenied("Архив."), (403, '{"detail":"Архив."}')),
        (Http404(), (404, None)),
    ],
)
def test_a_service_error_becomes_an_api_error(raised, expected):
    status, body = _answer(raised)
    assert status == expected[0]
    if expected[1] is not None:
        assert body.decode() == expected[1]
    else:
        assert b'"detail"' in body


def test_an_error_the_handler_does_not_know_stays_a_server_error():
    assert api_exception_handler(ValueError("программная ошибка"), {}) is None


def test_too_many_requests_says_when_to_try_again():
    status, body = _answer(Throttled(wait=2.2))
    assert status == 429
    assert "3" in body.decode()
