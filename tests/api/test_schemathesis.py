"""Property tests from the OpenAPI schema (schemathesis), bounded: a few examples per operation over loopback.

Skips the LLM-backed ask routes and uploads (a background ingest per example); every other operation must never
answer 5xx, must match its documented status codes, content types and response schemas, and must refuse a call
without the API key.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from apitest import make_settings, seed
from hypothesis import HealthCheck, given, settings
from sleuth_servers import RedisServer, uvicorn_server

from api.auth import hash_key
from api.container import Container
from api.main import create_app
from api.settings import ApiKeySpec

KEY = "schema-key"
Schema = schemathesis.BaseSchema


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> Iterator[Schema]:
    keys = {hash_key(KEY): ApiKeySpec(tenant="t", collections=["*"])}
    s = make_settings(tmp_path_factory.mktemp("schema"), redis_server.url, rate_per_minute=100_000, api_keys=keys)
    c = Container(s)
    seed(c, "handbook")
    with uvicorn_server(create_app(s, c)) as base:
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        yield schema.exclude(path_regex=r"/ask|/documents$", method="POST")
    c.close()


def test_api_conforms_to_its_openapi(api_schema: Schema) -> None:
    # schemathesis' pytest plugin does not load under pytest 9, so each operation runs its own hypothesis test.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"X-API-Key": KEY})

        run()
