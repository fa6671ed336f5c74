"""Health, readiness, collections, error shape, limits and metrics against the real app and real Redis."""

from __future__ import annotations

from importlib.metadata import version

from fastapi.testclient import TestClient


def test_healthz_and_readyz_name_every_backend(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "version": version("sleuth")}
    r = client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready"
    assert {k: v["status"] for k, v in body["checks"].items()} == {
        "catalog": "ok",
        "dense": "ok",
        "keyword": "ok",
        "redis": "ok",
    }


def test_collection_lifecycle(client: TestClient) -> None:
    r = client.post("/v1/collections", json={"name": "basics-one"})
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "basics-one" and r.json()["n_documents"] == 0
    names = [c["name"] for c in client.get("/v1/collections").json()["collections"]]
    assert "basics-one" in names
    assert client.get("/v1/collections/basics-one").json()["version"] == 0
    assert client.delete("/v1/collections/basics-one").status_code == 204
    r = client.get("/v1/collections/basics-one")
    assert r.status_code == 404
    assert r.json() == {"error": {"code": "collection_not_found", "message": "collection not found"}}


def test_errors_share_one_shape(client: TestClient) -> None:
    bad_name = client.post("/v1/collections", json={"name": "Bad Name!"})
    assert bad_name.status_code == 422
    assert bad_name.json()["error"]["code"] == "validation_error"
    assert bad_name.json()["error"]["details"][0]["loc"][-1] == "name"
    missing = client.get("/v1/no/such/route")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    empty = client.post("/v1/collections", json={"name": "basics-q"})
    assert empty.status_code == 201
    r = client.post("/v1/collections/basics-q/search", json={"query": "   "})
    assert r.status_code == 400 and r.json()["error"]["code"] == "empty_query"


def test_body_limit_is_413(client: TestClient) -> None:
    big = "x" * (client.app.state.services.container.settings.max_body_bytes + 1)  # type: ignore[attr-defined]
    r = client.post("/v1/collections/basics-q/search", content=f'{{"query": "{big}"}}'.encode())
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"


def test_metrics_count_requests(client: TestClient) -> None:
    client.get("/healthz")
    text = client.get("/metrics").text
    assert 'sleuth_http_requests_total{method="GET",route="/healthz",status="200"}' in text
    assert "sleuth_http_request_seconds_bucket" in text
