"""The API answers what its OpenAPI schema says: a bounded schemathesis pass (issue 10).

Every operation gets a few generated requests, valid and invalid, as a signed-in editor of a
group with data; none may answer 5xx, an undocumented status, a body that breaks the schema, or
accept a request the schema forbids."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from accord.models import Role


@pytest.fixture
def api_schema(world):
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield loaded
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.slow  # schemathesis generates requests for every operation: seconds
def test_the_api_answers_as_its_schema_says(api_schema, world):
    token, _created = Token.objects.get_or_create(user=world.users[Role.EDITOR])
    headers = {"Authorization": f"Token {token.key}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 25
    failures = []
    cases = [(operation, mode) for operation in operations for mode in GenerationMode]
    for operation, mode in cases:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers)

        try:
            check()
        except Unsatisfiable:
            continue  # nothing can be invalid in an operation without input
        except (Exception, BaseExceptionGroup) as failure:
            failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {failure}")
    assert not failures, "\n\n".join(failures)


def test_the_schema_documents_the_error_answers_of_every_operation(api_schema):
    raw = api_schema.raw_schema
    for path, operations in raw["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"401", "403", "429"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            if method == "post":
                assert {"400", "413", "415"} <= statuses, (method, path)


@pytest.mark.parametrize("ids", [["1"], [True], [1.5], [0], [2**63], list(range(1, 1002))])
def test_marking_notifications_read_refuses_ids_that_are_not_whole_json_numbers(client, world, ids):
    client.force_login(world.users[Role.EDITOR])
    response = client.post("/api/notifications/", {"ids": ids}, content_type="application/json")
    assert response.status_code == 400


def test_marking_notifications_read_takes_json_only(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.post("/api/notifications/", {"ids": "1"})
    assert response.status_code == 415
    ok = client.post("/api/notifications/", {"ids": [1]}, content_type="application/json")
    assert ok.status_code == 200


def test_an_unknown_api_address_answers_json_404(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.get("/api/threads/-1/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
