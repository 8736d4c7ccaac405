"""Property-based API testing with schemathesis against the OpenAPI schema (issue 11).

Every operation of /api/v1/ is called with data generated from the schema, by a BKPSDM
administrator's token, through the WSGI application (the test database). No answer may be
a server error, and every status code must be one the schema documents.

Bounded: SCHEMATHESIS_MAX_EXAMPLES examples per operation (default 3: about 2-3 minutes
on SQLite); CI runs it with the rest of the suite.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import World

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))


def _openapi() -> dict[str, Any]:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_openapi())
schema.app = get_wsgi_application()

# No server error; the status code is one the schema documents (the common error answers
# are added by pamong.api.schema.document_errors); the answer is of the documented content
# type (JSON, errors included) and its body matches the documented schema.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # The WSGI application (not Django's test client) closes "old" connections at the end
    # of each request; inside a test's transaction on PostgreSQL that closes the test's own
    # connection. Django's test client disconnects the same handlers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(world: World, token_for: Any) -> str:
    return str(token_for(world.admin_user))


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case: Any, admin_token: str) -> None:
    # identity: the WSGI transport hands the body over as sent, and GZipMiddleware would
    # compress it for schemathesis's default `Accept-Encoding: gzip, deflate`.
    headers = {"Authorization": f"Token {admin_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)


# Reproductions of the failures the body and content-type checks found, one per kind,
# asserted directly (the property run above samples only a few examples per operation).
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operation", "path"),
    [
        # a list documented as a paginated object, answered as a plain list
        ("/api/v1/recruitment/selections/", "/api/v1/recruitment/selections/"),
        # a list documented as an object
        ("/api/v1/unit-predikat/", "/api/v1/unit-predikat/"),
        # an object documented as a list
        ("/api/v1/competence/dashboard/", "/api/v1/competence/dashboard/"),
        # an id the URL pattern does not match: Django's HTML 404 page, not JSON
        ("/api/v1/units/{id}/", "/api/v1/units/-1/"),
    ],
)
def test_the_answer_matches_the_documented_body(operation: str, path: str, admin_token: str):
    from werkzeug.test import Client

    response = Client(schema.app).get(
        path, headers={"Authorization": f"Token {admin_token}", "Accept-Encoding": "identity"}
    )
    assert response.status_code in (200, 404)
    assert response.content_type == "application/json"
    schema[operation]["GET"].validate_response(response)
