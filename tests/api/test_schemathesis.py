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
from schemathesis.specs.openapi.checks import status_code_conformance

from tests.conftest import World

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))


def _openapi() -> dict[str, Any]:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(_openapi())
schema.app = get_wsgi_application()

# No server error, and the status code is one the schema documents (the common error
# answers are added by pamong.api.schema.document_errors). Body and content-type
# conformance (response_schema_conformance, content_type_conformance) still fail on a few
# operations and are listed in the issue; they join this list when fixed.
CHECKS = [not_a_server_error, status_code_conformance]


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
    case.call_and_validate(headers={"Authorization": f"Token {admin_token}"}, checks=CHECKS)
