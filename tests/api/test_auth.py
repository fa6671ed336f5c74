"""API keys: 401 without one, each tenant sees only its collections (404, never 403), per-key rate limits."""

from __future__ import annotations

import pytest
import redis
from apitest import seed
from fastapi.testclient import TestClient
from sleuth_servers import RedisServer

from api.auth import Principal
from api.errors import ApiError
from api.ratelimit import RateLimiter

ACME = {"Authorization": "Bearer acme-secret"}
GLOBEX = {"X-API-Key": "globex-secret"}


def test_a_key_is_required_when_keys_are_configured(auth_client: TestClient) -> None:
    r = auth_client.get("/v1/collections")
    assert r.status_code == 401 and r.json()["error"]["code"] == "missing_api_key"
    r = auth_client.get("/v1/collections", headers={"X-API-Key": "nope"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
    assert auth_client.get("/healthz").status_code == 200, "probes stay open"


def test_tenants_never_see_each_other(auth_client: TestClient) -> None:
    container = auth_client.app.state.services.container  # type: ignore[attr-defined]
    chunks = seed(container, "acme-docs")
    seed(container, "globex-docs", {"g.md": "Globex builds turbines."})
    assert auth_client.post("/v1/collections", json={"name": "acme-new"}, headers=ACME).status_code == 201
    r = auth_client.post("/v1/collections", json={"name": "acme-evil"}, headers=GLOBEX)
    assert r.status_code == 403 and r.json()["error"]["code"] == "collection_out_of_scope"

    def names(h: dict[str, str]) -> set[str]:
        return {c["name"] for c in auth_client.get("/v1/collections", headers=h).json()["collections"]}

    assert names(ACME) == {"acme-docs", "acme-new"}
    assert names(GLOBEX) == {"globex-docs"}

    missing = auth_client.get("/v1/collections/globex-missing", headers=GLOBEX)
    chunk = chunks[0].chunk_id
    probes = [
        ("GET", "/v1/collections/acme-docs", None),
        ("DELETE", "/v1/collections/acme-docs", None),
        ("GET", "/v1/collections/acme-docs/documents", None),
        ("DELETE", f"/v1/collections/acme-docs/documents/{chunks[0].doc_id}", None),
        ("POST", "/v1/collections/acme-docs/search", {"query": "Brightwell"}),
        ("GET", f"/v1/passages/{chunk}", None),
        ("GET", f"/v1/passages/{chunk}?collection=acme-docs", None),
    ]
    for method, path, body in probes:
        r = auth_client.request(method, path, json=body, headers=GLOBEX)
        assert r.status_code == 404, (method, path, r.text)
        if "/collections/" in path:
            assert r.json() == missing.json(), "another tenant's collection looks exactly like a missing one"

    ok = auth_client.get(f"/v1/passages/{chunk}", headers=ACME)
    assert ok.status_code == 200 and ok.json()["collection"] == "acme-docs"
    hits = auth_client.post("/v1/collections/acme-docs/search", json={"query": "Brightwell"}, headers=ACME)
    assert hits.status_code == 200 and hits.json()["hits"]
    assert container.catalog.exists("acme-docs"), "globex's DELETE must not have touched acme's collection"


def test_rate_limit_per_key_counted_in_redis(auth_client: TestClient) -> None:
    tiny = {"X-API-Key": "tiny-secret"}
    # 12 requests against a limit of 5 per minute: even if a window boundary falls inside, one window sees 6+.
    codes = [auth_client.get("/v1/collections", headers=tiny).status_code for _ in range(12)]
    assert 429 in codes and set(codes) <= {200, 429}
    limited = auth_client.get("/v1/collections", headers=tiny)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited" and int(limited.headers["Retry-After"]) >= 1
    assert auth_client.get("/v1/collections", headers=ACME).status_code == 200, "other keys are unaffected"
    container = auth_client.app.state.services.container  # type: ignore[attr-defined]
    assert isinstance(container.redis, redis.Redis)
    assert container.redis.keys("sleuth:rl:key:*"), "counters live in Redis, shared by replicas"


def test_rate_limit_counters_carry_the_deployment_prefix(redis_server: RedisServer) -> None:
    """Two deployments sharing one Redis (different SLEUTH_CACHE_PREFIX) keep separate budgets."""
    client = redis.Redis.from_url(redis_server.url)
    who = Principal(tenant="t", bucket="key:shared", patterns=None, rate_per_minute=1)
    blue, green = RateLimiter(client, prefix="blue"), RateLimiter(client, prefix="green")
    blue.check(who)
    green.check(who)  # its own window: not the blue deployment's second request
    with pytest.raises(ApiError) as limited:
        blue.check(who)
    assert limited.value.status == 429
    assert client.keys("blue:rl:key:shared:*") and client.keys("green:rl:key:shared:*")
