"""Redis stopped mid-run: the API keeps answering (uncached), /readyz says Redis is down, limits go in-process."""

from __future__ import annotations

from pathlib import Path

from apitest import make_settings, seed
from fastapi.testclient import TestClient
from sleuth_servers import RedisServer

from api.auth import hash_key
from api.container import Container
from api.main import create_app
from api.settings import ApiKeySpec


def test_service_survives_redis_dying(tmp_path: Path) -> None:
    server = RedisServer()
    server.start()
    keys = {hash_key("k"): ApiKeySpec(tenant="t", collections=["*"], rate_per_minute=40)}
    settings = make_settings(tmp_path, server.url, api_keys=keys)
    container = Container(settings)
    seed(container, "live")
    h = {"X-API-Key": "k"}
    query = {"query": "When was Brightwell Analytics acquired?", "k": 2}
    try:
        with TestClient(create_app(settings, container)) as client:
            before = client.post("/v1/collections/live/search", json=query, headers=h)
            assert before.status_code == 200
            server.stop()

            after = client.post("/v1/collections/live/search", json=query, headers=h)
            assert after.status_code == 200, after.text
            assert [x["chunk_id"] for x in after.json()["hits"]] == [x["chunk_id"] for x in before.json()["hits"]]

            ready = client.get("/readyz")
            assert ready.status_code == 200, "Redis is optional: degraded, still ready"
            body = ready.json()
            assert body["status"] == "degraded"
            assert body["checks"]["redis"]["status"] == "down" and body["checks"]["redis"]["error"]
            assert body["checks"]["dense"]["status"] == "ok"

            # Fail-open to an in-process limiter: the limit still holds with Redis gone.
            codes = [client.get("/v1/collections", headers=h).status_code for _ in range(90)]
            assert 429 in codes and codes[0] == 200
            metrics = client.get("/metrics").text
            assert 'sleuth_cache_requests_total{kind="search",outcome="error"}' in metrics
    finally:
        server.stop()
        container.close()
